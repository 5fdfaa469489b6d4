import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../src/db/schema';
import { SURVEY_DDL, surveyEffects, surveyFlow, surveyRows } from '../fixtures/survey-flow';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';

describe.each(backends)('dispatcher on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, flows: [surveyFlow], effects: surveyEffects() });
    await bot.database.db.execute(sql.raw(SURVEY_DDL));
  });
  afterAll(() => bot.close());

  it('keeps one user in order under a burst and runs users in parallel', async () => {
    const burst = Array.from({ length: 30 }, (_, i) =>
      bot.send({ text: i % 2 ? 'bahasa' : 'menu' }, 'burst'),
    );
    const other = bot.send({ text: 'menu' }, 'other');
    const results = await Promise.all([...burst, other]);
    // Every "bahasa" flips the language, so replies alternate languages in arrival order.
    const langs = results.slice(0, 30).flatMap((r, i) => (i % 2 ? [r.replies[0]!.text] : []));
    langs.forEach((text, i) => {
      expect(text).toMatch(i % 2 === 0 ? /English/ : /Bahasa Indonesia/);
    });
    expect(bot.sender.sent.get('burst')).toHaveLength(30 + 15);
  });

  it('handles a message id once, however often it arrives', async () => {
    const inbound = { text: 'survey', messageId: 'same-id' };
    await bot.send(inbound, 'dup');
    await bot.send({ text: 'Budi', messageId: 'dup-1' }, 'dup');
    await bot.send({ text: '40', messageId: 'dup-2' }, 'dup');
    const first = await bot.send({ text: 'yes', messageId: 'dup-3' }, 'dup');
    const again = await bot.send({ text: 'yes', messageId: 'dup-3' }, 'dup');
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    const rows = await bot.database.db.select().from(surveyRows);
    expect(rows.filter((r) => r.name === 'Budi:40')).toHaveLength(1);
    const handled = await bot.database.db.select().from(inbox).where(eq(inbox.eventId, 'dup-3'));
    expect(handled).toHaveLength(1);
  });

  it('keeps the step after a bad answer, with the reason in the user language', async () => {
    expect(await bot.say('survey', 'bad')).toEqual(['name?']);
    expect(await bot.say('x', 'bad')).toEqual(['Maaf, jawaban itu belum bisa saya pahami.', 'name?']);
    expect(await bot.say('Siti', 'bad')).toEqual(['age?']);
    expect(await bot.say('tua', 'bad')).toEqual(['Maaf, jawaban itu belum bisa saya pahami.', 'age?']);
    expect(await bot.say('kembali', 'bad')).toEqual(['name?']);
    expect(await bot.say('Siti', 'bad')).toEqual(['age?']);
    expect(await bot.say('30', 'bad')).toEqual(['save Siti 30?\n1. Yes\n2. No']);
    expect(await bot.say('2', 'bad')).toEqual(['dropped']);
  });
});
