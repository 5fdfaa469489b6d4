import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealId } from '../../src/privacy/crypto';
import { type BotProcess, spawnBot } from '../support/bot-process';
import { TEST_DATA_KEY } from '../support/data-key';
import { createScratchDatabase } from '../support/db';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api';
import { canRunPrivateCluster, type PrivateCluster, startPrivateCluster } from '../support/pg-cluster';
import { textUpdate } from '../support/telegram';

/**
 * The real bot (`src/main.ts`) in several processes on one PostgreSQL, fed like Telegram feeds a
 * webhook: an update is sent again until some process answers 200. Each "bahasa" flips the chat's
 * language and says so, so the replies show whether a chat's messages were handled in order and
 * each exactly once.
 */
const SECRET = 'proc-secret';
const HOOK = 'https://bot.example.test/tg/hook';
const hasServer = !!process.env.DATABASE_URL;

/** Which language each "bahasa" switched to, from the replies a chat received, in order. */
function switches(api: FakeBotApi, chat: number): string[] {
  return api
    .sentTexts(chat)
    .map((t) => (/use English/.test(t) ? 'en' : /memakai Bahasa Indonesia/.test(t) ? 'id' : 'menu'))
    .filter((x) => x !== 'menu');
}

const expected = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'en' : 'id'));

/** Telegram's side of a webhook: POST until a 200, moving to the next process on failure. */
async function deliver(ports: () => number[], update: Record<string, unknown>, deadlineMs = 120_000) {
  const until = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const list = ports();
    const port = list[attempt % list.length]!;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(10_000),
      });
      await res.text();
      if (res.status === 200) return;
    } catch {
      // refused (a killed process) or timed out: Telegram tries again
    }
    if (Date.now() > until) throw new Error('update never accepted');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The test's own key for every process: they share the database, so they must read each other's rows. */
const DATA_KEY = TEST_DATA_KEY;

function botEnv(api: FakeBotApi, url: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: url,
    DATA_KEY,
    LOG_SALT: 'process-test-salt',
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: HOOK,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    ...extra,
  };
}

let updateId = 1;
const bahasa = (chat: number) => ({ update_id: updateId++, ...textUpdate(chat, 'bahasa') });

/**
 * A fake Bot API, a scratch database and the bot processes `spawn` starts on them, for one describe
 * block: ready before its tests, stopped (SIGTERM) and dropped after them.
 */
function botsOnScratch(spawn: (api: FakeBotApi, url: string) => Promise<BotProcess[]>) {
  const env = { api: undefined as FakeBotApi | undefined, url: '', bots: [] as BotProcess[] };
  let drop = async () => {};
  beforeAll(async () => {
    env.api = await startFakeBotApi();
    const scratch = await createScratchDatabase();
    env.url = scratch.url;
    drop = scratch.drop;
    env.bots.push(...(await spawn(env.api, scratch.url)));
  });
  afterAll(async () => {
    for (const b of env.bots) await b.kill('SIGTERM');
    await env.api?.close();
    await drop();
  });
  return {
    get api(): FakeBotApi {
      if (!env.api) throw new Error('the fake Bot API starts in beforeAll');
      return env.api;
    },
    get url() {
      return env.url;
    },
    bots: env.bots,
  };
}

describe.skipIf(!hasServer)('three bot processes on one PostgreSQL', () => {
  const env = botsOnScratch(async (api, url) => [
    // One first, so the others find the schema migrated; then two more side by side.
    await spawnBot(botEnv(api, url)),
    ...(await Promise.all([spawnBot(botEnv(api, url)), spawnBot(botEnv(api, url))])),
  ]);
  const live = () => env.bots.filter((b) => b.alive()).map((b) => b.port);

  it("handles one chat's updates spread round-robin over three processes in order, each once", async () => {
    const chat = 5001;
    const n = 24;
    for (let i = 0; i < n; i++) {
      const port = env.bots[i % 3]!.port;
      await deliver(() => [port], bahasa(chat));
    }
    await env.api.waitUntil(() => env.api.sentTexts(chat).length >= 2 * n, 120_000, 'all answered');
    await new Promise((r) => setTimeout(r, 500));
    expect(switches(env.api, chat)).toEqual(expected(n));
    expect(env.api.sentTexts(chat)).toHaveLength(2 * n);
    // Every process did some of the work.
    const handledBy = new Set(
      env.bots.flatMap((b, i) => (b.logs.some((l) => l.msg === 'http listening') ? [i] : [])),
    );
    expect(handledBy.size).toBe(3);
  });

  it('one process killed -9 mid-way: nothing lost, every update handled once and in order', async () => {
    const chats = [6001, 6002, 6003, 6004];
    const n = 12;
    let sent = 0;
    const victim = env.bots[1]!;
    // Replies take a while, so the victim has events and sends in hand when it dies.
    env.api.latencyMs = 150;
    let rr = 0;
    await Promise.all(
      chats.map(async (chat) => {
        for (let i = 0; i < n; i++) {
          if (sent++ === 14) void victim.kill('SIGKILL');
          const order = live();
          const first = rr++;
          await deliver(
            () => order.slice(first % order.length).concat(order.slice(0, first % order.length)),
            bahasa(chat),
          );
        }
      }),
    );
    env.api.latencyMs = 0;
    expect(victim.alive()).toBe(false);
    // Events the dead process held come back to the others when its lease runs out; replies it had
    // committed but not sent go out when their lease runs out (30 s).
    const sql = postgres(env.url, { max: 1, onnotice: () => {} });
    try {
      const until = Date.now() + 180_000;
      for (;;) {
        const [state] = await sql`select
            (select count(*)::int from inbox where handled_at is null) as unhandled,
            (select count(*)::int from outbox where sent_at is null and failed_at is null) as unsent`;
        if (state!.unhandled === 0 && state!.unsent === 0) break;
        if (Date.now() > until) throw new Error(`not settled: ${JSON.stringify(state)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 1000));
      const [row] = await sql`select count(*)::int as n, count(handled_at)::int as handled from inbox
        where channel = 'telegram' and user_key = any(${chats.map((c) => sealId(`telegram:${c}`))})`;
      // Each update stored once and handled once (the session flips prove the order).
      expect(row).toEqual({ n: chats.length * n, handled: chats.length * n });
    } finally {
      await sql.end();
    }
    for (const chat of chats) {
      // In order, none lost; a bubble whose send was on the wire at the kill may arrive twice
      // (replies are at least once), never a handling.
      const got = switches(env.api, chat);
      const deduped = got.filter((x, i) => i === 0 || x !== got[i - 1]);
      expect(deduped).toEqual(expected(n));
      expect(got.length - n).toBeLessThanOrEqual(1);
    }
  });
});

describe.skipIf(!hasServer)('an ingress-only process and worker processes', () => {
  const env = botsOnScratch(async (api, url) => [
    await spawnBot(botEnv(api, url, { WORKER_ONLY: '1' })),
    await spawnBot(botEnv(api, url, { INGRESS_ONLY: '1' })),
  ]);

  it('acknowledges while every worker is down (killed -9), and a new worker then handles each update once, in order', async () => {
    const [worker, ingress] = env.bots as [BotProcess, BotProcess];
    const chats = [7001, 7002];
    const n = 10;
    for (const chat of chats) for (let i = 0; i < 4; i++) await deliver(() => [ingress.port], bahasa(chat));
    await env.api.waitUntil(
      () => chats.every((c) => switches(env.api, c).length >= 4),
      60_000,
      'handled by the worker',
    );
    // Its sent marks written (a reply on the wire at a kill may go twice: see the test above).
    await new Promise((r) => setTimeout(r, 1000));
    await worker.kill('SIGKILL');
    // Nobody handles now; the ingress process still takes every update at once.
    for (const chat of chats)
      for (let i = 4; i < n; i++) await deliver(() => [ingress.port], bahasa(chat), 5_000);
    expect(chats.map((c) => switches(env.api, c).length)).toEqual([4, 4]);
    env.bots.push(await spawnBot(botEnv(env.api, env.url, { WORKER_ONLY: '1' })));
    await env.api.waitUntil(
      () => chats.every((c) => switches(env.api, c).length >= n),
      120_000,
      'handled after restart',
    );
    await new Promise((r) => setTimeout(r, 1000));
    for (const chat of chats) expect(switches(env.api, chat)).toEqual(expected(n));
    expect(ingress.alive()).toBe(true);
    expect(ingress.logs.some((l) => l.msg === 'bot running' && l.ingressOnly === true)).toBe(true);
  });
});

describe.skipIf(!hasServer)('terminated database connections', () => {
  it('the bot stays up and answers while its backends are terminated again and again', async () => {
    const api = await startFakeBotApi();
    const scratch = await createScratchDatabase();
    const bot = await spawnBot(botEnv(api, scratch.url, { DB_STATEMENT_TIMEOUT_MS: '2000' }));
    const admin = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      let stop = false;
      let kills = 0;
      const killer = (async () => {
        while (!stop) {
          const r = await admin`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
            where datname = current_database() and application_name = 'pantau-netral'`.catch(() => [
            { n: 0 },
          ]);
          kills += Number(r[0]?.n ?? 0);
          await new Promise((res) => setTimeout(res, 150));
        }
      })();
      const chat = 7001;
      let n = 0;
      // At least 20 messages, and on until the storm has hit the bot's backends more than 5 times
      // (a fast machine answers 20 before that many kills land).
      const until = Date.now() + 60_000;
      while (n < 20 || (kills <= 5 && Date.now() < until)) {
        await deliver(() => [bot.port], bahasa(chat));
        n++;
      }
      stop = true;
      await killer;
      expect(kills).toBeGreaterThan(5);
      await api.waitUntil(() => switches(api, chat).length >= n, 120_000, 'answered after the storm');
      expect(bot.alive()).toBe(true);
      const got = switches(api, chat);
      expect(got.filter((x, i) => i === 0 || x !== got[i - 1])).toEqual(expected(n));
      // Still answering afterwards.
      await deliver(() => [bot.port], bahasa(chat));
      await api.waitUntil(() => switches(api, chat).length >= n + 1, 60_000, 'answers after');
      expect(bot.logs.some((l) => /uncaught|Fatal/i.test(String(l.msg ?? l.line)))).toBe(false);
    } finally {
      await admin.end();
      await bot.kill('SIGTERM');
      await api.close();
      await scratch.drop();
    }
  });
});

describe.skipIf(!hasServer)('SIGTERM', () => {
  it('finishes the messages in hand and their replies; the rest waits in the inbox for the next process', async () => {
    const api = await startFakeBotApi();
    api.latencyMs = 300;
    const scratch = await createScratchDatabase();
    let bot = await spawnBot(botEnv(api, scratch.url));
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      const chats = [9101, 9102, 9103, 9104, 9105, 9106];
      for (const chat of chats) await deliver(() => [bot.port], bahasa(chat));
      expect(await bot.kill('SIGTERM')).toBe(0);
      // Nothing half done: no event held, no reply of a handled event left unsent.
      const [left] = await sql`select
          (select count(*)::int from inbox where handled_at is null and lease_until > now()) as held,
          (select count(*)::int from outbox where sent_at is null and failed_at is null) as unsent`;
      expect(left).toEqual({ held: 0, unsent: 0 });
      bot = await spawnBot(botEnv(api, scratch.url));
      await api.waitUntil(() => chats.every((c) => switches(api, c).length === 1), 60_000, 'all answered');
      await new Promise((r) => setTimeout(r, 1000));
      for (const chat of chats) expect(switches(api, chat)).toEqual(['en']);
    } finally {
      await sql.end();
      await bot.kill('SIGTERM');
      await api.close();
      await scratch.drop();
    }
  });
});

describe.skipIf(!canRunPrivateCluster())('a database outage (a private PostgreSQL stopped for 10 s)', () => {
  let cluster: PrivateCluster | undefined;
  afterAll(() => cluster?.destroy());

  it('acknowledges nothing it could not store, and handles every message in order once it returns', async () => {
    cluster = await startPrivateCluster();
    const api = await startFakeBotApi();
    const bot = await spawnBot(
      botEnv(api, cluster.url, { DB_CONNECT_TIMEOUT_MS: '2000', DB_STATEMENT_TIMEOUT_MS: '3000' }),
    );
    try {
      const chat = 8001;
      for (let i = 0; i < 2; i++) await deliver(() => [bot.port], bahasa(chat));
      await api.waitUntil(() => switches(api, chat).length === 2, 60_000, 'before the outage');
      cluster.stop();
      const down = Date.now();
      // Telegram keeps sending: every update is refused (non-2xx) until it can be stored.
      const refused: number[] = [];
      const first = bahasa(chat);
      // Bounded, so a webhook that hangs on the dead database fails here, by name.
      const res = await fetch(`http://127.0.0.1:${bot.port}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(first),
        signal: AbortSignal.timeout(20_000),
      });
      refused.push(res.status);
      const rest = Array.from({ length: 7 }, () => bahasa(chat));
      let restartError: unknown;
      const restart = setTimeout(
        () => {
          try {
            cluster!.start();
          } catch (err) {
            restartError = err;
          }
        },
        Math.max(0, 10_000 - (Date.now() - down)),
      );
      // One budget for the whole outage: every update must be taken within 150 s of the stop.
      const budget = () => Math.max(1_000, 150_000 - (Date.now() - down));
      await deliver(() => [bot.port], first, budget());
      for (const u of rest) await deliver(() => [bot.port], u, budget());
      clearTimeout(restart);
      expect(restartError).toBeUndefined();
      expect(refused[0]).toBeGreaterThanOrEqual(500);
      await api.waitUntil(() => switches(api, chat).length >= 10, 120_000, 'all answered after the outage');
      await new Promise((r) => setTimeout(r, 500));
      expect(switches(api, chat)).toEqual(expected(10));
      expect(bot.alive()).toBe(true);
    } catch (err) {
      // What the bot said last is the only way to tell a slow restart from a stuck worker.
      console.error('bot log tail:', JSON.stringify(bot.logs.slice(-40)));
      throw err;
    } finally {
      await bot.kill('SIGTERM');
      await api.close();
    }
  });
});
