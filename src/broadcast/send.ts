import { eq } from 'drizzle-orm';
import type { ChannelName, Locale, Outbound } from '../core/message';
import {
  DeliverySkippedError,
  OutcomeUnknownError,
  RetryLaterError,
  type Sender,
  UnreachableError,
} from '../core/send';
import type { Database } from '../db/client';
import { markUnreachable } from '../db/contacts';
import { broadcasts } from '../db/schema';
import { hashId, type Logger } from '../log';
import {
  beginSend,
  type ClaimedDelivery,
  claimDue,
  finishBroadcasts,
  markFailed,
  markRetry,
  markSent,
  markSkipped,
  markUnknown,
  nextDueAt,
  recoverInterrupted,
  releaseUnsent,
  skipIfGone,
} from './deliveries';
import type { RateLimiter } from './limiter';
import { type BroadcastContent, broadcastMessage } from './message';

/** Exclusive right to send on a channel across processes (PostgreSQL advisory lock; PGlite has one process). */
export interface ChannelLock {
  tryAcquire(): Promise<(() => Promise<void>) | undefined>;
}

const SENT_FLUSH_SIZE = 50;

export interface DrainerOptions {
  database: Database;
  channel: ChannelName;
  sender: Sender;
  limiter: RateLimiter;
  log: Logger;
  lock?: ChannelLock;
  /** Sends in flight at once (enough to hide the platform's latency at the configured rate). */
  concurrency?: number;
  batchSize?: number;
  /** Attempts before a delivery that keeps failing transiently is recorded as failed. */
  maxAttempts?: number;
  /** Backoff for transient errors: base × 2^(attempt-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Safety net: look for due rows this often even without a wake-up. */
  pollMs?: number;
  /** Called after each delivery finishes (progress reporting). */
  onBroadcastsFinished?: (ids: number[]) => void;
}

export interface ChannelDrainer {
  channel: ChannelName;
  /** Something may be due: drain now (or right after the current pass). */
  kick(): void;
  /** Resolves when no pass is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A failure that says the whole channel must stop (the WhatsApp broadcast sender's
 * BroadcastHaltedError: daily cap reached, or repeated failures). Matched by shape so the engine
 * does not depend on one channel's module. `resumeAfterMs` set: wait that long; unset: until restart.
 */
function haltOf(err: unknown): { resumeAfterMs?: number } | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { haltChannel?: boolean; reason?: unknown; resumeAfterMs?: unknown };
  if (e.haltChannel === true || e.reason === 'daily_cap' || e.reason === 'failures') {
    return typeof e.resumeAfterMs === 'number' ? { resumeAfterMs: e.resumeAfterMs } : {};
  }
  return undefined;
}

/** The channel's own opt-in check refused (WhatsApp's NotOptedInError): the contact is skipped. */
function notOptedIn(err: unknown): boolean {
  return err instanceof Error && err.constructor.name === 'NotOptedInError';
}

/** Failures that happen before a request leaves (no connection, not connected): safe to retry. */
export function notSent(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { notSent?: boolean; code?: unknown };
  return e.notSent === true || (typeof e.code === 'string' && CONNECT_ERRORS.has(e.code));
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** A 4xx other than 429 from the platform: retrying cannot help (bad request, chat not found). */
export function isPermanent(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { permanent?: boolean; code?: unknown; response?: { error_code?: unknown } };
  if (e.permanent === true) return true;
  const code = typeof e.response?.error_code === 'number' ? e.response.error_code : e.code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 429;
}

/**
 * Sends the pending deliveries of one channel at that channel's pace. One drainer per channel per
 * process; the channel lock keeps it to one process per channel, so the rate is the rate overall.
 */
export function createChannelDrainer(opts: DrainerOptions): ChannelDrainer {
  const { database, channel, sender, limiter, log } = opts;
  const db = database.db;
  const concurrency = opts.concurrency ?? 4;
  const batchSize = opts.batchSize ?? 200;
  const maxAttempts = opts.maxAttempts ?? 6;
  const backoffBase = opts.backoffBaseMs ?? 2000;
  const backoffMax = opts.backoffMaxMs ?? 5 * 60_000;
  const content = new Map<number, BroadcastContent>();
  const messages = new Map<string, Outbound[]>();
  /** Sends that succeeded, recorded together: one write per message (the in-flight mark) instead of two. */
  const sentIds: number[] = [];
  const flushTimer = setInterval(() => {
    flushSent().catch((err) => log.error({ err }, 'recording sent deliveries failed'));
  }, 250);
  flushTimer.unref();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let halted = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = setInterval(() => kick(), opts.pollMs ?? 5000);
  poll.unref();

  async function messagesFor(d: ClaimedDelivery): Promise<Outbound[]> {
    const locale: Locale = d.locale === 'en' ? 'en' : 'id';
    const key = `${d.broadcastId}:${locale}`;
    const cached = messages.get(key);
    if (cached) return cached;
    let c = content.get(d.broadcastId);
    if (!c) {
      const [row] = await db
        .select({ text: broadcasts.text, image: broadcasts.image, imageMime: broadcasts.imageMime })
        .from(broadcasts)
        .where(eq(broadcasts.id, d.broadcastId));
      c = {
        text: row?.text ?? '',
        image: row?.image && row.imageMime ? { mime: row.imageMime, bytes: row.image } : undefined,
      };
      content.set(d.broadcastId, c);
    }
    const out = [broadcastMessage(c, locale)];
    messages.set(key, out);
    return out;
  }

  async function sendOne(d: ClaimedDelivery): Promise<void> {
    if (stopped || halted) return;
    const msgs = await messagesFor(d);
    await limiter.take();
    if (stopped || halted) return;
    if (!(await beginSend(database, d.id))) {
      const why = await skipIfGone(db, d.id);
      if (why) log.debug({ delivery: d.id, why }, 'delivery skipped');
      return;
    }
    try {
      await limiter.holdIfPaused();
      await sender.send(d.externalId, msgs, { deliveryId: d.id });
    } catch (err) {
      await failed(d, err);
      return;
    }
    // From here until the flush the row says "in flight" while the platform has the message: a crash
    // now records it as interrupted and never resends it, which is what at-most-once wants.
    sentIds.push(d.id);
    if (sentIds.length >= SENT_FLUSH_SIZE) await flushSent();
  }

  async function flushSent(): Promise<void> {
    if (!sentIds.length) return;
    const ids = sentIds.splice(0, sentIds.length);
    await markSent(database, ids);
  }

  async function failed(d: ClaimedDelivery, err: unknown): Promise<void> {
    const attempt = d.attempts + 1;
    if (err instanceof UnreachableError) {
      await markFailed(db, d.id, `unreachable: ${err.reason}`);
      await markUnreachable(db, d.contactId, err.reason);
      log.info({ contact: hashId(d.externalId), channel, reason: err.reason }, 'contact unreachable');
      return;
    }
    const halt = haltOf(err);
    if (halt) {
      halted = true;
      await releaseUnsent(db, d.id, String(err));
      if (halt.resumeAfterMs !== undefined) {
        log.warn({ channel, resumeAfterMs: halt.resumeAfterMs, reason: String(err) }, 'channel paused');
        clearTimeout(timer);
        timer = setTimeout(() => {
          halted = false;
          kick();
        }, halt.resumeAfterMs);
        timer.unref();
      } else {
        log.error({ channel, reason: String(err) }, 'channel halted: broadcast paused until restart');
      }
      return;
    }
    if (notOptedIn(err)) {
      await markSkipped(db, d.id, 'not opted in');
      return;
    }
    if (err instanceof DeliverySkippedError) {
      await markSkipped(db, d.id, err.skipReason);
      log.info({ delivery: d.id, channel, reason: err.skipReason }, 'delivery skipped');
      return;
    }
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof OutcomeUnknownError) {
      await markUnknown(db, d.id, reason);
      log.warn({ delivery: d.id, channel, reason }, 'delivery outcome unknown: not resent');
      return;
    }
    if (isPermanent(err) || attempt >= maxAttempts) {
      await markFailed(db, d.id, reason);
      log.warn({ delivery: d.id, channel, attempt, reason }, 'delivery failed');
      return;
    }
    if (err instanceof RetryLaterError) {
      // Telegram's retry_after is for the bot as a whole: everyone on this channel waits.
      limiter.pauseUntil(Date.now() + err.retryAfterMs);
      await markRetry(db, d.id, reason, err.retryAfterMs);
      return;
    }
    if (!notSent(err)) {
      // Nothing says the request never left: it may have arrived, so it is not sent again.
      await markUnknown(db, d.id, reason);
      log.warn({ delivery: d.id, channel, reason }, 'delivery outcome unknown: not resent');
      return;
    }
    const delay = Math.min(backoffMax, backoffBase * 2 ** (attempt - 1));
    await markRetry(db, d.id, reason, delay);
    log.warn({ delivery: d.id, channel, attempt, delay, reason }, 'delivery will be retried');
  }

  async function pool(rows: ClaimedDelivery[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < rows.length && !stopped && !halted) {
        const d = rows[next++]!;
        try {
          await sendOne(d);
        } catch (err) {
          // A database error: the row stays as it is (pending or in flight) and is looked at again.
          log.error({ err, delivery: d.id }, 'delivery bookkeeping failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
  }

  async function pass(): Promise<void> {
    const release = opts.lock ? await opts.lock.tryAcquire() : async () => {};
    if (!release) return; // another process sends on this channel; the poll looks again later
    try {
      const lost = await recoverInterrupted(db, channel);
      if (lost)
        log.warn({ channel, deliveries: lost }, 'deliveries interrupted by a crash recorded, not resent');
      for (;;) {
        again = false;
        if (stopped || halted) break;
        const rows = await claimDue(db, channel, batchSize);
        if (!rows.length) {
          const done = await finishBroadcasts(db);
          if (done.length) {
            for (const id of done) content.delete(id);
            opts.onBroadcastsFinished?.(done);
          }
          if (again) continue;
          break;
        }
        await pool(rows);
        await flushSent();
      }
      if (!stopped && !halted) {
        const due = await nextDueAt(db, channel);
        if (due) {
          clearTimeout(timer);
          timer = setTimeout(kick, Math.max(50, due.getTime() - Date.now()));
          timer.unref();
        }
      }
    } finally {
      await release();
    }
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((err) => log.error({ err, channel }, 'broadcast pass failed'))
      .finally(() => {
        running = undefined;
        if (again && !stopped && !halted) kick();
      });
  }

  return {
    channel,
    kick,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearInterval(flushTimer);
      clearTimeout(timer);
      while (running) await running;
      await flushSent();
    },
  };
}
