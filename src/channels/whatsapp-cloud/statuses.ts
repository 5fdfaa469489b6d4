import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { broadcasts, deliveries } from '../../db/schema';
import type { Logger } from '../../log';
import { SKIP_NO_TEMPLATE, STOPPED_REASON, unsubscribeContact } from './broadcast';
import { GRAPH_ERRORS } from './graph-api';
import type { CloudStatus } from './normalize';
import { PAIR_RATE_BACKOFF_MS, RATE_BACKOFF_MS } from './sender';

/**
 * Meta's delivery statuses applied to broadcast rows (found by the wamid the send recorded). sent →
 * delivered → read only move forward; `failed` decides what happens to the delivery: a retry by
 * template (131047), a later retry (rate limits), an unsubscribe (131050) or a failure with Meta's
 * reason. Statuses of replies match no delivery and are dropped.
 */

const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3 };
/** Attempts of one delivery before rate-limit failures count as final. */
const MAX_ATTEMPTS = 6;

export interface StatusOutcome {
  wamid: string;
  result:
    | 'progress'
    | 'retry'
    | 'template'
    | 'skipped'
    | 'unsubscribed'
    | 'failed'
    | 'unknown message'
    | 'stale';
}

export async function applyStatuses(
  database: Database,
  statuses: readonly CloudStatus[],
  opts: {
    config: Pick<Config, 'WHATSAPP_CLOUD_BROADCAST_TEMPLATE'>;
    log?: Logger;
    /** Waits after rate-limit failures (tests shorten them). */
    backoffMs?: { rate: number; pair: number };
  },
): Promise<StatusOutcome[]> {
  const db = database.db;
  const out: StatusOutcome[] = [];
  for (const s of statuses) {
    const result = await db.transaction(async (tx): Promise<StatusOutcome['result']> => {
      const [row] = await tx
        .select({
          id: deliveries.id,
          broadcastId: deliveries.broadcastId,
          contactId: deliveries.contactId,
          status: deliveries.status,
          platformStatus: deliveries.platformStatus,
          via: deliveries.via,
          attempts: deliveries.attempts,
        })
        .from(deliveries)
        .where(eq(deliveries.platformMessageId, s.wamid))
        .for('update');
      if (!row) return 'unknown message';
      if (row.platformStatus === 'failed') return 'stale';
      const here = and(eq(deliveries.id, row.id), eq(deliveries.platformMessageId, s.wamid));
      if (s.status !== 'failed') {
        if ((RANK[s.status] ?? 0) <= (RANK[row.platformStatus ?? ''] ?? 0)) return 'stale';
        await tx.update(deliveries).set({ platformStatus: s.status }).where(here);
        return 'progress';
      }
      const code = s.error?.code;
      const reason = `${code ?? 'failed'}${s.error?.title ? `: ${s.error.title}` : ''}`.slice(0, 500);
      // The message was not delivered, so sending it again cannot make a duplicate.
      const retry = async (delayMs: number, extra: { via?: string } = {}) => {
        // A broadcast that looked finished has one more to send.
        await tx
          .update(broadcasts)
          .set({ status: 'sending', finishedAt: null })
          .where(and(eq(broadcasts.id, row.broadcastId), eq(broadcasts.status, 'done')));
        await tx
          .update(deliveries)
          .set({
            status: 'pending',
            sentAt: null,
            platformMessageId: null,
            platformStatus: null,
            lastError: reason,
            nextAttemptAt: sql`now() + ${`${delayMs} milliseconds`}::interval`,
            ...extra,
          })
          .where(here);
      };
      const fail = (status: 'failed' | 'skipped', lastError: string) =>
        tx.update(deliveries).set({ status, platformStatus: 'failed', lastError }).where(here);
      if (code === GRAPH_ERRORS.userStopped) {
        await unsubscribeContact(tx, row.contactId);
        await fail('failed', STOPPED_REASON);
        return 'unsubscribed';
      }
      if (code === GRAPH_ERRORS.reEngagement && row.via !== 'template') {
        if (!opts.config.WHATSAPP_CLOUD_BROADCAST_TEMPLATE) {
          await fail('skipped', `${SKIP_NO_TEMPLATE} (131047)`);
          return 'skipped';
        }
        await retry(0, { via: 'template' });
        return 'template';
      }
      if (
        (code === GRAPH_ERRORS.rateLimit || code === GRAPH_ERRORS.pairRateLimit) &&
        row.attempts < MAX_ATTEMPTS
      ) {
        const wait = opts.backoffMs ?? { rate: RATE_BACKOFF_MS, pair: PAIR_RATE_BACKOFF_MS };
        const base = code === GRAPH_ERRORS.rateLimit ? wait.rate : wait.pair;
        await retry(base * 2 ** Math.max(0, row.attempts - 1));
        return 'retry';
      }
      await fail('failed', reason);
      return 'failed';
    });
    if (result !== 'unknown message' && result !== 'progress' && result !== 'stale')
      opts.log?.info({ result, code: s.error?.code }, 'whatsapp cloud delivery status');
    out.push({ wamid: s.wamid, result });
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The default waits before looking again for statuses whose message was not found. */
export const LATE_STATUS_WAITS: readonly (() => Promise<void>)[] = [() => sleep(2_000), () => sleep(10_000)];

/**
 * Meta can post a status before the send that produced it has recorded its message id (the id is
 * written once the Graph API has answered): statuses for messages not found are looked up again after
 * each wait, so a quick "failed, user stopped these messages" still unsubscribes. Statuses of replies
 * (which have no delivery row) are simply not found again and dropped.
 */
export async function applyLateStatuses(
  database: Database,
  statuses: readonly CloudStatus[],
  opts: Parameters<typeof applyStatuses>[2] & { waits?: readonly (() => Promise<void>)[] },
): Promise<void> {
  let pending = statuses;
  for (const wait of opts.waits ?? LATE_STATUS_WAITS) {
    if (!pending.length) return;
    await wait();
    const out = await applyStatuses(database, pending, opts);
    const unknown = new Set(out.filter((o) => o.result === 'unknown message').map((o) => o.wamid));
    pending = pending.filter((s) => unknown.has(s.wamid));
  }
}
