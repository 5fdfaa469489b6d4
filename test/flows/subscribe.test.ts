import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFlows } from '../../flows/index';
import { defineFlow } from '../../src/core/flow';
import { contacts } from '../../src/db/schema';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';

/** A two-question flow to be interrupted. */
const quiz = defineFlow<{ a?: string }>({
  name: 'quiz',
  version: 1,
  triggers: [{ words: ['kuis'] }],
  start: () => ({ to: 'one' }),
  steps: {
    one: {
      prompt: () => [{ text: 'Pertanyaan satu?' }],
      handle: (_c, input) => ({ to: 'two', data: { a: input.text ?? '' } }),
    },
    two: {
      prompt: () => [{ text: 'Pertanyaan dua?' }],
      handle: () => ({ to: 'end', replies: [{ text: 'Selesai.' }] }),
    },
  },
});

describe.each(backends)('subscribe and unsubscribe (%s)', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, channel: 'telegram', flows: [...allFlows, quiz] });
  });
  afterAll(() => bot.close());

  async function contact(user: string) {
    const [c] = await bot.database.db.select().from(contacts).where(eq(contacts.externalId, user));
    return c!;
  }

  it('langganan subscribes, says what comes and how to stop; berhenti unsubscribes', async () => {
    const r = await bot.say('langganan', 'a1');
    expect(r.join('\n')).toContain('Ketik berhenti kapan saja');
    const c = await contact('a1');
    expect(c.subscribed).toBe(true);
    expect(c.subscribedAt).not.toBeNull();
    expect((await bot.say('/langganan', 'a1')).join('\n')).toContain('sudah berlangganan');
    expect((await bot.say('/berhenti', 'a1')).join('\n')).toContain('sudah berhenti berlangganan');
    const after = await contact('a1');
    expect(after.subscribed).toBe(false);
    expect(after.unsubscribedAt).not.toBeNull();
    expect((await bot.say('stop', 'a1')).join('\n')).toContain('tidak sedang berlangganan');
  });

  it.each(['berhenti', 'stop', 'unsubscribe', '/berhenti', 'STOP!'])('"%s" unsubscribes', async (word) => {
    const user = `w-${word.replace(/\W/g, '')}`;
    await bot.say('langganan', user);
    await bot.say(word, user);
    expect((await contact(user)).subscribed).toBe(false);
  });

  it('works from inside another flow, which then carries on', async () => {
    expect(await bot.say('kuis', 'q1')).toEqual(['Pertanyaan satu?']);
    const sub = await bot.say('langganan', 'q1');
    expect(sub.at(-1)).toBe('Pertanyaan satu?');
    expect((await contact('q1')).subscribed).toBe(true);
    expect(await bot.say('jawaban', 'q1')).toEqual(['Pertanyaan dua?']);
    const stop = await bot.say('berhenti', 'q1');
    expect(stop[0]).toContain('sudah berhenti berlangganan');
    expect(stop.at(-1)).toBe('Pertanyaan dua?');
    expect((await contact('q1')).subscribed).toBe(false);
    expect(await bot.say('jawaban', 'q1')).toEqual(['Selesai.']);
  });

  it('the menu entry explains and offers the right button, in English too', async () => {
    await bot.say('bahasa', 'm1');
    const menu = await bot.send({ text: 'menu' }, 'm1');
    const entry = menu.replies.at(-1)!.choices!.find((c) => c.id === 'm:subscribe');
    expect(entry?.label).toBe('Subscribe to updates');
    const info = await bot.send({ choice: 'm:subscribe' }, 'm1');
    expect(info.replies.at(-1)!.text).toContain('Every message says how to stop');
    expect(info.replies.at(-1)!.choices!.map((c) => c.id)).toEqual(['subscribe:on', 'core:menu']);
    await bot.send({ choice: 'subscribe:on' }, 'm1');
    expect((await contact('m1')).subscribed).toBe(true);
    await bot.send({ text: 'menu' }, 'm1');
    const again = await bot.send({ choice: 'm:subscribe' }, 'm1');
    expect(again.replies.at(-1)!.choices!.map((c) => c.id)).toEqual(['subscribe:off', 'core:menu']);
    await bot.send({ choice: 'subscribe:off' }, 'm1');
    expect((await contact('m1')).subscribed).toBe(false);
  });
});
