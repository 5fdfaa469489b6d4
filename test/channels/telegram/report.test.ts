import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../../src/channels/telegram/render';
import { t } from '../../../src/content/copy';
import { backends } from '../../support/db';
import { ASN_AFTER_FILE, ASN_BEFORE_FILE, png, TICKET_RE } from '../../support/report';
import {
  callbackUpdate,
  photoUpdate,
  startTelegramHarness,
  type TelegramHarness,
  textUpdate,
} from '../../support/telegram';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

describe.each(backends)('a citizen reports on Telegram, /start to ticket to /status (%s)', (backend) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    // The real flows (flows/index.ts) and effects: report, screenshot, status, Q&A.
    h = await startTelegramHarness({ backend, mode: 'polling' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const lastKeyboard = (chat: number): Keyboard | undefined =>
    h.api.callsOf('sendMessage', chat).at(-1)?.params.reply_markup as Keyboard | undefined;

  it('files a report with a photo through buttons and text, then checks its status', async () => {
    const u = 501;
    const start = await h.say(u, textUpdate(u, '/start'));
    expect(start[0]).toBe(toHtml(t('core.welcome', 'id')));
    const menu = lastKeyboard(u)!.inline_keyboard.flat();
    const reportButton = menu.find((b) => b.callback_data === 'm:report');
    expect(reportButton?.text).toBe(t('report.menu', 'id'));

    // The menu button, then the first category button (ASN), both as callback queries.
    const welcome = await h.say(u, callbackUpdate(u, 'm:report'));
    expect(welcome[0]).toBe(toHtml(t('report.welcome', 'id')));
    const categories = lastKeyboard(u)!.inline_keyboard.flat();
    expect(categories.length).toBeGreaterThan(1);
    await h.say(u, callbackUpdate(u, categories[0]!.callback_data));

    // The rest as a user types it (ASN_BEFORE_FILE[1] was the category).
    for (const line of ASN_BEFORE_FILE.slice(2)) {
      const r = await h.say(u, textUpdate(u, line));
      expect(r.length, `reply to "${line}"`).toBeGreaterThan(0);
    }
    const bytes = await png();
    h.api.registerFile('report-photo-501', bytes, { filePath: 'photos/file_501.png' });
    const attached = await h.say(u, photoUpdate(u, 'report-photo-501', bytes.length));
    expect(attached[0]).toBe(toHtml(t('report.file_attached', 'id', { n: 1 })));
    expect(h.api.fileRequests).toContain('photos/file_501.png');

    for (const line of ASN_AFTER_FILE) await h.say(u, textUpdate(u, line));
    const sent = (await h.say(u, textUpdate(u, 'kirim'))).join('\n');
    const ticket = TICKET_RE.exec(sent)?.[0];
    expect(ticket, sent).toBeDefined();

    const status = (await h.say(u, textUpdate(u, `/status ${ticket}`))).join('\n');
    expect(status).toContain(`<b>${ticket}</b>`);
    const check = (await h.say(u, textUpdate(u, `cek ${ticket}`))).join('\n');
    expect(check).toContain(ticket!);
    // Someone else asking about the same ticket learns nothing.
    const other = (await h.say(502, textUpdate(502, `cek ${ticket}`))).join('\n');
    expect(other).not.toContain(toHtml(t('core.error', 'id')));
    expect(other).not.toBe(status);

    // Every callback query was answered.
    const answered = new Set(h.api.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id));
    expect(answered.size).toBe(2);
  });
});
