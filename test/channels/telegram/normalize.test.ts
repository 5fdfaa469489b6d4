import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Normalized } from '../../../src/channels/channel';
import {
  type NormalizeOptions,
  normalizeUpdate,
  TELEGRAM_DOWNLOAD_LIMIT,
  type TgUpdate,
} from '../../../src/channels/telegram/normalize';

const DIR = join(import.meta.dirname, '../../fixtures/telegram');
const fixture = (name: string) => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as TgUpdate;

const opts: NormalizeOptions = {
  botId: 123456,
  botUsername: 'PantauNetralBot',
  adminIds: ['1001'],
  downloadLimit: TELEGRAM_DOWNLOAD_LIMIT,
  deepLink: (payload) => (payload === 'lapor' ? 'lapor' : undefined),
};

const norm = (name: string, o: Partial<NormalizeOptions> = {}) =>
  normalizeUpdate(fixture(name), { ...opts, ...o });

function inbound(n: Normalized) {
  if (n.kind !== 'message') throw new Error(`expected a message, got ${n.kind}`);
  return n.inbound;
}

describe('normalizeUpdate (fixtures from the Bot API reference)', () => {
  it('text: user key, event id from chat and message id (scoped by the bot), update_id as order', () => {
    const n = norm('text');
    expect(n).toMatchObject({
      kind: 'message',
      key: { channel: 'telegram', account: '123456', chat: '1001', userKey: 'telegram:1001', seq: 500001 },
    });
    expect(inbound(n)).toMatchObject({
      channel: 'telegram',
      userKey: 'telegram:1001',
      messageId: expect.stringMatching(/^m1001:\d+$/),
      text: 'boleh gak PNS like postingan capres?',
      locale: 'id',
      isAdmin: true,
    });
    expect(inbound(norm('text', { adminIds: ['9'] })).isAdmin).toBeUndefined();
  });

  it('commands pass as text; a deep link maps its payload, an unknown one falls back to /start', () => {
    expect(inbound(norm('command-start')).text).toBe('/start');
    expect(inbound(norm('deep-link-start')).text).toBe('lapor');
    expect(inbound(norm('deep-link-start', { deepLink: () => undefined })).text).toBe('/start');
  });

  it('photo: the largest size as a file id reference (stored, read later), caption as text', () => {
    const i = inbound(norm('photo-caption'));
    expect(i.text).toBe('Kepala dinas ikut kampanye <b>kemarin</b>');
    expect(i.media).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: 61234 });
    expect(i.media?.ref).toEqual({ fileId: 'AgACAgQAAxkBAAIBlarge', chat: '1001' });
    // Plain data: it survives the inbox's jsonb.
    expect(JSON.parse(JSON.stringify(i))).toEqual(i);
  });

  it('documents: a PDF is a document, a PNG sent as a file is an image; video is kept as video', () => {
    expect(inbound(norm('document-pdf')).media).toMatchObject({
      kind: 'document',
      mime: 'application/pdf',
      fileName: 'surat-edaran.pdf',
      size: 48213,
    });
    const img = inbound(norm('document-image'));
    expect(img.media).toMatchObject({ kind: 'image', mime: 'image/png', fileName: 'screenshot.png' });
    expect(img.text).toBe('tangkapan layar');
    expect(inbound(norm('video')).media).toMatchObject({ kind: 'video', size: 1500000 });
  });

  it('a file over the Bot API download limit is answered at once, with no download', () => {
    const n = norm('photo-oversize');
    expect(n).toMatchObject({
      kind: 'reply',
      copy: 'core.file_too_big',
      vars: { size: '25 MB', max: '20 MB' },
    });
    // A local Bot API server has no such limit: the engine's own caps decide.
    expect(inbound(norm('photo-oversize', { downloadLimit: undefined })).media?.size).toBe(25 * 1024 * 1024);
  });

  it('forwarded messages keep where they came from', () => {
    expect(inbound(norm('forwarded-channel')).context?.forwardedFrom).toBe(
      'channel Info Pemilu Terkini (@infopemiluterkini) https://t.me/infopemiluterkini/4521',
    );
    expect(inbound(norm('forwarded-hidden-user')).context?.forwardedFrom).toBe('user Budi Santoso');
  });

  it('callback queries: valid data becomes a choice; anything else is forged', () => {
    const n = norm('callback-query');
    expect(n).toMatchObject({
      kind: 'message',
      key: { chat: '1001', eventId: 'cb4382bfdwdsb323b2d9' },
      after: { callbackQueryId: '4382bfdwdsb323b2d9' },
    });
    expect(inbound(n)).toMatchObject({
      choice: 'core:language',
      messageId: 'cb4382bfdwdsb323b2d9',
      userKey: 'telegram:1001',
    });
    const forged = {
      callbackQueryId: '4382bfdwdsb323b2e0',
      answer: 'telegram.callback_invalid',
      locale: 'id',
    };
    expect(norm('callback-forged')).toEqual({ kind: 'ignore', reason: 'forged callback', after: forged });
    expect(norm('callback-without-message')).toMatchObject({ kind: 'ignore', reason: 'forged callback' });
    const long = fixture('callback-query');
    long.callback_query!.data = 'x'.repeat(65);
    expect(normalizeUpdate(long, opts)).toMatchObject({ kind: 'ignore', reason: 'forged callback' });
  });

  it('kinds we cannot read get the short "text, photos and documents" reply', () => {
    for (const name of ['sticker', 'voice', 'video-note', 'location', 'contact', 'poll-message']) {
      expect(norm(name), name).toMatchObject({
        kind: 'reply',
        key: { chat: '1001' },
        copy: 'telegram.unsupported',
      });
    }
    expect(norm('edited-message')).toMatchObject({ kind: 'reply', copy: 'telegram.edited' });
  });

  it('groups: silent unless addressed, and then only "message me privately"', () => {
    for (const name of ['group-mention', 'group-command', 'group-reply-to-bot']) {
      expect(norm(name), name).toMatchObject({
        kind: 'reply',
        key: { chat: '-1002003004005', userKey: 'telegram:chat-1002003004005' },
        copy: 'telegram.group_private',
        vars: { bot: 'PantauNetralBot' },
      });
    }
    for (const name of ['group-plain', 'group-command-other-bot', 'group-photo', 'new-chat-members']) {
      expect(norm(name).kind, name).toBe('ignore');
    }
  });

  it('my_chat_member tracks block and unblock in private chats only', () => {
    expect(norm('my-chat-member-kicked')).toMatchObject({
      kind: 'membership',
      key: { chat: '1001' },
      reachable: false,
    });
    expect(norm('my-chat-member-member')).toMatchObject({ kind: 'membership', reachable: true });
    expect(norm('my-chat-member-group-added').kind).toBe('ignore');
  });

  it('never throws: every fixture, channel posts, polls, bots and unknown update types', () => {
    for (const name of ['channel-post', 'poll-update', 'from-bot'])
      expect(norm(name).kind, name).toBe('ignore');
    expect(normalizeUpdate({ update_id: 1, message_reaction: { x: 1 } }, opts).kind).toBe('ignore');
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(() => norm(f.replace(/\.json$/, ''))).not.toThrow();
    }
  });
});
