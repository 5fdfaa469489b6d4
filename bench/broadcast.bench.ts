import { sql } from 'drizzle-orm';
import { audienceOf } from '../src/broadcast/audience';
import { progressOf } from '../src/broadcast/deliveries';
import { createRateLimiter } from '../src/broadcast/limiter';
import { createBroadcast, planBroadcast, startBroadcast } from '../src/broadcast/plan';
import { telegramBroadcastSender } from '../src/broadcast/senders';
import { startBroadcastWorkers } from '../src/broadcast/workers';
import { parseConfig } from '../src/config';
import { type Database, openDatabase } from '../src/db/client';
import { silentLogger } from '../src/log';
import { startFakeBotApi } from '../test/support/fake-bot-api';
import { benchServerUrl, fmt, scratchDatabase } from './support';

/**
 * Planning: one INSERT ... SELECT turning 100,000 subscribers into delivery rows.
 * Send loop: messages per second with the rate limit lifted (1,000,000/s) against the loopback
 * Bot API, i.e. what the engine itself (claim, per-message compare-and-set, send, record) can do;
 * it must stay far above Telegram's 25/s so the platform, never the engine, sets the pace.
 * Paced: 250 messages at Telegram's 25/s on the real clock, the achieved rate and its ratio to the setting.
 */
const RECIPIENTS = 100_000;
const SENDS = 2_000;

async function seed(database: Database, n: number, channel = 'telegram', first = 1): Promise<void> {
  await database.db.execute(sql`
    insert into contacts (channel, external_id, locale, subscribed, subscribed_at)
    select ${channel}, (${first}::bigint + g)::text, case when g % 5 = 0 then 'en' else 'id' end, true, now()
    from generate_series(0, ${n - 1}::int) g`);
}

async function planning(label: string, database: Database): Promise<void> {
  await seed(database, RECIPIENTS);
  const id = await createBroadcast(database.db, {
    createdBy: 'bench',
    text: 'Halo',
    audience: audienceOf('all'),
  });
  const t0 = performance.now();
  const counts = await planBroadcast(database.db, id);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await planBroadcast(database.db, id);
  const again = performance.now() - t1;
  console.log(
    `plan ${label.padEnd(10)} ${RECIPIENTS.toLocaleString('en')} recipients: ${fmt(ms, 0)} ms (${counts.telegram} rows; planning again: ${fmt(again, 0)} ms)`,
  );
}

async function sendLoop(
  label: string,
  database: Database,
  paced?: { rate: number; sends: number },
): Promise<void> {
  const api = await startFakeBotApi();
  const total = paced?.sends ?? SENDS;
  await seed(database, total, 'telegram', 10_000_000);
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: api.token });
  const workers = await startBroadcastWorkers({
    database,
    config,
    senders: { telegram: telegramBroadcastSender(config, silentLogger, api.apiRoot) },
    log: silentLogger,
    limiters: { telegram: createRateLimiter({ ratePerSecond: paced?.rate ?? 1_000_000 }) },
    concurrency: { telegram: 16 },
  });
  const id = await createBroadcast(database.db, {
    createdBy: 'bench',
    text: 'Halo',
    audience: audienceOf('telegram'),
  });
  await database.db.execute(sql`update contacts set subscribed = false where external_id::bigint < 10000000`);
  await startBroadcast(database.db, id);
  const t0 = performance.now();
  await workers.wake(['telegram']);
  for (;;) {
    const p = await progressOf(database.db, id);
    if (p && p.pending === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const secs = (performance.now() - t0) / 1000;
  await workers.stop();
  const sends = api.callsOf('sendMessage');
  const first = Math.min(...sends.map((c) => c.at));
  const last = Math.max(...sends.map((c) => c.at));
  const atApi = (sends.length - 1) / ((last - first) / 1000);
  if (paced) {
    console.log(
      `send ${label.padEnd(10)} ${total} messages paced at ${paced.rate}/s (real clock): ${fmt(atApi, 2)} msg/s at the Bot API ` +
        `(${fmt(atApi / paced.rate, 3)}× the configured pace; ${new Set(sends.map((c) => String(c.params.chat_id))).size} distinct chats of ${sends.length} sends)`,
    );
  } else {
    console.log(
      `send ${label.padEnd(10)} ${total} messages, rate limit lifted: ${fmt(total / secs, 0)} msg/s end to end ` +
        `(${fmt(atApi, 0)} msg/s at the Bot API; Telegram allows 25/s → ${fmt(total / secs / 25, 1)}× headroom)`,
    );
  }
  await api.close();
}

export async function run(): Promise<void> {
  const lite = await openDatabase({ dataDir: 'memory' });
  await planning('pglite', lite);
  await lite.close();
  const lite2 = await openDatabase({ dataDir: 'memory' });
  await sendLoop('pglite', lite2);
  await lite2.close();
  const lite3 = await openDatabase({ dataDir: 'memory' });
  await sendLoop('pglite', lite3, { rate: 25, sends: 250 });
  await lite3.close();

  const base = await benchServerUrl();
  if (!base) {
    console.log('postgres: no server (set DATABASE_URL) — skipped');
    return;
  }
  for (const what of [planning, sendLoop]) {
    const scratch = await scratchDatabase(base);
    const database = await openDatabase({ url: scratch.url });
    try {
      await what('postgres', database);
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
}
