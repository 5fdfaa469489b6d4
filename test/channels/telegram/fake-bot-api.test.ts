import { Input, Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('fake Bot API with the real telegraf client', () => {
  let api: FakeBotApi;
  beforeEach(async () => {
    api = await startFakeBotApi({ maxPollMs: 200 });
  });
  afterEach(async () => {
    await api.close();
  });

  it('serves polling: getMe, deleteWebhook, getUpdates batches with offsets', async () => {
    const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot, webhookReply: false } });
    const seen: number[] = [];
    bot.on('message', (ctx) => {
      seen.push(ctx.update.update_id);
    });
    const launched = new Promise<void>((resolve) => void bot.launch({ dropPendingUpdates: false }, resolve));
    await launched;
    api.pushUpdates(
      {
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 7, type: 'private' },
          from: { id: 7, is_bot: false, first_name: 'A' },
          text: 'a',
        },
      },
      {
        message: {
          message_id: 2,
          date: 1,
          chat: { id: 7, type: 'private' },
          from: { id: 7, is_bot: false, first_name: 'A' },
          text: 'b',
        },
      },
    );
    await api.waitUntil(() => seen.length === 2);
    bot.stop();
    expect(seen).toEqual([1, 2]);
    expect(api.calls.slice(0, 3).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    const polls = api.callsOf('getUpdates');
    // Both updates were answered in one batch, and the next poll confirmed them.
    await api.waitUntil(() => api.callsOf('getUpdates').some((c) => c.params.offset === 3));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(api.pendingUpdates).toBe(0);
  });

  it('records JSON and multipart calls, injects 429, 403 and network errors per chat', async () => {
    const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot } });
    api.failNext('sendMessage', { kind: 'retry', retryAfter: 3 }, { chatId: 5 });
    api.failNext('sendMessage', { kind: 'blocked' }, { chatId: 6 });
    api.failNext('sendMessage', { kind: 'network' });
    await expect(bot.telegram.sendMessage(5, 'x')).rejects.toMatchObject({
      response: { error_code: 429, parameters: { retry_after: 3 } },
    });
    await expect(bot.telegram.sendMessage(6, 'x')).rejects.toMatchObject({
      response: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    await expect(bot.telegram.sendMessage(8, 'x')).rejects.toThrow();
    const ok = await bot.telegram.sendMessage(5, 'hello', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
    expect(ok.text).toBe('hello');
    const photo = await bot.telegram.sendPhoto(5, Input.fromBuffer(Buffer.from(PNG), 'p.png'), {
      caption: 'cap',
      reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    expect(photo.message_id).toBeGreaterThan(0);
    const call = api.callsOf('sendPhoto')[0]!;
    expect(call.params).toMatchObject({
      chat_id: '5',
      caption: 'cap',
      reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    expect(call.files.photo?.bytes).toEqual(PNG);
    expect(api.callsOf('sendMessage').map((c) => c.outcome)).toEqual(['retry', 'blocked', 'network', 'ok']);
    expect(api.sentTexts(5)).toEqual(['hello', 'cap']);
  });

  it('serves getFile and the file download path', async () => {
    const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot } });
    api.registerFile('f1', PNG, { filePath: 'photos/f1.png' });
    const link = await bot.telegram.getFileLink('f1');
    const bytes = new Uint8Array(await (await fetch(link)).arrayBuffer());
    expect(bytes).toEqual(PNG);
    expect(api.fileRequests).toEqual(['photos/f1.png']);
    await expect(bot.telegram.getFile('nope')).rejects.toMatchObject({ response: { error_code: 400 } });
  });
});
