import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFlows } from '../../../flows/index';
import { toHtml } from '../../../src/channels/telegram/render';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { findContact } from '../../../src/db/contacts';
import { telegramTestFlows } from '../../fixtures/telegram-flows';
import { backends } from '../../support/db';
import { postWebhookUpdate } from '../../support/fake-bot-api';
import {
  callbackUpdate,
  photoUpdate,
  startTelegramHarness,
  type TelegramHarness,
  textUpdate,
  WEBHOOK_SECRET,
} from '../../support/telegram';

// The fixture stands in for some real flows (e.g. `siaran`): its version replaces ours, and comes
// first so its triggers win over the admin guard's.
const flows = [
  ...telegramTestFlows,
  ...allFlows.filter((f) => !telegramTestFlows.some((x) => x.name === f.name)),
];
const ADMIN = 4242;

describe.each(backends)('Telegram bot in polling mode against the fake Bot API (%s)', (backend) => {
  let h: TelegramHarness;
  let png: Buffer;
  beforeAll(async () => {
    h = await startTelegramHarness({
      backend,
      mode: 'polling',
      flows,
      env: { ADMIN_TELEGRAM_IDS: String(ADMIN) },
    });
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Delivers updates from `chat` and waits until `count` more messages reached it. */
  async function exchange(chat: number, count: number, ...updates: Record<string, unknown>[]) {
    const before = h.api.sentTexts(chat).length;
    await h.deliver(...updates);
    await h.api.waitUntil(() => h.api.sentTexts(chat).length >= before + count, 10_000, `${count} replies`);
    await h.app.dispatcher.idle();
    return h.api.sentTexts(chat).slice(before);
  }

  it('starts polling and registers the command menu in Indonesian and English', async () => {
    await h.api.waitForCalls('getUpdates', 1);
    const methods = h.api.calls.map((c) => c.method);
    expect(methods.slice(0, 6)).toEqual([
      'getMe',
      'setMyCommands',
      'setMyCommands',
      'setMyCommands',
      'setMyCommands',
      'deleteWebhook',
    ]);
    expect(methods).toContain('getUpdates');
    const id = h.api.commands.get('');
    const en = h.api.commands.get('en');
    expect(id?.map((c) => c.command)).toEqual([
      'start',
      'menu',
      'lapor',
      'cek',
      'bantuan',
      'bahasa',
      'batal',
      'privasi',
      'hapusdata',
    ]);
    expect(en?.map((c) => c.command)).toEqual([
      'start',
      'menu',
      'report',
      'status',
      'help',
      'language',
      'cancel',
      'privacy',
      'deletedata',
    ]);
    expect(id?.[2]?.description).toBe(t('telegram.cmd_lapor', 'id'));
    // Admins see the admin commands in their own chat only.
    expect(h.api.commands.get(`chat:${ADMIN}`)?.map((c) => c.command)).toEqual([
      ...(id ?? []).map((c) => c.command),
      'siaran',
      'laporan',
    ]);
    expect(h.api.commands.get(`chat:${ADMIN}|en`)?.find((c) => c.command === 'siaran')).toEqual({
      command: 'siaran',
      description: t('telegram.cmd_siaran', 'en'),
    });
    expect(en?.[0]?.description).toBe(t('telegram.cmd_start', 'en'));
  });

  it('carries a whole conversation: /start, menu buttons, language switch, a photo, /menu', async () => {
    const u = 101;
    const welcome = await exchange(u, 2, textUpdate(u, '/start'));
    expect(welcome).toEqual([toHtml(t('core.welcome', 'id')), toHtml(t('core.menu', 'id'))]);
    const menuCall = h.api.callsOf('sendMessage', u).at(-1)!;
    expect(menuCall.params.parse_mode).toBe('HTML');
    const buttons = (
      menuCall.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard
      .flat()
      .map((b) => b.callback_data);
    expect(buttons).toEqual([
      'm:bukti',
      'm:qa',
      'm:report',
      'm:hoax',
      'm:status',
      'm:subscribe',
      'core:help',
      'core:language',
    ]);

    const lang = callbackUpdate(u, 'core:language');
    const switched = await exchange(u, 2, lang);
    expect(switched).toEqual([toHtml(t('core.language_set', 'en')), toHtml(t('core.menu', 'en'))]);
    const cqId = (lang.callback_query as { id: string }).id;
    await h.api.waitUntil(() =>
      h.api.callsOf('answerCallbackQuery').some((c) => c.params.callback_query_id === cqId),
    );
    const answer = h.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === cqId)!;
    expect(answer.params.text).toBeUndefined();

    expect(await exchange(u, 1, callbackUpdate(u, 'm:bukti'))).toEqual(['Kirim foto buktinya.']);
    h.api.registerFile('photo-101', png, { filePath: 'photos/file_101.jpg' });
    const got = await exchange(u, 1, photoUpdate(u, 'photo-101', png.length, 'Camat <i>kampanye</i>'));
    expect(got[0]).toMatch(new RegExp(`^diterima image/png ${png.length} [0-9a-f]{12}\\n`));
    expect(got[0]).toContain('keterangan: Camat &lt;i&gt;kampanye&lt;/i&gt;');
    expect(h.api.callsOf('getFile').map((c) => c.params.file_id)).toContain('photo-101');
    expect(h.api.fileRequests).toContain('photos/file_101.jpg');
    expect(h.api.callsOf('sendChatAction', u).map((c) => c.params.action)).toContain('typing');

    expect(await exchange(u, 1, textUpdate(u, '/menu'))).toEqual([toHtml(t('core.menu', 'en'))]);
  });

  it('starts the matching flow from a deep link (/start lapor, /start bukti)', async () => {
    const report = await exchange(102, 2, textUpdate(102, '/start lapor'));
    expect(report[0]).toBe(toHtml(t('report.welcome', 'id')));
    expect(await exchange(103_102, 1, textUpdate(103_102, '/start bukti'))).toEqual(['Kirim foto buktinya.']);
    // An unknown payload is a plain /start; the report begun above is kept (and the user told so).
    const r = await exchange(102, 3, textUpdate(102, '/start xyz'));
    expect(r[0]).toBe(toHtml(t('core.parked', 'id', { what: t('report.parked', 'id'), word: 'lapor' })));
    expect(r[1]).toBe(toHtml(t('core.welcome', 'id')));
  });

  it('keeps one chat in order when 20 updates arrive in one getUpdates batch', async () => {
    const a = 103;
    const b = 104;
    const burst = Array.from({ length: 20 }, (_, i) => textUpdate(a, `echo ${i + 1}`));
    // Another chat interleaved, to show chats still run concurrently.
    burst.splice(5, 0, textUpdate(b, 'echo b1'));
    burst.splice(12, 0, textUpdate(b, 'echo b2'));
    const ids = h.api.pushUpdates(...burst);
    await h.api.waitUntil(() => h.api.sentTexts(a).length >= 20 && h.api.sentTexts(b).length >= 2, 20_000);
    await h.app.dispatcher.idle();
    expect(h.api.batches.some((batch) => ids.every((id) => batch.includes(id)))).toBe(true);
    expect(h.api.sentTexts(a)).toEqual(Array.from({ length: 20 }, (_, i) => `echo: ${i + 1}`));
    expect(h.api.sentTexts(b)).toEqual(['echo: b1', 'echo: b2']);
  });

  it('honours a 429 in the middle of a reply: waits retry_after, resends nothing before it', async () => {
    const u = 105;
    h.api.failNext('sendMessage', { kind: 'retry', retryAfter: 1 }, { chatId: u, skip: 1 });
    expect(await exchange(u, 3, textUpdate(u, 'multi'))).toEqual(['satu', 'dua', 'tiga']);
    const calls = h.api.callsOf('sendMessage', u);
    expect(calls.map((c) => [c.params.text, c.outcome])).toEqual([
      ['satu', 'ok'],
      ['dua', 'retry'],
      ['dua', 'ok'],
      ['tiga', 'ok'],
    ]);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(990);
  });

  it('retries a network error and delivers once', async () => {
    const u = 107;
    h.api.failNext('sendMessage', { kind: 'network' }, { chatId: u });
    expect(await exchange(u, 1, textUpdate(u, 'echo net'))).toEqual(['echo: net']);
    expect(h.api.callsOf('sendMessage', u).map((c) => c.outcome)).toEqual(['network', 'ok']);
  });

  it('marks a contact unreachable on 403 and tracks block/unblock from my_chat_member', async () => {
    const u = 106;
    await exchange(u, 2, textUpdate(u, '/start'));
    h.api.failNext('sendMessage', { kind: 'blocked' }, { chatId: u });
    await h.deliver(textUpdate(u, 'echo halo'));
    await h.api.waitUntil(() => h.api.callsOf('sendMessage', u).some((c) => c.outcome === 'blocked'));
    await h.app.dispatcher.idle();
    const db = h.database.db;
    const contactAfter403 = await findContact(db, 'telegram', String(u));
    expect(contactAfter403?.unreachableAt).toBeInstanceOf(Date);
    expect(contactAfter403?.unreachableReason).toContain('blocked by the user');

    const member = (status: string, old: string) => ({
      my_chat_member: {
        chat: { id: u, type: 'private' },
        from: { id: u, is_bot: false, first_name: 'X' },
        date: 1,
        old_chat_member: { status: old, user: { id: 123456, is_bot: true, first_name: 'Bot' } },
        new_chat_member: { status, user: { id: 123456, is_bot: true, first_name: 'Bot' } },
      },
    });
    h.api.pushUpdates(member('member', 'kicked'));
    await expect.poll(async () => (await findContact(db, 'telegram', String(u)))?.unreachableAt).toBeNull();
    h.api.pushUpdates(member('kicked', 'member'));
    await expect
      .poll(async () => (await findContact(db, 'telegram', String(u)))?.unreachableAt)
      .toBeInstanceOf(Date);
  });

  it('answers a forged callback politely and a stale one with a toast only', async () => {
    const u = 108;
    const forged = callbackUpdate(u, '<script>alert(1)</script>');
    await h.deliver(forged);
    const id = (forged.callback_query as { id: string }).id;
    await h.api.waitUntil(() =>
      h.api.callsOf('answerCallbackQuery').some((c) => c.params.callback_query_id === id),
    );
    const answer = h.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === id)!;
    expect(answer.params.text).toBe(toPlainText(t('telegram.callback_invalid', 'id')));
    expect(h.api.callsOf('sendMessage', u)).toEqual([]);

    const stale = callbackUpdate(u, 'm:nothing');
    await h.deliver(stale);
    const staleId = (stale.callback_query as { id: string }).id;
    await h.api.waitUntil(() =>
      h.api.callsOf('answerCallbackQuery').some((c) => c.params.callback_query_id === staleId),
    );
    const staleAnswer = h.api
      .callsOf('answerCallbackQuery')
      .find((c) => c.params.callback_query_id === staleId)!;
    expect(staleAnswer.params.text).toBe(toPlainText(t('core.stale_choice', 'id')));
    // Nothing is re-sent; the dead keyboard is taken off the old message.
    await h.app.dispatcher.idle();
    expect(h.api.callsOf('sendMessage', u)).toEqual([]);
    await h.api.waitUntil(() => h.api.callsOf('editMessageReplyMarkup', u).length === 1);
    expect(h.api.callsOf('editMessageReplyMarkup', u)[0]!.params.reply_markup).toEqual({
      inline_keyboard: [],
    });
  });

  it('refuses an oversize photo from its announced size, before any download', async () => {
    const u = 109;
    await exchange(u, 1, textUpdate(u, 'bukti'));
    h.api.registerFile('huge-109', png, { filePath: 'photos/huge.jpg', fileSize: 50 * 1024 * 1024 });
    const r = await exchange(u, 2, photoUpdate(u, 'huge-109', 50 * 1024 * 1024));
    expect(r[0]).toBe(toHtml(t('core.file_too_big', 'id', { size: '50 MB', max: '10 MB' })));
    expect(r[1]).toBe('Kirim foto buktinya.');
    expect(h.api.callsOf('getFile').some((c) => c.params.file_id === 'huge-109')).toBe(false);
    expect(h.api.fileRequests).not.toContain('photos/huge.jpg');
  });

  it('escapes what a user typed: <b> arrives as text, not formatting', async () => {
    const u = 110;
    expect(await exchange(u, 1, textUpdate(u, 'echo <b>hi</b> & *x*'))).toEqual([
      'echo: &lt;b&gt;hi&lt;/b&gt; &amp; *x*',
    ]);
    expect(h.api.callsOf('sendMessage', u)[0]!.params.parse_mode).toBe('HTML');
  });

  it('splits a long message at paragraphs with the keyboard on the last part', async () => {
    const u = 111;
    const r = await exchange(u, 3, textUpdate(u, 'panjang'));
    expect(r.map((s) => s.length)).toEqual([3000, 3000, 3000]);
    const calls = h.api.callsOf('sendMessage', u);
    expect(calls.map((c) => c.params.reply_markup !== undefined)).toEqual([false, false, true]);
  });

  it('gives admin commands to admins only; others are refused', async () => {
    expect(await exchange(ADMIN, 1, textUpdate(ADMIN, '/siaran'))).toEqual(['siaran: khusus admin']);
    const other = await exchange(112, 1, textUpdate(112, '/siaran'));
    expect(other[0]).toBe(toHtml(t('admin.refused', 'id')));
  });

  it('answers unsupported kinds and groups with short copy, and never crashes', async () => {
    const u = 113;
    const sticker = textUpdate(u, 'x');
    const msg = sticker.message as Record<string, unknown>;
    delete msg.text;
    msg.sticker = { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1 };
    expect(await exchange(u, 1, sticker)).toEqual([toHtml(t('telegram.unsupported', 'id'))]);
    const group = -100777;
    await h.deliver({
      message: {
        message_id: 1,
        date: 1,
        chat: { id: group, type: 'supergroup', title: 'G' },
        from: { id: u, is_bot: false, first_name: 'X', language_code: 'en' },
        text: '@PantauNetralBot lapor',
        entities: [{ type: 'mention', offset: 0, length: 16 }],
      },
    });
    await h.api.waitUntil(() => h.api.sentTexts(group).length === 1);
    expect(h.api.sentTexts(group)[0]).toContain('https://t.me/PantauNetralBot');
    // The user's own chat got nothing from the group message.
    expect(h.api.sentTexts(u)).toHaveLength(1);
  });
});

describe.each(backends)('Telegram bot in webhook mode (%s)', (backend) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness({ backend, mode: 'webhook', flows });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('registers the webhook with its secret and never polls', () => {
    expect(h.api.webhook).toEqual({ url: 'https://bot.example.test/tg/hook', secretToken: 's3cret-Token_1' });
    expect(h.api.callsOf('getUpdates')).toEqual([]);
    expect(h.api.callsOf('setWebhook')[0]!.params.allowed_updates).toEqual([
      'message',
      'edited_message',
      'callback_query',
      'my_chat_member',
    ]);
  });

  it('processes a POST with the right secret, refuses a wrong or missing one with 403', async () => {
    const u = 201;
    const wrong = await postWebhookUpdate(h.hookUrl, { update_id: 9001, ...textUpdate(u, '/start') }, 'nope');
    const missing = await postWebhookUpdate(h.hookUrl, { update_id: 9002, ...textUpdate(u, '/start') });
    expect([wrong, missing]).toEqual([403, 403]);
    await h.app.dispatcher.idle();
    expect(h.api.callsOf('sendMessage', u)).toEqual([]);
    expect(await findContact(h.database.db, 'telegram', String(u))).toBeUndefined();

    await h.deliver(textUpdate(u, '/start'));
    await h.api.waitForCalls('sendMessage', 2, { chatId: u });
    expect(h.api.sentTexts(u)[0]).toBe(toHtml(t('core.welcome', 'id')));
    await h.deliver(callbackUpdate(u, 'core:language', 'en'));
    await h.api.waitForCalls('sendMessage', 4, { chatId: u });
    expect(h.api.sentTexts(u)[2]).toBe(toHtml(t('core.language_set', 'en')));
  });

  it('handles a redelivered update_id once', async () => {
    const u = 202;
    const update = { update_id: 777_001, ...textUpdate(u, 'echo sekali') };
    expect(await postWebhookUpdate(h.hookUrl, update, WEBHOOK_SECRET)).toBe(200);
    expect(await postWebhookUpdate(h.hookUrl, update, WEBHOOK_SECRET)).toBe(200);
    await h.app.dispatcher.idle();
    expect(h.api.sentTexts(u)).toEqual(['echo: sekali']);
  });
});
