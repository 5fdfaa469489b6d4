import { sql } from 'drizzle-orm';
import type { ChannelName, Outbound } from '../core/message';
import { openText } from '../privacy/crypto';
import type { Queryable } from './client';
import { idsOf, insertBubbles, placeholders, rowsOf, runSql } from './hot';
import type { outbox } from './schema';

export type OutboxRow = typeof outbox.$inferSelect;

/** Rows written by the dispatcher are leased to it this long, so the pump does not send them too. */
export const OWN_LEASE_MS = 30_000;

/** Queues messages for a contact, one row per bubble (notifications, canned replies). */
export async function enqueue(
  q: Queryable,
  row: {
    contactId: number;
    channel: ChannelName;
    inboxId?: number;
    messages: Outbound[];
    leaseMs?: number;
  },
): Promise<number[]> {
  if (!row.messages.length) return [];
  const params: unknown[] = [];
  const text = insertBubbles(
    params,
    row.contactId,
    row.channel,
    row.inboxId ?? null,
    row.messages,
    row.leaseMs ?? 0,
  );
  return idsOf(await runSql(q, text, params));
}

/** Records sends that succeeded, many at once (the sender batches them). */
export async function markSent(q: Queryable, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  // Every sent bubble pays for these two, so they are plain text like the hot statements (hot.ts).
  const list = placeholders(1, ids.length);
  await runSql(q, `update outbox set sent_at = now(), next_attempt_at = now() where id in (${list})`, ids);
  await settleReplies(q, `o.id in (${list})`, ids);
}

/**
 * Inbox events whose bubbles (those `rows` picks from outbox `o`) are all sent or given up are
 * marked replied, which lets their user's next event be taken (replies keep the user's order across
 * processes).
 */
async function settleReplies(q: Queryable, rows: string, params: readonly unknown[]): Promise<void> {
  await runSql(
    q,
    `update inbox i set replied_at = now()
    where i.id in (select o.inbox_id from outbox o where ${rows} and o.inbox_id is not null)
      and i.replied_at is null
      and not exists (select 1 from outbox p where p.inbox_id = i.id and p.sent_at is null and p.failed_at is null)`,
    params,
  );
}

/**
 * A bubble failed for now: it and the contact's later bubbles wait until `delayMs`, so they still go
 * out in order after it. An outage of the channel is not the bubble's fault: `countAttempt: false`.
 */
export async function markRetry(
  q: Queryable,
  row: { id: number; contactId: number },
  error: string,
  delayMs: number,
  opts: { countAttempt?: boolean } = {},
): Promise<void> {
  const step = opts.countAttempt === false ? 0 : 1;
  await q.execute(sql`update outbox set
      attempts = attempts + case when id = ${row.id} then ${step}::int else 0 end,
      last_error = case when id = ${row.id} then ${error.slice(0, 500)} else last_error end,
      next_attempt_at = now() + ${`${Math.round(delayMs)} milliseconds`}::interval
    where contact_id = ${row.contactId} and id >= ${row.id} and sent_at is null and failed_at is null`);
}

/** How a wait caused by the channel's outage is recorded (it does not use up the bubble's attempts). */
export const CHANNEL_DOWN = 'channel down: ';

/** Given up on a bubble (or, with `contactId`, on everything still queued for that contact). */
export async function markFailed(
  q: Queryable,
  row: { id: number; contactId?: number },
  error: string,
): Promise<void> {
  const which =
    row.contactId !== undefined
      ? sql`contact_id = ${row.contactId} and id >= ${row.id} and sent_at is null`
      : sql`id = ${row.id}`;
  await q.execute(
    sql`update outbox set failed_at = now(), last_error = ${error.slice(0, 500)} where ${which} and failed_at is null`,
  );
  if (row.contactId !== undefined)
    await settleReplies(q, 'o.contact_id = $1 and o.id >= $2', [row.contactId, row.id]);
  else await settleReplies(q, 'o.id = $1', [row.id]);
}

export interface PendingDelivery {
  id: number;
  attempts: number;
  externalId: string;
  contactId: number;
  channel: ChannelName;
  message: Outbound;
}

interface RawPending {
  id: number | string;
  attempts: number;
  contact_id: number | string;
  channel: string;
  message: Outbound | string;
  external_id: string;
}

/** A bubble as raw SQL reads it: sealed text (src/db/encrypted.ts), or jsonb from before sealing. */
function openMessage(m: Outbound | string): Outbound {
  return typeof m === 'string' ? (JSON.parse(openText(m)) as Outbound) : m;
}

function pendingOf(r: unknown): PendingDelivery[] {
  return rowsOf<RawPending>(r)
    .map((x) => ({
      id: Number(x.id),
      attempts: Number(x.attempts),
      contactId: Number(x.contact_id),
      channel: x.channel as ChannelName,
      externalId: openText(x.external_id),
      message: openMessage(x.message),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Takes due rows for these channels and leases them, so two processes never send the same row. A
 * row whose contact has an earlier bubble still waiting is left for later: bubbles go out in order.
 */
export async function claimDue(
  q: Queryable,
  channels: ChannelName[],
  limit: number,
  leaseMs: number,
): Promise<PendingDelivery[]> {
  if (!channels.length) return [];
  const r = await q.execute(sql`with due as (
      select o.id from outbox o
      where o.channel in (${sql.join(
        channels.map((c) => sql`${c}`),
        sql`, `,
      )}) and o.sent_at is null and o.failed_at is null and o.next_attempt_at <= now()
        and not exists (select 1 from outbox e where e.contact_id = o.contact_id and e.id < o.id
          and e.sent_at is null and e.failed_at is null and e.next_attempt_at > now())
      order by o.id limit ${limit} for update of o skip locked),
    claimed as (
      update outbox o set next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
      from due where o.id = due.id
      returning o.id, o.attempts, o.contact_id, o.channel, o.message)
    select claimed.*, c.external_id from claimed join contacts c on c.id = claimed.contact_id`);
  return pendingOf(r);
}

/** Unsent bubbles answering one inbox event (to send when that event arrives again). */
export async function unsentFor(q: Queryable, inboxId: number): Promise<PendingDelivery[]> {
  const r = await q.execute(sql`select o.id, o.attempts, o.contact_id, o.channel, o.message, c.external_id
    from outbox o join contacts c on c.id = o.contact_id
    where o.inbox_id = ${inboxId} and o.sent_at is null and o.failed_at is null order by o.id`);
  return pendingOf(r);
}

/** Bubbles answering one inbox event, in order (what a waiter gets back). */
export async function repliesFor(q: Queryable, inboxId: number): Promise<Outbound[]> {
  const r = await q.execute(sql`select message from outbox where inbox_id = ${inboxId} order by id`);
  return rowsOf<{ message: Outbound | string }>(r).map((x) => openMessage(x.message));
}
