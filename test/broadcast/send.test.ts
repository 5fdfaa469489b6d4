import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/broadcast/audience';
import { cancelBroadcast, progressOf } from '../../src/broadcast/deliveries';
import { createRateLimiter } from '../../src/broadcast/limiter';
import { createBroadcast, startBroadcast } from '../../src/broadcast/plan';
import { telegramBroadcastSender } from '../../src/broadcast/senders';
import { type BroadcastWorkers, startBroadcastWorkers } from '../../src/broadcast/workers';
import { parseConfig } from '../../src/config';
import { contacts, deliveries } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { seedSubscribers } from '../support/contacts';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api';

describe.each(backends)('broadcast delivery against the loopback Bot API (%s)', (backend) => {
  let database: TestDatabase;
  let api: FakeBotApi;
  let workers: BroadcastWorkers | undefined;
  let nextFirst = 100_000;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    api = await startFakeBotApi();
  });
  afterEach(async () => {
    await workers?.stop();
    workers = undefined;
    api.clearFailures();
    api.resetCalls();
    // Each test starts with its own subscribers, and no broadcast of an earlier test is left sending.
    await database.db.execute(sql`update contacts set subscribed = false`);
    await database.db.execute(sql`update deliveries set status = 'skipped' where status = 'pending'`);
    await database.db.execute(sql`update broadcasts set status = 'done' where status = 'sending'`);
  });
  afterAll(async () => {
    await api.close();
    await database.close();
  });

  async function setup(
    n: number,
    rate: number,
    extra: { backoffBaseMs?: number; limiter?: ReturnType<typeof createRateLimiter> } = {},
  ) {
    const { limiter, ...rest } = extra;
    const first = nextFirst;
    nextFirst += 10_000;
    await seedSubscribers(database.db, n, { first });
    workers = await startBroadcastWorkers({
      database,
      config: parseConfig({}),
      senders: {
        telegram: telegramBroadcastSender(
          parseConfig({ TELEGRAM_BOT_TOKEN: api.token }),
          silentLogger,
          api.apiRoot,
        ),
      },
      log: silentLogger,
      limiters: { telegram: limiter ?? createRateLimiter({ ratePerSecond: rate }) },
      pollMs: 200,
      ...rest,
    });
    const id = await createBroadcast(database.db, {
      createdBy: 'test',
      text: 'Pengingat: ASN dilarang memberi *like* pada unggahan kampanye.',
      audience: audienceOf('telegram'),
    });
    return { id, first };
  }

  async function go(id: number) {
    await startBroadcast(database.db, id);
    await workers!.wake(['telegram']);
  }

  async function waitDone(id: number, timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const p = await progressOf(database.db, id);
      if (p && p.pending === 0 && p.status !== 'sending') return p;
      if (Date.now() > until) throw new Error(`broadcast ${id} not done: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('sends 2,000 subscribers exactly once each, at the configured rate (the Telegram default, 25/s)', async () => {
    // The pace is checked on the limiter's own clock, a virtual one that jumps ahead instead of
    // sleeping: the 80 seconds of slots take no real time, and a loaded machine cannot blur the check.
    // The real-time rate against the loopback Bot API is a benchmark row (npm run bench -- broadcast).
    let virtual = 0;
    const granted: number[] = [];
    const paced = createRateLimiter({
      ratePerSecond: 25,
      now: () => virtual,
      sleep: async (ms) => {
        virtual += ms;
        await Promise.resolve();
      },
    });
    const limiter = {
      ...paced,
      ratePerSecond: paced.ratePerSecond,
      async take() {
        await paced.take();
        granted.push(virtual);
      },
    };
    const { id, first } = await setup(2000, 25, { limiter });
    await go(id);
    const p = await waitDone(id, 200_000);
    expect(p).toMatchObject({ sent: 2000, failed: 0, skipped: 0, pending: 0, status: 'done' });
    const sends = api.callsOf('sendMessage');
    const chats = sends.map((c) => String(c.params.chat_id));
    expect(chats.length).toBe(2000);
    expect(new Set(chats).size).toBe(2000);
    for (let i = 0; i < 2000; i += 397) expect(chats).toContain(String(first + i));
    // Every message carries the way to stop, in the subscriber's language.
    expect(String(sends[0]!.params.text)).toContain('Balas <b>BERHENTI</b> untuk berhenti berlangganan.');
    expect(String(sends[0]!.params.text)).toContain('memberi *like* pada');
    // One slot every 40 ms, never two closer: 25 a second, never faster.
    expect(granted).toHaveLength(2000);
    const gaps = granted.slice(1).map((t, i) => t - granted[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(40 - 1e-6);
    const rate = (granted.length - 1) / ((granted.at(-1)! - granted[0]!) / 1000);
    expect(rate).toBeCloseTo(25, 1);
  }, 240_000);

  it('waits retry_after on a 429 and then sends that subscriber once', async () => {
    const { id, first } = await setup(20, 100);
    const target = first + 5;
    api.failNext('sendMessage', { kind: 'retry', retryAfter: 1 }, { chatId: target });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 20, failed: 0 });
    const calls = api.callsOf('sendMessage', target);
    expect(calls.map((c) => c.outcome)).toEqual(['retry', 'ok']);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
    // The whole channel paused: in the second after the 429 only sends already on their way when it
    // came back may land (at most one per other worker of the pool of 4), however slow the machine.
    const during = api.callsOf('sendMessage').filter((c) => c.at > calls[0]!.at && c.at < calls[0]!.at + 950);
    expect(during.length).toBeLessThanOrEqual(3);
    expect(api.callsOf('sendMessage').filter((c) => c.at >= calls[0]!.at + 950).length).toBeGreaterThan(0);
  });

  it('marks a subscriber who blocked the bot unreachable and does not retry', async () => {
    const { id, first } = await setup(10, 100);
    const target = first + 3;
    api.failNext('sendMessage', { kind: 'blocked' }, { chatId: target });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 9, failed: 1 });
    expect(api.callsOf('sendMessage', target)).toHaveLength(1);
    const [c] = await database.db
      .select()
      .from(contacts)
      .where(eq(contacts.externalId, String(target)));
    expect(c!.unreachableAt).not.toBeNull();
    const [d] = await database.db.select().from(deliveries).where(eq(deliveries.contactId, c!.id));
    expect(d!.lastError).toContain('unreachable');
  });

  it('never resends a send whose outcome is unknown (a 5xx, a lost answer) and records a permanent failure', async () => {
    const { id, first } = await setup(6, 100, { backoffBaseMs: 300 });
    api.failNext(
      'sendMessage',
      { kind: 'error', code: 502, description: 'Bad Gateway' },
      { chatId: first + 1 },
    );
    api.failNext(
      'sendMessage',
      { kind: 'error', code: 400, description: 'Bad Request: chat not found' },
      {
        chatId: first + 2,
      },
    );
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 4, failed: 1, unknown: 1 });
    expect(api.callsOf('sendMessage', first + 1).map((c) => c.outcome)).toEqual(['error']);
    expect(api.callsOf('sendMessage', first + 2)).toHaveLength(1);
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.broadcastId, id));
    expect(rows.find((r) => r.status === 'failed')!.lastError).toContain('chat not found');
  });

  it('a response lost mid-broadcast: the message arrived once, nobody gets two copies, admins see it counted', async () => {
    const { id, first } = await setup(20, 100);
    const target = first + 7;
    api.failNext('sendMessage', { kind: 'lost' }, { chatId: target });
    await go(id);
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 19, unknown: 1, failed: 0, pending: 0 });
    // What arrived: every subscriber exactly once, the one whose answer was lost included.
    const chats = api.sentTexts().length;
    expect(chats).toBe(20);
    const perChat = new Map<string, number>();
    for (const c of api.callsOf('sendMessage')) {
      const chat = String(c.params.chat_id);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    }
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(p!.sent + p!.unknown).toBe(20);
  });

  it('stops delivery to a subscriber who unsubscribes mid-broadcast', async () => {
    const { id, first } = await setup(30, 20);
    const last = first + 29;
    await go(id);
    await api.waitForCalls('sendMessage', 3);
    await database.db
      .update(contacts)
      .set({ subscribed: false })
      .where(eq(contacts.externalId, String(last)));
    const p = await waitDone(id);
    expect(p).toMatchObject({ sent: 29, skipped: 1 });
    expect(api.callsOf('sendMessage', last)).toHaveLength(0);
  });

  it('cancel: what is not yet sent is not sent', async () => {
    const { id } = await setup(40, 20);
    await go(id);
    await api.waitForCalls('sendMessage', 5);
    const skipped = await cancelBroadcast(database.db, id);
    const p = await waitDone(id);
    expect(p.status).toBe('cancelled');
    expect(skipped).toBeGreaterThan(20);
    await new Promise((r) => setTimeout(r, 500));
    // At most the sends already under way when the cancel landed went out.
    expect(api.callsOf('sendMessage').length).toBe(p.sent);
    expect(p.sent + p.skipped).toBe(40);
  });
});
