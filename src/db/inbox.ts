import { sql } from 'drizzle-orm';
import type { StoredEvent } from '../channels/channel';
import { openText, sealId, sealText } from '../privacy/crypto';
import type { Queryable, Tx } from './client';
import { idsOf, placeholders, rowsOf, runSql } from './hot';

/**
 * Ids and payloads hold platform ids and message text, so they are sealed like every personal column
 * (src/db/encrypted.ts): ids deterministically (equality, the unique index and per-user ordering still
 * work), the payload as sealed text. These statements are raw SQL, so they seal and open by hand.
 *
 * Data access for the durable inbox (schema.ts `inbox`). A row's life: stored (unhandled) →
 * claimed by a worker (`lease_until` in the future) → handled in the step's transaction
 * (`handled_at`), or released for a later attempt → deleted after the retention time.
 */

export interface ClaimedEvent {
  id: number;
  userKey: string;
  attempts: number;
  event: StoredEvent;
}

/** Where a process that only stores tells the workers of other processes that there is work. */
export const INBOX_CHANNEL = 'pantau_inbox';

/**
 * Stores events, dropping ones already stored; returns the ids of the new rows. `notify`: each new
 * row also notifies INBOX_CHANNEL (delivered at commit, so a worker never looks too early).
 */
export async function storeEvents(
  q: Queryable,
  events: readonly StoredEvent[],
  opts: { notify?: boolean } = {},
): Promise<number[]> {
  if (!events.length) return [];
  // Plain text, not drizzle's `sql` template: every webhook pays for this (see hot.ts).
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const e of events) {
    rows.push(`(${placeholders(params.length + 1, 6)})`);
    params.push(
      e.key.channel,
      e.key.account,
      sealId(e.key.eventId),
      sealId(e.key.userKey),
      Math.trunc(e.key.seq),
      sealText(JSON.stringify(e)),
    );
  }
  const r = await runSql(
    q,
    `insert into inbox (channel, account, event_id, user_key, seq, payload)
    values ${rows.join(', ')} on conflict (channel, account, event_id) do nothing
    returning id${opts.notify ? `, pg_notify('${INBOX_CHANNEL}', '')` : ''}`,
    params,
  );
  return idsOf(r);
}

/**
 * Leases the oldest unhandled event of up to `limit` users whose oldest event nobody holds, oldest
 * first. A user's later events wait until the earlier one is handled, so order holds across any
 * number of workers. The lease is re-checked on the row itself, so two claimers never both win.
 */
export async function claimEvents(
  q: Queryable,
  channels: readonly string[],
  limit: number,
  leaseMs: number,
): Promise<ClaimedEvent[]> {
  if (!channels.length) return [];
  const r = await runSql(
    q,
    `update inbox i set lease_until = now() + $1::interval,
      attempts = i.attempts + 1
    where i.id in (
      select c.id from (
        select distinct on (user_key) id, user_key, lease_until, next_attempt_at from inbox
        where handled_at is null and channel in (${placeholders(3, channels.length)}) order by user_key, seq, id) c
      where (c.lease_until is null or c.lease_until < now()) and c.next_attempt_at <= now()
        -- The previous event's replies are still on their way (maybe from another process).
        and not exists (select 1 from inbox p where p.user_key = c.user_key
          and p.handled_at is not null and p.replied_at is null)
      order by c.id limit $2)
    and i.handled_at is null and (i.lease_until is null or i.lease_until < now())
    returning i.id, i.user_key, i.attempts, i.payload`,
    [`${leaseMs} milliseconds`, limit, ...channels],
  );
  return rowsOf<{ id: number | string; user_key: string; attempts: number; payload: StoredEvent | string }>(r)
    .map((x) => ({
      id: Number(x.id),
      userKey: openText(x.user_key),
      attempts: Number(x.attempts),
      event: typeof x.payload === 'string' ? (JSON.parse(openText(x.payload)) as StoredEvent) : x.payload,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Keeps a lease alive while a slow event (a download, OCR) is still being worked on. */
export async function renewLease(q: Queryable, ids: readonly number[], leaseMs: number): Promise<void> {
  if (!ids.length) return;
  await q.execute(sql`update inbox set lease_until = now() + ${`${leaseMs} milliseconds`}::interval
    where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )}) and handled_at is null`);
}

/**
 * The first statement of the step's transaction: marks the event handled and holds its row until
 * commit. False when it was handled already (by another worker whose lease ran out meanwhile).
 */
export async function markHandled(
  tx: Tx,
  id: number,
  opts: { error?: string; replied?: boolean } = {},
): Promise<boolean> {
  const replied = opts.replied ? 'now()' : 'null';
  const r = await runSql(
    tx,
    `update inbox set handled_at = now(), replied_at = ${replied}, lease_until = null,
      last_error = $1 where id = $2 and handled_at is null returning 1 as ok`,
    [opts.error ?? null, id],
  );
  return rowsOf(r).length > 0;
}

/** An event that produced no reply: its user's next event may go. */
export async function markReplied(tx: Tx, id: number): Promise<void> {
  await runSql(tx, 'update inbox set replied_at = now() where id = $1', [id]);
}

/** Gives an event back for a later attempt (the handling failed). */
export async function releaseEvent(q: Queryable, id: number, error: string, delayMs: number): Promise<void> {
  await q.execute(sql`update inbox set lease_until = null, last_error = ${error.slice(0, 500)},
      next_attempt_at = now() + ${`${Math.round(delayMs)} milliseconds`}::interval
    where id = ${id} and handled_at is null`);
}

/** Whether an event is handled yet (a waiter whose event another process took). */
export async function isHandled(q: Queryable, channel: string, account: string, eventId: string) {
  const r = await q.execute(sql`select id, handled_at from inbox
    where channel = ${channel} and account = ${account} and event_id = ${sealId(eventId)}`);
  const row = rowsOf<{ id: number | string; handled_at: Date | string | null }>(r)[0];
  return row ? { id: Number(row.id), handled: row.handled_at !== null } : undefined;
}

/** Deletes handled events older than the retention time; their ids may then come again as new. */
export async function expireHandled(q: Queryable, retentionDays: number): Promise<number> {
  const r =
    await q.execute(sql`delete from inbox where handled_at < now() - ${`${retentionDays} days`}::interval
    returning 1 as x`);
  return rowsOf(r).length;
}

/** Unhandled events and the age of the oldest, for /healthz. */
export async function backlog(q: Queryable): Promise<{ pending: number; oldestMs: number }> {
  const r = await q.execute(sql`select count(*)::int as n,
      coalesce(extract(epoch from now() - min(received_at)) * 1000, 0)::float8 as age
    from inbox where handled_at is null`);
  const row = rowsOf<{ n: number | string; age: number | string }>(r)[0]!;
  return { pending: Number(row.n), oldestMs: Number(row.age) };
}
