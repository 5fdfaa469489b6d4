import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../../src/channels/telegram/sender';
import {
  isEditableSender,
  OutcomeUnknownError,
  RetryLaterError,
  UnreachableError,
} from '../../../src/core/send';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api';

describe('Telegram sender against the fake Bot API', () => {
  let api: FakeBotApi;
  let sender: ReturnType<typeof createTelegramSender>;
  beforeAll(async () => {
    api = await startFakeBotApi();
    const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot, webhookReply: false } });
    sender = createTelegramSender(bot.telegram, { backoffMs: 10, networkRetries: 2, maxWaitMs: 1500 });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is an EditableSender: post returns the message id, edit changes that message', async () => {
    expect(isEditableSender(sender)).toBe(true);
    const ref = await sender.post('301', { text: 'Terkirim *0* dari 10' });
    const sent = api.callsOf('sendMessage', 301)[0]!;
    expect(sent.params.text).toBe('Terkirim <b>0</b> dari 10');
    expect(ref).toMatch(/^\d+$/);
    await sender.edit('301', ref, { text: 'Terkirim *10* dari 10 <selesai>' });
    const edit = api.callsOf('editMessageText', 301)[0]!;
    expect(edit.params).toMatchObject({
      message_id: Number(ref),
      text: 'Terkirim <b>10</b> dari 10 &lt;selesai&gt;',
      parse_mode: 'HTML',
    });
    // "message is not modified" is not an error for a progress message.
    api.failNext('editMessageText', {
      kind: 'error',
      code: 400,
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same',
    });
    await expect(sender.edit('301', ref, { text: 'same' })).resolves.toBeUndefined();
  });

  it('turns 403 blocked, deactivated and chat-not-found into UnreachableError', async () => {
    api.failNext('sendMessage', { kind: 'blocked' }, { chatId: 302 });
    await expect(sender.send('302', [{ text: 'x' }])).rejects.toBeInstanceOf(UnreachableError);
    api.failNext('sendMessage', { kind: 'forbidden', description: 'Forbidden: user is deactivated' });
    await expect(sender.send('303', [{ text: 'x' }])).rejects.toMatchObject({
      reason: 'user is deactivated',
    });
    api.failNext('sendMessage', { kind: 'error', code: 400, description: 'Bad Request: chat not found' });
    await expect(sender.send('304', [{ text: 'x' }])).rejects.toBeInstanceOf(UnreachableError);
  });

  it('hands back to the outbox when retry_after exceeds the wait budget, or the network stays down', async () => {
    api.failNext('sendMessage', { kind: 'retry', retryAfter: 30 }, { chatId: 305 });
    const err = await sender.send('305', [{ text: 'x' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(30_000);

    // The socket died after the request went out: maybe delivered. Replies retry it later (at
    // least once); broadcasts record it as unknown and never resend (at most once).
    api.failNext('sendMessage', { kind: 'network' }, { chatId: 306, times: 3 });
    await expect(sender.send('306', [{ text: 'x' }])).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(api.callsOf('sendMessage', 306).map((c) => c.outcome)).toEqual(['network', 'network', 'network']);

    api.failNext('sendMessage', { kind: 'error', code: 502, description: 'Bad Gateway' }, { chatId: 307 });
    await sender.send('307', [{ text: 'x' }]);
    expect(api.callsOf('sendMessage', 307).map((c) => c.outcome)).toEqual(['error', 'ok']);
  });

  it('shows "typing" before a message that asks for it, and uploads media with a caption', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex').toString('base64');
    await sender.send('308', [
      { text: 'Sebentar, saya baca gambarnya…', typing: true },
      { text: '*Bukti*', media: { kind: 'image', mime: 'image/png', fileName: 'b.png', base64: png } },
    ]);
    const calls = api.calls.filter((c) => String(c.params.chat_id) === '308').map((c) => c.method);
    expect(calls).toEqual(['sendChatAction', 'sendMessage', 'sendPhoto']);
    const photo = api.callsOf('sendPhoto', 308)[0]!;
    expect(photo.params).toMatchObject({ caption: '<b>Bukti</b>', parse_mode: 'HTML' });
    expect(photo.files.photo?.fileName).toBe('b.png');
  });

  it('falls back to plain text if Telegram cannot parse our HTML', async () => {
    api.failNext('sendMessage', {
      kind: 'error',
      code: 400,
      description: "Bad Request: can't parse entities: unsupported start tag",
    });
    await sender.send('309', [{ text: '*tebal*' }]);
    const calls = api.callsOf('sendMessage', 309);
    expect(calls.map((c) => [c.params.text, c.params.parse_mode])).toEqual([
      ['<b>tebal</b>', 'HTML'],
      ['tebal', undefined],
    ]);
  });
});
