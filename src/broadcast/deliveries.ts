import { and, asc, eq, isNotNull, isNull, lte, min, sql } from 'drizzle-orm';
import type { ChannelName } from '../core/message';
import type { Database, Db, Queryable } from '../db/client';
import { broadcasts, contacts, deliveries } from '../db/schema';
import { rawQuery } from './raw';

/**
 * Data access for delivery rows, the source of truth of a broadcast.
 *
 * A row's life: `pending` → (send starts: `sent_at` is stamped, status still `pending`) → `sent`,
 * `failed` (reason in `last_error`) or back to `pending` with a later `next_attempt_at` (retry).
 * `skipped` means the contact left (unsubscribed, unreachable) or the broadcast was cancelled before
 * the send began. A `pending` row with `sent_at` set is therefore "in flight".
 */

export interface ClaimedDelivery {
  id: number;
  broadcastId: number;
  contactId: number;
  externalId: string;
  locale: string;
  attempts: number;
}

/** Due rows of broadcasts that are sending on this channel, oldest broadcast first. */
export async function claimDue(db: Db, channel: ChannelName, limit: number): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) =>
    tx
      .select({
        id: deliveries.id,
        broadcastId: deliveries.broadcastId,
        contactId: deliveries.contactId,
        externalId: contacts.externalId,
        locale: contacts.locale,
        attempts: deliveries.attempts,
      })
      .from(deliveries)
      .innerJoin(broadcasts, eq(broadcasts.id, deliveries.broadcastId))
      .innerJoin(contacts, eq(contacts.id, deliveries.contactId))
      .where(
        and(
          eq(broadcasts.status, 'sending'),
          eq(deliveries.channel, channel),
          eq(deliveries.status, 'pending'),
          isNull(deliveries.sentAt),
          lte(deliveries.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(asc(deliveries.broadcastId), asc(deliveries.id))
      .limit(limit)
      .for('update', { of: deliveries, skipLocked: true }),
  );
}

/**
 * The compare-and-set that makes a send happen at most once: the row must still be pending and not
 * in flight, the contact still subscribed and reachable, the broadcast still sending. Returns false
 * when any of that changed since the claim. Runs once per message, so it is plain SQL (see raw.ts).
 */
export async function beginSend(database: Database, id: number): Promise<boolean> {
  const rows = await rawQuery<{ id: unknown }>(
    database,
    `update deliveries d set sent_at = now(), attempts = d.attempts + 1
       from contacts c, broadcasts b
      where d.id = $1 and d.status = 'pending' and d.sent_at is null
        and c.id = d.contact_id and c.subscribed and c.unreachable_at is null
        and b.id = d.broadcast_id and b.status = 'sending'
      returning d.id`,
    [id],
  );
  return rows.length === 1;
}

/** After beginSend said no: skip the row if the contact left (a cancelled broadcast's rows are already skipped). */
export async function skipIfGone(q: Queryable, id: number): Promise<string | undefined> {
  const [row] = await q
    .select({
      status: deliveries.status,
      subscribed: contacts.subscribed,
      unreachable: contacts.unreachableAt,
      broadcast: broadcasts.status,
    })
    .from(deliveries)
    .innerJoin(contacts, eq(contacts.id, deliveries.contactId))
    .innerJoin(broadcasts, eq(broadcasts.id, deliveries.broadcastId))
    .where(eq(deliveries.id, id));
  if (row?.status !== 'pending') return undefined;
  const reason = !row.subscribed
    ? 'unsubscribed'
    : row.unreachable
      ? 'unreachable'
      : row.broadcast === 'cancelled'
        ? 'cancelled'
        : undefined;
  if (reason) {
    await q
      .update(deliveries)
      .set({ status: 'skipped', lastError: reason })
      .where(and(eq(deliveries.id, id), eq(deliveries.status, 'pending'), isNull(deliveries.sentAt)));
  }
  return reason;
}

/** Records sends that succeeded; `sent_at` keeps the moment each send began. */
export async function markSent(database: Database, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await rawQuery(
    database,
    // In flight only: a status webhook may have put the row back for a retry (sent_at cleared) meanwhile.
    `update deliveries set status = 'sent' where id = any($1::bigint[]) and status = 'pending' and sent_at is not null`,
    [`{${ids.join(',')}}`],
  );
}

export async function markFailed(q: Queryable, id: number, reason: string): Promise<void> {
  await q
    .update(deliveries)
    .set({ status: 'failed', sentAt: null, lastError: reason.slice(0, 500) })
    .where(eq(deliveries.id, id));
}

export async function markRetry(q: Queryable, id: number, reason: string, delayMs: number): Promise<void> {
  await q
    .update(deliveries)
    .set({
      sentAt: null,
      lastError: reason.slice(0, 500),
      nextAttemptAt: sql`now() + ${`${Math.max(0, Math.round(delayMs))} milliseconds`}::interval`,
    })
    .where(eq(deliveries.id, id));
}

export async function markSkipped(q: Queryable, id: number, reason: string): Promise<void> {
  await q
    .update(deliveries)
    .set({ status: 'skipped', sentAt: null, lastError: reason })
    .where(eq(deliveries.id, id));
}

/** The platform refused before anything went out (e.g. the channel halted): the row is as if never taken. */
export async function releaseUnsent(q: Queryable, id: number, reason: string): Promise<void> {
  await q
    .update(deliveries)
    .set({
      sentAt: null,
      attempts: sql`greatest(${deliveries.attempts} - 1, 0)`,
      lastError: reason.slice(0, 500),
    })
    .where(eq(deliveries.id, id));
}

export const INTERRUPTED = 'interrupted while sending: maybe delivered, not resent';

/** The send went out and its answer was lost: maybe delivered, so never resent (at most once). */
export async function markUnknown(q: Queryable, id: number, reason: string): Promise<void> {
  await q
    .update(deliveries)
    .set({ status: 'unknown', lastError: reason.slice(0, 500) })
    .where(eq(deliveries.id, id));
}

/**
 * Rows left in flight by a process that died. Called only by the one process allowed to send on
 * this channel (it holds the channel lock), before it sends anything, so every in-flight row is
 * from a dead sender. They are not resent: we cannot ask the platform whether the message arrived,
 * and we chose at-most-once (see README).
 */
export async function recoverInterrupted(q: Queryable, channel: ChannelName): Promise<number> {
  const rows = await q
    .update(deliveries)
    .set({ status: 'unknown', lastError: INTERRUPTED })
    .where(
      and(eq(deliveries.channel, channel), eq(deliveries.status, 'pending'), isNotNull(deliveries.sentAt)),
    )
    .returning({ id: deliveries.id });
  return rows.length;
}

/** When the next retry of this channel is due (undefined: nothing waiting). */
export async function nextDueAt(q: Queryable, channel: ChannelName): Promise<Date | undefined> {
  const [row] = await q
    .select({ at: min(deliveries.nextAttemptAt) })
    .from(deliveries)
    .innerJoin(broadcasts, eq(broadcasts.id, deliveries.broadcastId))
    .where(
      and(
        eq(broadcasts.status, 'sending'),
        eq(deliveries.channel, channel),
        eq(deliveries.status, 'pending'),
        isNull(deliveries.sentAt),
      ),
    );
  return row?.at ?? undefined;
}

/** Broadcasts with nothing pending left are done. Returns their ids. */
export async function finishBroadcasts(q: Queryable): Promise<number[]> {
  const rows = await q
    .update(broadcasts)
    .set({ status: 'done', finishedAt: sql`now()` })
    .where(
      and(
        eq(broadcasts.status, 'sending'),
        sql`not exists (select 1 from deliveries d where d.broadcast_id = "broadcasts"."id" and d.status = 'pending')`,
      ),
    )
    .returning({ id: broadcasts.id });
  return rows.map((r) => r.id);
}

/** Cancels a broadcast: every delivery not yet begun is skipped in the same statement batch. */
export async function cancelBroadcast(q: Queryable, broadcastId: number): Promise<number> {
  const b = await q
    .update(broadcasts)
    .set({ status: 'cancelled', cancelledAt: sql`now()` })
    .where(and(eq(broadcasts.id, broadcastId), sql`${broadcasts.status} in ('draft', 'planned', 'sending')`))
    .returning({ id: broadcasts.id });
  if (!b.length) return 0;
  const rows = await q
    .update(deliveries)
    .set({ status: 'skipped', lastError: 'cancelled' })
    .where(
      and(
        eq(deliveries.broadcastId, broadcastId),
        eq(deliveries.status, 'pending'),
        isNull(deliveries.sentAt),
      ),
    )
    .returning({ id: deliveries.id });
  return rows.length;
}

export interface Progress {
  broadcastId: number;
  status: string;
  total: number;
  sent: number;
  failed: number;
  /** Went out, answer lost (timeout, reset, crash mid-send): maybe delivered, never resent. */
  unknown: number;
  skipped: number;
  pending: number;
  /** Messages per second over the last 10 seconds. */
  rate: number;
  /** Receipts from the platform (WhatsApp Cloud API status webhooks): reached the phone (read included), read. */
  delivered: number;
  read: number;
  /** When sending was planned (started) and when it finished or was cancelled. */
  startedAt?: Date;
  endedAt?: Date;
  byChannel: Record<
    string,
    { sent: number; failed: number; unknown: number; skipped: number; pending: number }
  >;
}

export async function progressOf(q: Queryable, broadcastId: number): Promise<Progress | undefined> {
  const [b] = await q
    .select({
      status: broadcasts.status,
      plannedAt: broadcasts.plannedAt,
      finishedAt: broadcasts.finishedAt,
      cancelledAt: broadcasts.cancelledAt,
    })
    .from(broadcasts)
    .where(eq(broadcasts.id, broadcastId));
  if (!b) return undefined;
  const endedAt = b.finishedAt ?? b.cancelledAt;
  const rows = await q
    .select({
      channel: deliveries.channel,
      status: deliveries.status,
      n: sql<number>`count(*)::int`,
      recent: sql<number>`count(*) filter (where ${deliveries.status} = 'sent' and ${deliveries.sentAt} > now() - interval '10 seconds')::int`,
      delivered: sql<number>`count(*) filter (where ${deliveries.platformStatus} in ('delivered', 'read'))::int`,
      read: sql<number>`count(*) filter (where ${deliveries.platformStatus} = 'read')::int`,
    })
    .from(deliveries)
    .where(eq(deliveries.broadcastId, broadcastId))
    .groupBy(deliveries.channel, deliveries.status);
  const p: Progress = {
    broadcastId,
    status: b.status,
    total: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    pending: 0,
    rate: 0,
    delivered: 0,
    read: 0,
    byChannel: {},
    ...(b.plannedAt ? { startedAt: b.plannedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
  };
  for (const r of rows) {
    const n = Number(r.n);
    const ch = p.byChannel[r.channel] ?? { sent: 0, failed: 0, unknown: 0, skipped: 0, pending: 0 };
    p.byChannel[r.channel] = ch;
    ch[r.status] += n;
    p[r.status] += n;
    p.total += n;
    p.rate += Number(r.recent) / 10;
    p.delivered += Number(r.delivered);
    p.read += Number(r.read);
  }
  return p;
}

/** The newest broadcast that is sending (or, failing that, the newest one). */
export async function latestBroadcastId(q: Queryable): Promise<number | undefined> {
  const [sending] = await q
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(eq(broadcasts.status, 'sending'))
    .orderBy(sql`${broadcasts.id} desc`)
    .limit(1);
  if (sending) return sending.id;
  const [any] = await q
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(sql`${broadcasts.status} <> 'draft'`)
    .orderBy(sql`${broadcasts.id} desc`)
    .limit(1);
  return any?.id;
}
