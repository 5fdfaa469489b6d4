import type { WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it, vi } from 'vitest';
import {
  jidOfExternalId,
  type Normalized,
  normalizeMessage,
  senderOf,
} from '../../../src/channels/whatsapp/normalize';
import { parseConfig } from '../../../src/config';
import { fixtures, LID, LID_JID, PHONE, PN_JID } from '../../fixtures/whatsapp/messages';

const config = parseConfig({ ADMIN_WHATSAPP_NUMBERS: '+6289999999999' });
const bytes = new Uint8Array([1, 2, 3]);
const download = vi.fn(async (_m: WAMessage) => bytes);
const norm = (m: WAMessage) => normalizeMessage(m, { config, download });
const inbound = (n: Normalized) => {
  if (n.kind !== 'inbound') throw new Error(`expected inbound, got ${JSON.stringify(n)}`);
  return n.inbound;
};

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
    expect(i.receivedAt?.toISOString()).toBe('2025-11-25T12:00:00.000Z');
    expect(inbound(norm(fixtures.extendedWithQuote())).text).toBe('ini benar tidak?');
    expect(inbound(norm(fixtures.extendedWithQuote())).context).toBeUndefined();
  });

  it('marks a forwarded text, so Q&A checks it as a claim', () => {
    const i = inbound(norm(fixtures.forwarded()));
    expect(i.text).toContain('KPU tidak kirim undangan');
    expect(i.context).toEqual({ forwardedFrom: 'whatsapp' });
  });

  it('turns an image with caption into media plus text, fetched only on demand', async () => {
    download.mockClear();
    const i = inbound(norm(fixtures.imageWithCaption()));
    expect(i.text).toBe('Lihat ini #Pemilu2024');
    expect(i.media).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: 48213 });
    expect(download).not.toHaveBeenCalled();
    expect(await i.media!.fetch()).toBe(bytes);
    expect(download).toHaveBeenCalledTimes(1);
    expect(download.mock.calls[0]![0].message?.imageMessage?.caption).toBe('Lihat ini #Pemilu2024');
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
  ] as const)('unwraps %s', async (name, text, kind) => {
    download.mockClear();
    const i = inbound(norm(fixtures[name]()));
    expect(i.text).toBe(text);
    expect(i.media?.kind).toBe(kind);
    if (kind) {
      await i.media!.fetch();
      // baileys' download gets the media node without the wrapper.
      const passed = download.mock.calls[0]![0].message!;
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
    expect(norm(fixtures[name]())).toEqual({ kind: 'ignored', reason });
  });

  it.each(['sticker', 'voiceNote', 'videoNote', 'location', 'contact', 'poll'] as const)(
    'marks %s as unsupported (answered with a hint, never downloaded)',
    (name) => {
      download.mockClear();
      const n = norm(fixtures[name]());
      expect(n).toMatchObject({ kind: 'unsupported', userKey: `whatsapp:${PHONE}`, jid: PN_JID });
      expect(download).not.toHaveBeenCalled();
    },
  );

  it('keys a person by phone number when known, even when the chat is addressed by LID', () => {
    expect(inbound(norm(fixtures.lidWithAlt())).userKey).toBe(`whatsapp:${PHONE}`);
    const n = norm(fixtures.lidWithAlt());
    expect(n.kind === 'inbound' && n.jid).toBe(PN_JID);
    expect(inbound(norm(fixtures.pnWithDevice())).userKey).toBe(`whatsapp:${PHONE}`);
  });

  it('falls back to the LID when no phone number is known, and replies go to the LID', () => {
    const n = norm(fixtures.lidOnly());
    expect(inbound(n).userKey).toBe(`whatsapp:${LID}@lid`);
    expect(n.kind === 'inbound' && n.jid).toBe(LID_JID);
    expect(jidOfExternalId(`${LID}@lid`)).toBe(LID_JID);
    expect(jidOfExternalId(PHONE)).toBe(PN_JID);
    expect(senderOf({ remoteJid: 'garbage' })).toBeUndefined();
  });

  it('marks admins by configured phone number only', () => {
    const admin = normalizeMessage(fixtures.text(), {
      config: parseConfig({ ADMIN_WHATSAPP_NUMBERS: `+${PHONE}, 62811` }),
      download,
    });
    expect(inbound(admin).isAdmin).toBe(true);
    const lidOnly = normalizeMessage(fixtures.lidOnly(), {
      config: parseConfig({ ADMIN_WHATSAPP_NUMBERS: LID }),
      download,
    });
    expect(inbound(lidOnly).isAdmin).toBe(false);
  });

  it('never throws on a message without content or key', () => {
    expect(norm({ key: { remoteJid: PN_JID, id: 'X', fromMe: false } })).toEqual({
      kind: 'ignored',
      reason: 'no content',
    });
    expect(norm({ key: {} })).toEqual({ kind: 'ignored', reason: 'no chat' });
    expect(norm({ key: { remoteJid: PN_JID, fromMe: false }, message: { conversation: 'x' } })).toEqual({
      kind: 'ignored',
      reason: 'no message id',
    });
  });
});
