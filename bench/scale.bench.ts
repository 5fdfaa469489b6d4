import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { parseConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { newDataKey } from '../src/privacy/crypto';
import { type BotProcess, spawnBot } from '../test/support/bot-process';
import { type FakeBotApi, startFakeBotApi } from '../test/support/fake-bot-api';
import { benchServerUrl, fmt, percentile, replyWatcher, scratchDatabase, webhookBot } from './support';

/**
 * The inbox at scale, on PostgreSQL:
 * - updates/s through 1, 2 and 3 real bot processes (`src/main.ts`, webhook mode) on one database,
 *   updates spread round-robin, counted until every reply reached the (fake) Bot API;
 * - at 200 users with 100 ms of Bot API latency: webhook acknowledgement and update → first reply.
 * Each figure is the median of RUNS runs, with the spread (min–max).
 */
// SCALE_RUNS overrides for a quick look (the printed figures are for 5).
const RUNS = Number(process.env.SCALE_RUNS) || 5;
const SECRET = 'bench-secret';
const HOOK = 'https://bench.example.test/hook';

const median = (xs: number[]) => percentile(xs, 50);
const spread = (xs: number[], d = 0) => `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}`;

let updateId = 1;
let chatBase = 1_000_000;
function update(chat: number, text: string) {
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private' },
      from: { id: chat, is_bot: false, first_name: 'Bench', language_code: 'id' },
      text,
    },
  };
}

/**
 * SCALE_CLIENT=http posts with node:http on a keep-alive agent instead of fetch. In the in-process
 * runs the load generator shares the bot's event loop, and fetch (undici: a Request, a Response,
 * web streams) costs that loop several times what node:http does; the default stays fetch so the
 * figures compare with the earlier rows.
 */
const LIGHT_CLIENT = process.env.SCALE_CLIENT === 'http';
const agent = new HttpAgent({ keepAlive: true });

function postLight(port: number, body: unknown): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/hook',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          'x-telegram-bot-api-secret-token': SECRET,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

async function post(port: number, body: unknown): Promise<number> {
  if (LIGHT_CLIENT) return postLight(port, body);
  const res = await fetch(`http://127.0.0.1:${port}/hook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** One run: USERS chats × PER messages, CONNECTIONS posting at once; updates/s until all answered. */
async function throughput(api: FakeBotApi, ports: number[]): Promise<number> {
  const USERS = 100;
  const PER = 4;
  const CONNECTIONS = 24;
  const chats = Array.from({ length: USERS }, () => chatBase++);
  const jobs = chats.flatMap((chat) => Array.from({ length: PER }, () => chat));
  // Interleaved, so one chat's messages are close together but spread over processes.
  jobs.sort(() => Math.random() - 0.5);
  const before = api.callsOf('sendMessage').length;
  const start = performance.now();
  let next = 0;
  let rr = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < jobs.length) {
        const chat = jobs[next++]!;
        const status = await post(ports[rr++ % ports.length]!, update(chat, 'menu'));
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      }
    }),
  );
  const until = Date.now() + 300_000;
  while (api.callsOf('sendMessage').length - before < jobs.length) {
    if (Date.now() > until) throw new Error('replies missing');
    await new Promise((r) => setTimeout(r, 5));
  }
  return jobs.length / ((performance.now() - start) / 1000);
}

/** A spawned bot on the fake Bot API's webhook; PostgreSQL requires a data key, so each env has one. */
function botEnv(api: FakeBotApi, url: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    DATA_KEY: newDataKey(),
    LOG_SALT: 'bench-scale-salt',
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: HOOK,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'info',
  };
}

async function processes(base: string): Promise<void> {
  const api = await startFakeBotApi();
  const scratch = await scratchDatabase(base);
  const bots: BotProcess[] = [];
  // One key for this run, shared by its processes (they read each other's rows).
  const env = botEnv(api, scratch.url);
  const results = new Map<number, number[]>();
  try {
    bots.push(await spawnBot(env));
    bots.push(await spawnBot(env), await spawnBot(env));
    await throughput(api, [bots[0]!.port]); // warm-up
    for (let run = 0; run < RUNS; run++) {
      for (const n of [1, 2, 3]) {
        const ports = bots.slice(0, n).map((b) => b.port);
        const list = results.get(n) ?? [];
        list.push(await throughput(api, ports));
        results.set(n, list);
      }
    }
  } finally {
    for (const b of bots) await b.kill('SIGTERM');
    await api.close();
    await scratch.drop();
  }
  const one = median(results.get(1)!);
  for (const n of [1, 2, 3]) {
    const xs = results.get(n)!;
    console.log(
      `inbox, ${n} process${n > 1 ? 'es' : ''} on PostgreSQL (webhook, 100 chats × 4, 24 connections): ` +
        `${fmt(median(xs), 0)} updates/s (runs ${spread(xs)}), ×${fmt(median(xs) / one, 2)} of one process`,
    );
  }
}

/** Where the bot under measurement runs: a webhook port, and how to stop it. */
interface BotUnderTest {
  port: number;
  /**
   * In the bench's process only: how long each webhook's events took to be stored (the inbox's part
   * of an acknowledgement) and how late a 5 ms timer fired (event-loop lag), since the last call.
   */
  inside?(): { storeMs: number[]; lagMs: number[] };
  /** CPU milliseconds (user + system) the process holding the bot has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A child's user + system CPU time from /proc (Linux; clock ticks of 10 ms), NaN elsewhere. */
function childCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The bot inside the bench's own process and event loop (with the load generator and the fake Bot API). */
async function inProcessBot(api: FakeBotApi, url: string): Promise<BotUnderTest> {
  const database = await openDatabase({ url });
  const bot = await webhookBot(database, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: HOOK,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    WORKER_CONCURRENCY: '16',
  });
  const sink = bot.app.dispatcher.sink;
  let storeMs: number[] = [];
  let lagMs: number[] = [];
  let last = performance.now();
  const lag = setInterval(() => {
    const now = performance.now();
    lagMs.push(now - last - 5);
    last = now;
  }, 5);
  await bot.channel.start({
    ...sink,
    async accept(events) {
      const t0 = performance.now();
      try {
        await sink.accept(events);
      } finally {
        storeMs.push(performance.now() - t0);
      }
    },
  });
  return {
    port: bot.port,
    cpuMs: ownCpuMs,
    inside() {
      const out = { storeMs, lagMs };
      storeMs = [];
      lagMs = [];
      return out;
    },
    async stop() {
      clearInterval(lag);
      await bot.stop();
      await database.close();
    },
  };
}

/** The bot as deployed: `src/main.ts` in a process of its own, with the same settings. */
async function ownProcessBot(api: FakeBotApi, url: string): Promise<BotUnderTest> {
  const bot = await spawnBot({
    ...botEnv(api, url),
    WORKER_CONCURRENCY: '16',
    // The configuration's default, as in the in-process bot (spawnBot turns pacing off otherwise).
    TELEGRAM_CHAT_INTERVAL_MS: String(parseConfig({}).TELEGRAM_CHAT_INTERVAL_MS),
    // E.g. BOT_NODE_OPTIONS=--cpu-prof to profile the bot alone.
    ...(process.env.BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } : {}),
  });
  return {
    port: bot.port,
    cpuMs: () => childCpuMs(bot.proc.pid),
    async stop() {
      const code = await bot.kill('SIGTERM');
      if (code !== 0) throw new Error(`bot exited ${code}`);
    },
  };
}

/**
 * The split deployment: an ingress-only process takes the webhook and stores, a worker-only process
 * handles and sends (woken by the ingress's notifications). CPU is the two processes together.
 */
async function splitProcessBots(api: FakeBotApi, url: string): Promise<BotUnderTest> {
  const env = {
    ...botEnv(api, url),
    WORKER_CONCURRENCY: '16',
    TELEGRAM_CHAT_INTERVAL_MS: String(parseConfig({}).TELEGRAM_CHAT_INTERVAL_MS),
  };
  const worker = await spawnBot({ ...env, WORKER_ONLY: '1' });
  const ingress = await spawnBot({ ...env, INGRESS_ONLY: '1' });
  return {
    port: ingress.port,
    cpuMs: () => childCpuMs(worker.proc.pid) + childCpuMs(ingress.proc.pid),
    async stop() {
      for (const bot of [ingress, worker]) {
        const code = await bot.kill('SIGTERM');
        if (code !== 0) throw new Error(`bot exited ${code}`);
      }
    },
  };
}

/**
 * 200 users, 100 ms Bot API latency, one bot: acknowledgement and first-reply latency. `where`
 * says whether the bot shares the bench's event loop or runs in its own process, as deployed.
 */
/** Where the bot under measurement runs, how to start it there, and whose CPU is counted. */
const SETUPS = {
  'own process': { start: ownProcessBot, whose: 'bot process' },
  'split processes': { start: splitProcessBots, whose: 'ingress and worker processes' },
  // In the bench's process this counts the load generator and the fake Bot API too.
  'in-process': { start: inProcessBot, whose: 'bench process (bot, load, fake Bot API)' },
} as const;

async function latency(base: string, where: keyof typeof SETUPS): Promise<void> {
  const USERS = 200;
  const PER = 3;
  const ack50: number[] = [];
  const ack99: number[] = [];
  const rep50: number[] = [];
  const rep99: number[] = [];
  const cpuPer: number[] = [];
  const store99: number[] = [];
  const lag99: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Connections kept alive, as the real Bot API keeps them (the fake's default drops each one).
    const api = await startFakeBotApi({ keepAliveMs: 60_000 });
    api.latencyMs = 100;
    const scratch = await scratchDatabase(base);
    let bot: BotUnderTest | undefined;
    const acks: number[] = [];
    const replies: number[] = [];
    const watch = replyWatcher(api);
    try {
      bot = await SETUPS[where].start(api, scratch.url);
      const port = bot.port;
      const cpu0 = bot.cpuMs();
      bot.inside?.();
      // Each user writes every ~1 s (±50%), as people do; 200 users ≈ 200 updates/s offered.
      await Promise.all(
        Array.from({ length: USERS }, async () => {
          const chat = chatBase++;
          await new Promise((r) => setTimeout(r, Math.random() * 1000));
          for (let m = 0; m < PER; m++) {
            const t0 = performance.timeOrigin + performance.now();
            const status = await post(port, update(chat, 'menu'));
            const t1 = performance.timeOrigin + performance.now();
            if (status !== 200) throw new Error(`webhook answered ${status}`);
            acks.push(t1 - t0);
            replies.push((await watch.nth(chat, m + 1)) - t0);
            await new Promise((r) => setTimeout(r, 500 + Math.random() * 1000));
          }
        }),
      );
      cpuPer.push((bot.cpuMs() - cpu0) / (USERS * PER));
      const inside = bot.inside?.();
      if (inside) {
        store99.push(percentile(inside.storeMs, 99));
        lag99.push(percentile(inside.lagMs, 99));
      }
    } finally {
      watch.stop();
      await bot?.stop();
      await api.close();
      await scratch.drop();
    }
    ack50.push(percentile(acks, 50));
    ack99.push(percentile(acks, 99));
    rep50.push(percentile(replies, 50));
    rep99.push(percentile(replies, 99));
  }
  const client = LIGHT_CLIENT ? ', load posted with node:http' : '';
  const label = `inbox, 200 users, Bot API latency 100 ms, PostgreSQL, bot ${where}${client}`;
  console.log(
    `${label}: acknowledgement p50 ${fmt(median(ack50))} ms ` +
      `(runs ${spread(ack50, 1)}), p99 ${fmt(median(ack99))} ms (runs ${spread(ack99, 1)}; target < 50 ms)`,
  );
  console.log(
    `${label}: update → first reply at the Bot API p50 ${fmt(median(rep50))} ms ` +
      `(runs ${spread(rep50, 1)}), p99 ${fmt(median(rep99))} ms (runs ${spread(rep99, 1)}; target < 300 ms)`,
  );
  console.log(
    `${label}: CPU of the ${SETUPS[where].whose} per update ${fmt(median(cpuPer), 2)} ms (runs ${spread(cpuPer, 2)})`,
  );
  if (store99.length) {
    console.log(
      `${label}: storing a webhook's events p99 ${fmt(median(store99))} ms (runs ${spread(store99, 1)}), ` +
        `event-loop lag p99 ${fmt(median(lag99))} ms (runs ${spread(lag99, 1)})`,
    );
  }
}

export async function run(): Promise<void> {
  const base = await benchServerUrl();
  if (!base) {
    console.log('inbox scale: skipped (no PostgreSQL: set DATABASE_URL)');
    return;
  }
  // SCALE_PART=latency or SCALE_PART=processes runs one part only.
  const part = process.env.SCALE_PART;
  if (!part || part === 'latency') {
    // SCALE_WHERE=own, in or split measures one set-up only.
    const where = process.env.SCALE_WHERE;
    if (!where || where === 'own') await latency(base, 'own process');
    if (!where || where === 'split') await latency(base, 'split processes');
    if (!where || where === 'in') await latency(base, 'in-process');
  }
  if (!part || part === 'processes') await processes(base);
}
