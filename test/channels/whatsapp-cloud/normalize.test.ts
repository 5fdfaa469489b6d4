import { describe, expect, it } from 'vitest';
import { senderOf } from '../../../src/channels/whatsapp/normalize';
import { cloudAccount, normalizeWebhook } from '../../../src/channels/whatsapp-cloud/normalize';
import {
  buttonReply,
  documentMessage,
  FAKE_PHONE_NUMBER_ID,
  imageMessage,
  listReply,
  statusUpdate,
  textMessage,
  type WebhookMessage,
  webhookBody,
} from '../../support/fake-graph-api';

const opts = {
  config: { ADMIN_WHATSAPP_NUMBERS: ['6281111111111'] },
  account: cloudAccount(FAKE_PHONE_NUMBER_ID),
  phoneNumberId: FAKE_PHONE_NUMBER_ID,
};
const from = '6281234567890';
const one = (m: WebhookMessage) => normalizeWebhook(webhookBody({ messages: [m] }), opts);
const inboundOf = (m: WebhookMessage) => {
  const r = one(m).events[0];
  if (r?.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(r)}`);
  return r.inbound;
};

describe('WhatsApp Cloud API normaliser', () => {
  it('keys a sender by phone number exactly as the baileys transport does (one contact)', () => {
    const r = one(textMessage(from, 'halo')).events[0]!;
    const baileys = senderOf({ remoteJid: `${from}@s.whatsapp.net`, id: 'X' })!;
    expect(r.key.userKey).toBe(baileys.userKey);
    expect(r.key.chat).toBe(from);
    expect(r.key.channel).toBe('whatsapp');
    // A separate inbox scope, so a wamid never collides with a baileys message id.
    expect(r.key.account).toBe(`cloud:${FAKE_PHONE_NUMBER_ID}`);
  });

  it('reads text, with the message id as the deduplication key and Meta time as the order', () => {
    const m = textMessage(from, 'apakah PNS boleh like postingan capres?', { timestamp: '1732530000' });
    const r = one(m).events[0]!;
    expect(r.key.eventId).toBe(m.id);
    expect(r.key.seq).toBe(1732530000 * 1000);
    const inbound = inboundOf(m);
    expect(inbound).toMatchObject({
      channel: 'whatsapp',
      userKey: `whatsapp:${from}`,
      messageId: m.id,
      text: 'apakah PNS boleh like postingan capres?',
      isAdmin: false,
      sentAtMs: 1732530000 * 1000,
    });
    expect(inboundOf(textMessage('6281111111111', 'menu')).isAdmin).toBe(true);
  });

  it('reads button and list replies as the choice id', () => {
    expect(inboundOf(buttonReply(from, 'report:confirm', 'Kirim')).choice).toBe('report:confirm');
    expect(inboundOf(listReply(from, 'm:report', 'Laporkan pelanggaran')).choice).toBe('m:report');
    const m: WebhookMessage = {
      ...textMessage(from, ''),
      type: 'button',
      button: { text: 'Berhenti', payload: 'x' },
    };
    expect(inboundOf(m).text).toBe('Berhenti');
  });

  it('reads images and documents as media references resolved later, with the caption as text', () => {
    const img = inboundOf(imageMessage(from, 'media-1', 'lihat ini'));
    expect(img.media).toEqual({ kind: 'image', mime: 'image/jpeg', ref: { mediaId: 'media-1', chat: from } });
    expect(img.text).toBe('lihat ini');
    const doc = inboundOf(documentMessage(from, 'media-2', 'bukti.pdf', 'application/pdf'));
    expect(doc.media).toMatchObject({ kind: 'document', fileName: 'bukti.pdf', ref: { mediaId: 'media-2' } });
    expect(doc.text).toBeUndefined();
  });

  it('marks forwarded messages so Q&A checks them as claims', () => {
    const fwd = inboundOf(textMessage(from, 'BREAKING: TPS dipindah!', { context: { forwarded: true } }));
    expect(fwd.context).toEqual({ forwardedFrom: 'whatsapp' });
    const often = inboundOf(textMessage(from, 'sebarkan', { context: { frequently_forwarded: true } }));
    expect(often.context).toEqual({ forwardedFrom: 'whatsapp' });
    // A reply to one of our messages is not a forward.
    expect(
      inboundOf(textMessage(from, 'ya', { context: { from: '1555', id: 'wamid.X' } })).context,
    ).toBeUndefined();
  });

  it('reads a shared location as its place and coordinates', () => {
    const m: WebhookMessage = {
      ...textMessage(from, ''),
      type: 'location',
      location: { latitude: -7.7956, longitude: 110.3695, name: 'Balai Desa', address: 'Jl. Malioboro' },
    };
    expect(inboundOf(m).text).toBe('Balai Desa, Jl. Malioboro (-7.795600, 110.369500)');
    const bare: WebhookMessage = {
      ...textMessage(from, ''),
      type: 'location',
      location: { latitude: 1, longitude: 2 },
    };
    expect(inboundOf(bare).text).toBe('1.000000, 2.000000');
  });

  it('answers unsupported kinds, and ignores reactions and system notices, as the baileys channel does', () => {
    for (const type of ['audio', 'video', 'sticker', 'contacts', 'unsupported']) {
      const r = one({ ...textMessage(from, ''), type }).events[0];
      expect(r, type).toMatchObject({ kind: 'reply', copy: 'whatsapp.cloud_unsupported' });
    }
    const reaction = one({
      ...textMessage(from, ''),
      type: 'reaction',
      reaction: { message_id: 'x', emoji: '👍' },
    });
    expect(reaction.events).toEqual([]);
    expect(reaction.ignored).toEqual([{ reason: 'reaction' }]);
    const system = one({ ...textMessage(from, ''), type: 'system', system: { body: 'changed number' } });
    expect(system.events).toEqual([]);
  });

  it('ignores what it cannot read, and changes for another number, without failing the body', () => {
    const bad = normalizeWebhook(
      webhookBody({ messages: [{ from: 'x', id: 'a', type: 'text' }, textMessage(from, 'ok')] }),
      opts,
    );
    expect(bad.events).toHaveLength(1);
    expect(bad.ignored).toEqual([{ reason: 'unknown sender' }]);
    const other = normalizeWebhook(webhookBody({ messages: [textMessage(from, 'x')] }, '999999'), opts);
    expect(other.events).toEqual([]);
    expect(normalizeWebhook({ nonsense: true }, opts).events).toEqual([]);
    expect(normalizeWebhook(null, opts).events).toEqual([]);
  });

  it('reads delivery statuses with their error code', () => {
    const body = webhookBody({
      statuses: [statusUpdate('wamid.A', 'delivered', from), statusUpdate('wamid.B', 'failed', from, 131050)],
    });
    const r = normalizeWebhook(body, opts);
    expect(r.statuses).toMatchObject([
      { wamid: 'wamid.A', status: 'delivered', recipient: from },
      { wamid: 'wamid.B', status: 'failed', error: { code: 131050 } },
    ]);
  });
});
