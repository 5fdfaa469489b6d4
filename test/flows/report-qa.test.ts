import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineAnswerer } from '../../src/core/flow';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { copy, script } from '../support/report';

/** A stand-in Q&A that answers only questions about "like" (the real one is built in another issue). */
const qa: InlineAnswerer = {
  answerInline: (text) =>
    /\blike\b/i.test(text) ? [{ text: 'ASN tidak boleh like unggahan kampanye.' }] : null,
};

describe.each(backends)('a question in the middle of a report on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, services: { qa } });
  });
  afterAll(() => bot.close());

  it('is answered, and the report continues at the same step', async () => {
    await script(bot, 'q', ['lapor', '1', 'Pak Ahmad', 'tidak tahu', '1', 'facebook', 'fb.com/x/posts/1']);
    const out = (await bot.say('emang pns ga boleh like postingan capres?', 'q')).join('\n');
    expect(out).toContain('ASN tidak boleh like unggahan kampanye.');
    expect(out).toContain(copy('core.continue'));
    expect(out).toContain(copy('report.when'));
    expect(out).not.toContain(copy('report.when_unclear'));
    // Without a region index the place is kept as typed.
    await bot.say('kemarin', 'q');
    expect((await bot.say('Sleman', 'q')).join('\n')).toContain(copy('report.evidence', { n: 0 }));
  });
});
