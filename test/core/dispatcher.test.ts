import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/channels/channel';
import { rowsOf } from '../../src/db/hot';
import { inbox } from '../../src/db/schema';
import { sealId } from '../../src/privacy/crypto';
import { SURVEY_DDL, surveyEffects, surveyFlow, surveyRows } from '../fixtures/survey-flow';
import { createTestBot, type TestBot } from '../support/chat';
import { type Backend, backends, openTestDatabase, type TestDatabase } from '../support/db';

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

/**
 * The database as the dispatcher sees it, counting (and on demand failing) the inbox inserts;
 * the first insert is held a moment, so calls arriving meanwhile have to queue behind it.
 */
function countingInserts(database: TestDatabase) {
  const state = { inserts: 0, rows: [] as number[], fail: false, holdMs: 50, claims: 0 };
  type Session = TestDatabase['db']['_']['session'];
  // The inbox statements are plain text run through drizzle's session (src/db/hot.ts runSql).
  const countedSession = (session: Session) =>
    new Proxy(session, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop !== 'prepareQuery') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: Parameters<Session['prepareQuery']>) => {
          const prepared = target.prepareQuery(...args);
          const text = args[0].sql;
          return {
            async execute() {
              if (text.startsWith('update inbox i set lease_until')) state.claims++;
              if (!text.startsWith('insert into inbox')) return prepared.execute();
              state.inserts++;
              state.rows.push(text.split('), (').length);
              if (state.holdMs) await new Promise((r) => setTimeout(r, state.holdMs));
              if (state.fail) throw new Error('inbox insert failed (injected)');
              return prepared.execute();
            },
          };
        };
      },
    });
  const counted = (inner: TestDatabase['db']) =>
    new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === '_') return { ...target._, session: countedSession(target._.session) };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  // Inbound events are stored on the ingress lane where there is one (PostgreSQL), on db otherwise.
  const db = counted(database.db);
  const ingress = database.ingress ? counted(database.ingress) : undefined;
  return { state, database: { ...database, db, ...(ingress ? { ingress } : {}) } as TestDatabase };
}

const message = (user: string, n: number, text: string, seq: number): StoredEvent => ({
  kind: 'message',
  key: {
    channel: 'console',
    account: 'direct',
    eventId: `gc-${user}-${n}`,
    userKey: `console:${user}`,
    chat: user,
    seq,
  },
  inbound: { channel: 'console', userKey: `console:${user}`, messageId: `gc-${user}-${n}`, text },
});

/** The survey flow on a fresh database whose inbox inserts are counted (the first held `holdMs`). */
async function countedSurveyBot(backend: Backend, holdMs: number) {
  const raw = await openTestDatabase(backend);
  const counted = countingInserts(raw);
  counted.state.holdMs = holdMs;
  const bot = await createTestBot({
    database: counted.database,
    flows: [surveyFlow],
    effects: surveyEffects(),
  });
  await raw.db.execute(sql.raw(SURVEY_DDL));
  return { raw, bot, counted };
}

describe.each(backends)('group commit of inbox inserts on %s', (backend) => {
  let raw: TestDatabase;
  let bot: TestBot;
  let counted: ReturnType<typeof countingInserts>;
  beforeAll(async () => {
    ({ raw, bot, counted } = await countedSurveyBot(backend, 50));
  });
  afterAll(async () => {
    await bot.dispatcher.stop();
    await raw.close();
  });

  it('stores 50 concurrent accepts in two inserts, all rows, each user in order', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `gc${i}`);
    const words = ['survey', 'Budi', '40', 'yes', 'menu'];
    // Interleaved as webhook calls arrive: every user's n-th message before anyone's (n+1)-th.
    const events = words.flatMap((w, n) => users.map((u, i) => message(u, n, w, 1000 + n * 100 + i)));
    counted.state.inserts = 0;
    counted.state.rows = [];
    await Promise.all(events.map((e) => bot.dispatcher.sink.accept([e])));
    // The first call goes at once; the 49 that arrived while it was in flight go together.
    expect(counted.state.inserts).toBe(2);
    expect(counted.state.rows).toEqual([1, 49]);
    const stored = rowsOf<{ id: number | string; event_id: string; seq: number | string }>(
      await raw.db.execute(sql`select id, event_id, seq from inbox order by id`),
    ).filter((r) => events.some((e) => sealId(e.key.eventId) === r.event_id));
    expect(stored).toHaveLength(50);
    // Rows in call order, so each user's ids and seqs both grow with the order of its messages.
    expect(stored.map((r) => r.event_id)).toEqual(events.map((e) => sealId(e.key.eventId)));
    expect(stored.map((r) => Number(r.seq))).toEqual(events.map((e) => e.key.seq));

    bot.dispatcher.start();
    const deadline = Date.now() + 20_000;
    while (users.some((u) => (bot.sender.sent.get(u)?.length ?? 0) < 5) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    for (const u of users) {
      const texts = (bot.sender.sent.get(u) ?? []).map((o) => o.text);
      expect(texts.slice(0, 4)).toEqual(['name?', 'age?', 'save Budi 40?', 'saved']);
    }
  });

  it('rejects every caller of a failed insert, stores none of them, and recovers', async () => {
    counted.state.inserts = 0;
    counted.state.fail = true;
    const events = Array.from({ length: 20 }, (_, i) => message(`gf${i}`, 0, 'menu', 5000 + i));
    const results = await Promise.allSettled(events.map((e) => bot.dispatcher.sink.accept([e])));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(counted.state.inserts).toBe(2);
    const ids = events.map((e) => sealId(e.key.eventId));
    const count = async () =>
      rowsOf<{ n: number | string }>(
        await raw.db.execute(
          sql`select count(*) as n from inbox where event_id in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
        ),
      )[0]!.n;
    expect(Number(await count())).toBe(0);
    // The platform sends them again: stored this time.
    counted.state.fail = false;
    await Promise.all(events.map((e) => bot.dispatcher.sink.accept([e])));
    expect(Number(await count())).toBe(20);
  });
});

describe.each(backends)('the worker without polling on %s', (backend) => {
  let raw: TestDatabase;
  let bot: TestBot;
  let counted: ReturnType<typeof countingInserts>;
  beforeAll(async () => {
    ({ raw, bot, counted } = await countedSurveyBot(backend, 0));
  });
  afterAll(async () => {
    await bot.dispatcher.stop();
    await raw.close();
  });

  it("takes a user's next event as soon as the previous one's replies are sent", async () => {
    // Not started, so nothing polls: only storing an event and recording a sent reply look for work.
    const events = ['survey', 'Budi', '40'].map((w, n) => message('np', n, w, 9000 + n));
    await Promise.all(events.map((e) => bot.dispatcher.sink.accept([e])));
    const deadline = Date.now() + 5000;
    while ((bot.sender.sent.get('np')?.length ?? 0) < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect((bot.sender.sent.get('np') ?? []).map((o) => o.text)).toEqual(['name?', 'age?', 'save Budi 40?']);
  });

  it('looks for work once per message when nothing else waits', async () => {
    await bot.dispatcher.idle();
    counted.state.claims = 0;
    // One message each from 10 users, one after the other, each answered before the next comes.
    for (let i = 0; i < 10; i++) {
      await bot.dispatcher.sink.accept([message(`one${i}`, 0, 'survey', 9100 + i)]);
      const deadline = Date.now() + 5000;
      while (!bot.sender.sent.get(`one${i}`)?.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      await bot.dispatcher.idle();
    }
    expect(bot.sender.sent.get('one9')?.map((o) => o.text)).toEqual(['name?']);
    // The look after storing takes it; neither its handling nor its sent reply looks again.
    expect(counted.state.claims).toBe(10);
  });
});
