import PgBoss from 'pg-boss';
import { type Config, whatsappCloudEnabled } from '../config';
import type { ChannelName } from '../core/message';
import type { Sender, Senders } from '../core/send';
import type { Database, Queryable } from '../db/client';
import type { Logger } from '../log';
import { BROADCAST_CHANNELS } from './audience';
import { bossDb, bossTx } from './boss-db';
import { createRateLimiter, type RateLimiter } from './limiter';
import { whatsappBroadcastPace } from './plan';
import { type ChannelDrainer, type ChannelLock, createChannelDrainer } from './send';

/**
 * Broadcast delivery, wired: one drainer per channel this process can send on, woken through
 * pg-boss jobs (one queue per channel, so a process only takes wake-ups it can act on). The
 * deliveries table is the truth; a job only says "look now", which makes a lost or repeated job
 * harmless, and a wake-up written in the same transaction as the plan cannot get ahead of it.
 */

export const BOSS_SCHEMA = 'pgboss';
const queueName = (channel: ChannelName) => `broadcast-${channel}`;

export interface BroadcastWorkers {
  boss: PgBoss;
  drainers: Map<ChannelName, ChannelDrainer>;
  /** Wake the drainers of these channels wherever they run (after the plan has committed). */
  wake(channels?: readonly ChannelName[]): Promise<void>;
  /** Idle in this process (tests, CLI). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  database: Database;
  config: Config;
  /** The broadcast sender of each channel this process sends on. */
  senders: Senders;
  log: Logger;
  /** Test and bench knobs. */
  limiters?: Partial<Record<ChannelName, RateLimiter>>;
  concurrency?: Partial<Record<ChannelName, number>>;
  pollMs?: number;
  backoffBaseMs?: number;
  maxAttempts?: number;
  onBroadcastsFinished?: (ids: number[]) => void;
  /** Run pg-boss's cron in this process (the bot: src/privacy/jobs.ts schedules on this boss). */
  schedule?: boolean;
}

/** The pace each platform allows, from configuration. */
export function channelLimiter(channel: ChannelName, config: Config): RateLimiter {
  // The Cloud API is Meta's own: a steady upper bound, no jitter, no ban to fear.
  if (channel === 'whatsapp' && whatsappCloudEnabled(config))
    return createRateLimiter({ ratePerSecond: config.WHATSAPP_CLOUD_RATE_PER_SECOND });
  if (channel === 'whatsapp') {
    const pace = whatsappBroadcastPace(config);
    return createRateLimiter({ ratePerSecond: pace.ratePerMinute / 60, jitterMs: pace.jitterMs });
  }
  return createRateLimiter({ ratePerSecond: config.TELEGRAM_RATE_PER_SECOND });
}

/**
 * On PostgreSQL several processes may hold a sender for a channel (the bot, the CLI): a session
 * advisory lock lets one of them send at a time, so the configured rate is the total rate. It
 * is dropped by the server when the process dies, so a crash never leaves the channel locked.
 */
function advisoryLock(database: Database, channel: ChannelName): ChannelLock | undefined {
  const client = database.sql;
  if (!client) return undefined; // PGlite: one process owns the data folder
  return {
    async tryAcquire() {
      const conn = await client.reserve();
      const key = `pantau:broadcast:${channel}`;
      const [row] = await conn`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`;
      if (!row?.ok) {
        conn.release();
        return undefined;
      }
      return async () => {
        await conn`select pg_advisory_unlock(hashtextextended(${key}, 0))`.catch(() => {});
        conn.release();
      };
    },
  };
}

function newBoss(database: Database, log: Logger, schedule = false): PgBoss {
  const boss = new PgBoss({
    db: bossDb(database),
    schema: BOSS_SCHEMA,
    // Cron (the daily privacy job) only in the bot process, not in every CLI run.
    schedule,
    // Wake-up jobs are tiny and short-lived.
    deleteAfterHours: 24,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  return boss;
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const channel of BROADCAST_CHANNELS) {
    if (!(await boss.getQueue(queueName(channel)))) await boss.createQueue(queueName(channel));
  }
}

/** One wake-up per channel per second is plenty; more would only be merged by the drainer. */
function wakeJob(boss: PgBoss, channel: ChannelName, db?: Queryable) {
  return boss.sendThrottled(
    queueName(channel),
    { channel },
    db ? ({ db: bossTx(db) } as PgBoss.SendOptions) : {},
    1,
    channel,
  );
}

export async function startBroadcastWorkers(opts: WorkerOptions): Promise<BroadcastWorkers> {
  const { database, config, log } = opts;
  const boss = newBoss(database, log, opts.schedule === true);
  await boss.start();
  await ensureQueues(boss);
  const drainers = new Map<ChannelName, ChannelDrainer>();
  for (const channel of BROADCAST_CHANNELS) {
    const sender: Sender | undefined = opts.senders[channel];
    if (!sender) continue;
    const lock = advisoryLock(database, channel);
    const drainer = createChannelDrainer({
      database,
      channel,
      sender,
      limiter: opts.limiters?.[channel] ?? channelLimiter(channel, config),
      log,
      // Enough sends in flight to reach the rate through the platform's latency; baileys one at a time.
      concurrency:
        opts.concurrency?.[channel] ?? (channel === 'telegram' || whatsappCloudEnabled(config) ? 8 : 1),
      ...(lock ? { lock } : {}),
      ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
      ...(opts.backoffBaseMs !== undefined ? { backoffBaseMs: opts.backoffBaseMs } : {}),
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      ...(opts.onBroadcastsFinished ? { onBroadcastsFinished: opts.onBroadcastsFinished } : {}),
    });
    drainers.set(channel, drainer);
    await boss.work(queueName(channel), { pollingIntervalSeconds: 0.5, batchSize: 10 }, async () => {
      drainer.kick();
    });
    // Carry on with whatever a previous run left (a crash, a restart, a CLI run on another channel).
    drainer.kick();
  }
  log.info({ channels: [...drainers.keys()], db: database.kind }, 'broadcast workers running');
  const workers: BroadcastWorkers = {
    boss,
    drainers,
    async wake(channels = BROADCAST_CHANNELS) {
      for (const ch of channels) {
        const local = drainers.get(ch);
        if (local) local.kick();
        else await wakeJob(boss, ch);
      }
    },
    async idle() {
      for (const d of drainers.values()) await d.idle();
    },
    async stop() {
      for (const d of drainers.values()) await d.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 3000 } as PgBoss.StopOptions);
    },
  };
  activeWorkers = workers;
  const stop = workers.stop;
  workers.stop = async () => {
    if (activeWorkers === workers) activeWorkers = undefined;
    await stop();
  };
  return workers;
}

let activeWorkers: BroadcastWorkers | undefined;

/**
 * Wakes the senders from inside a transaction (the chat's "Kirim" runs in the message's
 * transaction): the pg-boss job is written by that transaction, so it exists only if the plan
 * committed. Without a running boss in this process nothing is written; the drainers' own poll
 * (and the start-up pass of the process that sends) still find the rows.
 */
export async function wakeInTransaction(tx: Queryable, channels: readonly ChannelName[]): Promise<void> {
  const w = activeWorkers;
  if (!w) return;
  for (const ch of channels) await wakeJob(w.boss, ch, tx);
}

/** For tools that only plan (the CLI without a Telegram token): wake the bot process through pg-boss. */
export async function sendWakeUps(
  database: Database,
  log: Logger,
  channels: readonly ChannelName[],
): Promise<void> {
  const boss = newBoss(database, log);
  await boss.start();
  try {
    await ensureQueues(boss);
    for (const ch of channels) await wakeJob(boss, ch);
  } finally {
    await boss.stop({ graceful: false, wait: true } as PgBoss.StopOptions);
  }
}
