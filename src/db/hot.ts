import type { SessionState } from '../core/flow';
import type { ChannelName, Locale, Outbound } from '../core/message';
import { openText, sealId, sealText } from '../privacy/crypto';
import type { Queryable, Tx } from './client';
import type { ContactRow } from './contacts';

/**
 * The dispatcher's per-message statements, as plain SQL and as few round trips as the transaction
 * allows: every message pays for these, so they skip the query builder (measured: building each
 * drizzle query cost more main-thread time than the round trip itself). Everything else uses drizzle.
 * They also skip drizzle's `sql` template: turning one into text walks every chunk through a dozen
 * type checks (3–12 µs per statement here, measured); the text here is written with its `$n`
 * placeholders and handed to the driver as it is.
 */

/** Runs a statement with `$1`… placeholders on the database or a transaction, through drizzle's driver session. */
export function runSql(q: Queryable, text: string, params: readonly unknown[]): Promise<unknown> {
  return q._.session.prepareQuery({ sql: text, params: [...params] }, undefined, undefined, false).execute();
}

/** `$from, $from+1, …` for `n` values (an `in (…)` list or a row of a multi-row insert). */
export function placeholders(from: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += i ? `, $${from + i}` : `$${from + i}`;
  return out;
}

/** `execute` gives an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface RawContact {
  id: number | string;
  channel: string;
  external_id: string;
  locale: string;
  subscribed: boolean;
  subscribed_at: Date | null;
  unsubscribed_at: Date | null;
  unreachable_at: Date | null;
  unreachable_reason: string | null;
  created_at: Date;
  last_seen_at: Date;
  deleted_at: Date | null;
  /** Sealed JSON (src/privacy/crypto.ts); the raw statements seal and open it themselves. */
  state: string | null;
}

/** The contact (created on first contact) and its session, in one statement. */
export async function contactAndSession(
  tx: Tx,
  channel: ChannelName,
  externalId: string,
  locale: Locale,
): Promise<{ contact: ContactRow; session: SessionState | undefined }> {
  const r = await runSql(
    tx,
    `with c as (
      insert into contacts (channel, external_id, locale) values ($1, $2, $3)
      on conflict (channel, external_id) do update set last_seen_at = now() returning *)
    select c.*, s.state from c left join sessions s on s.contact_id = c.id`,
    [channel, sealId(externalId), locale],
  );
  return contactOf(rowsOf<RawContact>(r)[0]!);
}

/**
 * The first statement of a message's transaction: marks inbox event `inboxId` handled (holding its
 * row until commit, as `markHandled` does) and, only if it was not handled yet, loads the contact
 * (created on first contact) and its session; one round trip instead of two. Undefined when the
 * event was handled already (by another worker whose lease ran out meanwhile).
 */
export async function handleAndLoad(
  tx: Tx,
  inboxId: number,
  channel: ChannelName,
  externalId: string,
  locale: Locale,
): Promise<{ contact: ContactRow; session: SessionState | undefined } | undefined> {
  const r = await runSql(
    tx,
    `with h as (
      update inbox set handled_at = now(), replied_at = null, lease_until = null, last_error = null
      where id = $1 and handled_at is null returning id),
    c as (
      insert into contacts (channel, external_id, locale)
      select $2, $3, $4 where exists (select 1 from h)
      on conflict (channel, external_id) do update set last_seen_at = now() returning *)
    select c.*, s.state from c left join sessions s on s.contact_id = c.id`,
    [inboxId, channel, sealId(externalId), locale],
  );
  const row = rowsOf<RawContact>(r)[0];
  return row ? contactOf(row) : undefined;
}

function contactOf(row: RawContact): { contact: ContactRow; session: SessionState | undefined } {
  return {
    contact: {
      id: Number(row.id),
      channel: row.channel,
      externalId: openText(row.external_id),
      locale: row.locale,
      subscribed: row.subscribed,
      subscribedAt: row.subscribed_at,
      unsubscribedAt: row.unsubscribed_at,
      unreachableAt: row.unreachable_at,
      unreachableReason: row.unreachable_reason,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      deletedAt: row.deleted_at,
    },
    session: row.state ? (JSON.parse(openText(row.state)) as SessionState) : undefined,
  };
}

/**
 * Writes the session and, when there are replies, one outbox row per bubble leased to this process
 * for `leaseMs` (so the pump leaves them alone while the dispatcher sends them); returns their ids
 * in bubble order.
 */
export async function saveSessionAndReplies(
  tx: Tx,
  row: {
    contactId: number;
    state: SessionState;
    channel: ChannelName;
    inboxId: number | null;
    replies: Outbound[];
    leaseMs: number;
  },
): Promise<number[]> {
  const session = `insert into sessions (contact_id, state) values ($1, $2)
    on conflict (contact_id) do update set state = excluded.state, updated_at = now()`;
  const params = [row.contactId, sealText(JSON.stringify(row.state))];
  if (!row.replies.length) {
    await runSql(tx, session, params);
    return [];
  }
  const bubbles = insertBubbles(params, row.contactId, row.channel, row.inboxId, row.replies, row.leaseMs);
  const r = await runSql(tx, `with s as (${session}) ${bubbles}`, params);
  return idsOf(r);
}

/** Ids a `returning id` statement gave back, in ascending order. */
export function idsOf(result: unknown): number[] {
  return rowsOf<{ id: number | string }>(result)
    .map((x) => Number(x.id))
    .sort((a, b) => a - b);
}

/**
 * `insert into outbox …` for bubbles in order (ids grow with the order), leased `leaseMs`; its
 * values are appended to `params`, so it can follow other statements' placeholders.
 */
export function insertBubbles(
  params: unknown[],
  contactId: number,
  channel: ChannelName,
  inboxId: number | null,
  replies: readonly Outbound[],
  leaseMs: number,
): string {
  params.push(contactId, channel, inboxId, `${leaseMs} milliseconds`);
  const [contact, chan, inbox, lease] = [
    params.length - 3,
    params.length - 2,
    params.length - 1,
    params.length,
  ];
  const rows: string[] = [];
  for (const m of replies) {
    params.push(sealText(JSON.stringify(m)));
    rows.push(`($${contact}, $${chan}, $${inbox}, $${params.length}, now() + $${lease}::interval)`);
  }
  return `insert into outbox (contact_id, channel, inbox_id, message, next_attempt_at) values ${rows.join(', ')} returning id`;
}
