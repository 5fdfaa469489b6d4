import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../../src/channels/telegram/render';
import { t } from '../../../src/content/copy';
import { toPlainText } from '../../../src/core/markup';
import { qaFeedback } from '../../../src/db/schema';
import { backends, openTestDatabase } from '../../support/db';
import type { RecordedCall } from '../../support/fake-bot-api';
import { startTelegramHarness, type TelegramHarness, tapUpdate, textUpdate } from '../../support/telegram';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

const keyboardOf = (call: RecordedCall) =>
  (call.params.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? [];

describe.each(backends)('Telegram buttons, old and new (%s)', (backend) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness({ backend, mode: 'polling' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The sendMessage calls to `chat` that carried a keyboard, oldest first. */
  const withKeyboard = (chat: number) =>
    h.api.callsOf('sendMessage', chat).filter((c) => keyboardOf(c).length);

  async function answered(cq: Record<string, unknown>) {
    const id = (cq.callback_query as { id: string }).id;
    await h.api.waitUntil(() =>
      h.api.callsOf('answerCallbackQuery').some((c) => c.params.callback_query_id === id),
    );
    await h.app.dispatcher.idle();
    return h.api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === id)!;
  }

  it('edits a tapped keyboard to show the choice made', async () => {
    const u = 701;
    await h.say(u, textUpdate(u, 'lapor'));
    const categoryMsg = withKeyboard(u).at(-1)!;
    const asn = keyboardOf(categoryMsg).find((b) => b.callback_data === 'asn')!;
    const replies = await h.say(u, tapUpdate(u, categoryMsg, 'asn'));
    expect(replies.join('\n')).toContain(toHtml(t('report.who_asn', 'id')).split('?')[0]!);
    await h.api.waitUntil(() => h.api.callsOf('editMessageReplyMarkup', u).length === 1);
    const edit = h.api.callsOf('editMessageReplyMarkup', u)[0]!;
    expect(Number(edit.params.message_id)).toBe((categoryMsg.result as { message_id: number }).message_id);
    expect(edit.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: `✓ ${asn.text}`, callback_data: 'core:chosen' }]],
    });
    // Tapping the chosen mark again only says so.
    const again = tapUpdate(
      u,
      { ...categoryMsg, params: { ...categoryMsg.params, reply_markup: edit.params.reply_markup } },
      'core:chosen',
    );
    await h.deliver(again);
    expect((await answered(again)).params.text).toBe(toPlainText(t('core.already_chosen', 'id')));
  });

  it('answers an old step button with a toast and no message, and takes its keyboard away', async () => {
    const u = 702;
    await h.say(u, textUpdate(u, 'lapor'));
    const categoryMsg = withKeyboard(u).at(-1)!;
    await h.say(u, textUpdate(u, '1'));
    await h.say(u, textUpdate(u, 'Pak Ahmad'));
    const before = h.api.sentTexts(u).length;
    const tap = tapUpdate(u, categoryMsg, 'hoax');
    await h.deliver(tap);
    expect((await answered(tap)).params.text).toBe(toPlainText(t('core.stale_choice', 'id')));
    expect(h.api.sentTexts(u).length).toBe(before);
    await h.api.waitUntil(() => h.api.callsOf('editMessageReplyMarkup', u).length === 1);
    expect(h.api.callsOf('editMessageReplyMarkup', u)[0]!.params.reply_markup).toEqual({
      inline_keyboard: [],
    });
    // The report goes on where it was.
    expect((await h.say(u, textUpdate(u, 'tidak tahu'))).join('\n')).toContain(
      toHtml(t('report.what', 'id')),
    );
  });

  it('keeps 👍 and "Lebih rinci" working on an old answer, without re-sending any answer', async () => {
    const u = 703;
    await h.say(u, textUpdate(u, 'pns boleh like postingan capres?'));
    const first = withKeyboard(u).at(-1)!;
    await h.say(u, textUpdate(u, 'asn boleh nyoblos di tps ga'));
    // Later messages came in between: the first answer's buttons still mean the same thing.
    const more = keyboardOf(first).find((b) => b.callback_data.startsWith('qa:more:'))!;
    expect(more.callback_data).toBe('qa:more:medsos-like');
    const details = await h.say(u, tapUpdate(u, first, more.callback_data));
    expect(details.join('\n')).toContain('Pejabat Pembina Kepegawaian');
    const up = keyboardOf(first).find((b) => b.callback_data.startsWith('qa:up:'))!;
    const thanks = await h.say(u, tapUpdate(u, first, up.callback_data));
    expect(thanks).toEqual([toHtml(t('qa.thanks_up', 'id'))]);
    const rows = await h.database.db.select().from(qaFeedback).where(eq(qaFeedback.topicId, 'medsos-like'));
    expect(rows.map((r) => r.helpful)).toEqual([true]);

    // In the middle of a report an old 👎 still counts, and the report's question comes back.
    await h.say(u, textUpdate(u, 'lapor'));
    await h.say(u, textUpdate(u, '1'));
    const down = keyboardOf(first).find((b) => b.callback_data.startsWith('qa:down:'))!;
    const mid = await h.say(u, tapUpdate(u, first, down.callback_data));
    expect(mid[0]).toBe(toHtml(t('qa.thanks_down', 'id')));
    expect(mid.at(-1)).toContain(toHtml(t('report.who_asn', 'id')).split('?')[0]!);

    // "langganan" after an answer subscribes and re-sends nothing.
    await h.say(u, textUpdate(u, 'batal'));
    await h.say(u, textUpdate(u, 'ya'));
    await h.say(u, textUpdate(u, 'pns boleh like postingan capres?'));
    const sub = await h.say(u, textUpdate(u, 'langganan'));
    expect(sub).toEqual([toHtml(t('broadcast.subscribed', 'id'))]);
  });
});

describe.each(backends)('Telegram after a restart (%s)', (backend) => {
  it('shows the pending question again before taking a typed answer', async () => {
    const database = await openTestDatabase(backend);
    try {
      const u = 801;
      const first = await startTelegramHarness({ backend, mode: 'polling', database });
      await first.say(u, textUpdate(u, 'lapor'));
      await first.say(u, textUpdate(u, '1'));
      await first.stop();

      const second = await startTelegramHarness({ backend, mode: 'polling', database });
      // Telegram's update ids keep growing across restarts; a fresh fake starts at 1 again.
      for (let i = 0; i < 10; i++) second.api.newUpdateId();
      try {
        const r = await second.say(u, textUpdate(u, '2'));
        expect(r[0]).toBe(toHtml(t('core.after_restart', 'id')));
        expect(r[1]).toContain(toHtml(t('report.who_asn', 'id')).split('?')[0]!);
        // The next message is the answer.
        const next = await second.say(u, textUpdate(u, 'Pak Ahmad'));
        expect(next.join('\n')).toContain(toHtml(t('report.agency', 'id')).split('?')[0]!);
      } finally {
        await second.stop();
      }
    } finally {
      await database.close();
    }
  });
});
