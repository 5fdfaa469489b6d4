import type { WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import type { Normalized } from '../../../src/channels/channel';
import {
  jidOfExternalId,
  messageFromJson,
  normalizeMessage,
  senderOf,
} from '../../../src/channels/whatsapp/normalize';
import { parseConfig } from '../../../src/config';
import { fixtures, LID, LID_JID, PHONE, PN_JID } from '../../fixtures/whatsapp/messages';

const config = parseConfig({ ADMIN_WHATSAPP_NUMBERS: '+6289999999999' });
const account = 'default';
const norm = (m: WAMessage) => normalizeMessage(m, { config, account });
const inbound = (n: Normalized) => {
  if (n.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(n)}`);
  return n.inbound;
};
/** The baileys message a stored media reference gives back to the downloader. */
const stored = (n: Normalized) => messageFromJson(JSON.parse(JSON.stringify(inbound(n).media!.ref.message)));
const jidOf = (n: Normalized) => (n.kind === 'ignore' ? undefined : jidOfExternalId(n.key.chat));

describe('WhatsApp normaliser', () => {
  it('reads plain and extended text, without the quoted message', () => {
    const m = fixtures.text();
    const i = inbound(norm(m));
    expect(i).toMatchObject({
      channel: 'whatsapp',
      userKey: `whatsapp:${PHONE}`,
      messageId: m.key.id,
      text: 'halo bot',
      isAdmin: false,
    });
    expect(new Date(i.sentAtMs!).toISOString()).toBe('2025-11-25T12:00:00.000Z');
    expect(inbound(norm(fixtures.extendedWithQuote())).text).toBe('ini benar tidak?');
    expect(inbound(norm(fixtures.extendedWithQuote())).context).toBeUndefined();
  });

  it('marks a forwarded text, so Q&A checks it as a claim', () => {
    const i = inbound(norm(fixtures.forwarded()));
    expect(i.text).toContain('KPU tidak kirim undangan');
    expect(i.context).toEqual({ forwardedFrom: 'whatsapp' });
  });

  it('turns an image with caption into media plus text, a reference that survives the inbox', () => {
    const n = norm(fixtures.imageWithCaption());
    const i = inbound(n);
    expect(i.text).toBe('Lihat ini #Pemilu2024');
    expect(i.media).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: 48213 });
    const back = stored(n);
    expect(back.message?.imageMessage?.caption).toBe('Lihat ini #Pemilu2024');
    // The media key comes back as bytes, so the download can still decrypt.
    expect(Buffer.isBuffer(back.message?.imageMessage?.mediaKey)).toBe(true);
  });

  it('reads a document with its file name and announced size', () => {
    const i = inbound(norm(fixtures.document()));
    expect(i.text).toBeUndefined();
    expect(i.media).toMatchObject({
      kind: 'document',
      mime: 'application/pdf',
      size: 102400,
      fileName: 'surat-edaran.pdf',
    });
  });

  it.each([
    ['ephemeral', 'pesan sementara', undefined],
    ['viewOnce', 'sekali lihat', 'image'],
    ['viewOnceV2', 'sekali lihat v2', 'image'],
    ['viewOnceV2Extension', 'ext', 'image'],
    ['documentWithCaption', 'ini buktinya', 'document'],
    ['edited', 'menu (diedit)', undefined],
    ['ephemeralViewOnce', 'dua lapis', 'image'],
  ] as const)('unwraps %s', (name, text, kind) => {
    const n = norm(fixtures[name]());
    const i = inbound(n);
    expect(i.text).toBe(text);
    expect(i.media?.kind).toBe(kind);
    if (kind) {
      // baileys' download gets the media node without the wrapper.
      const passed = stored(n).message!;
      expect(passed.imageMessage ?? passed.documentMessage).toBeTruthy();
    }
  });

  it.each([
    ['group', 'group'],
    ['status', 'status'],
    ['newsletter', 'newsletter'],
    ['broadcastList', 'broadcast list'],
    ['own', 'own message'],
    ['reaction', 'reactionMessage'],
    ['protocolRevoke', 'protocolMessage'],
  ] as const)('ignores %s', (name, reason) => {
    expect(norm(fixtures[name]())).toEqual({ kind: 'ignore', reason });
  });

  it.each(['sticker', 'voiceNote', 'videoNote', 'location', 'contact', 'poll'] as const)(
    'marks %s as unsupported (answered with a hint, never downloaded)',
    (name) => {
      const n = norm(fixtures[name]());
      expect(n).toMatchObject({
        kind: 'reply',
        key: { userKey: `whatsapp:${PHONE}` },
        copy: 'whatsapp.unsupported',
      });
      expect(jidOf(n)).toBe(PN_JID);
    },
  );

  it('keys a person by phone number when known, even when the chat is addressed by LID', () => {
    expect(inbound(norm(fixtures.lidWithAlt())).userKey).toBe(`whatsapp:${PHONE}`);
    const n = norm(fixtures.lidWithAlt());
    expect(jidOf(n)).toBe(PN_JID);
    expect(inbound(norm(fixtures.pnWithDevice())).userKey).toBe(`whatsapp:${PHONE}`);
  });

  it('falls back to the LID when no phone number is known, and replies go to the LID', () => {
    const n = norm(fixtures.lidOnly());
    expect(inbound(n).userKey).toBe(`whatsapp:${LID}@lid`);
    expect(jidOf(n)).toBe(LID_JID);
    expect(jidOfExternalId(`${LID}@lid`)).toBe(LID_JID);
    expect(jidOfExternalId(PHONE)).toBe(PN_JID);
    expect(senderOf({ remoteJid: 'garbage' })).toBeUndefined();
  });

  it('marks admins by configured phone number only', () => {
    const admin = normalizeMessage(fixtures.text(), {
      config: parseConfig({ ADMIN_WHATSAPP_NUMBERS: `+${PHONE}, 62811` }),
      account,
    });
    expect(inbound(admin).isAdmin).toBe(true);
    const lidOnly = normalizeMessage(fixtures.lidOnly(), {
      config: parseConfig({ ADMIN_WHATSAPP_NUMBERS: LID }),
      account,
    });
    expect(inbound(lidOnly).isAdmin).toBe(false);
  });

  it('never throws on a message without content or key', () => {
    expect(norm({ key: { remoteJid: PN_JID, id: 'X', fromMe: false } })).toEqual({
      kind: 'ignore',
      reason: 'no content',
    });
    expect(norm({ key: {} })).toEqual({ kind: 'ignore', reason: 'no chat' });
    expect(norm({ key: { remoteJid: PN_JID, fromMe: false }, message: { conversation: 'x' } })).toEqual({
      kind: 'ignore',
      reason: 'no message id',
    });
  });
});
