import { sql } from 'drizzle-orm';
import type { SessionState } from '../core/flow';
import type { ChannelName, Locale, Outbound } from '../core/message';
import { openText, sealId, sealText } from '../privacy/crypto';
import type { Tx } from './client';
import type { ContactRow } from './contacts';

/**
 * The dispatcher's per-message statements, as plain SQL and as few round trips as the transaction
 * allows: every message pays for these, so they skip the query builder (measured: building each
 * drizzle query cost more main-thread time than the round trip itself). Everything else uses drizzle.
 */

/** `execute` gives an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Takes the per-user lock (so several processes keep one user's order) and records the message id;
 * false when the id was handled before.
 */
export async function lockAndClaim(
  tx: Tx,
  userKey: string,
  channel: ChannelName,
  messageId: string,
): Promise<boolean> {
  const r = await tx.execute(sql`with l as (select pg_advisory_xact_lock(hashtextextended(${userKey}, 0)))
    insert into handled_messages (channel, message_id) select ${channel}, ${messageId} from l
    on conflict do nothing returning 1 as fresh`);
  return rowsOf(r).length > 0;
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
  const r = await tx.execute(sql`with c as (
      insert into contacts (channel, external_id, locale) values (${channel}, ${sealId(externalId)}, ${locale})
      on conflict (channel, external_id) do update set last_seen_at = now() returning *)
    select c.*, s.state from c left join sessions s on s.contact_id = c.id`);
  const row = rowsOf<RawContact>(r)[0]!;
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
 * Writes the session and, when there are replies, the outbox row leased to this process for
 * `leaseMs` (so the pump leaves it alone while the dispatcher sends it); returns the row id.
 */
export async function saveSessionAndReplies(
  tx: Tx,
  row: {
    contactId: number;
    state: SessionState;
    channel: ChannelName;
    messageId: string;
    replies: Outbound[];
    leaseMs: number;
  },
): Promise<number | undefined> {
  const session = sql`insert into sessions (contact_id, state) values (${row.contactId}, ${sealText(JSON.stringify(row.state))})
    on conflict (contact_id) do update set state = excluded.state, updated_at = now()`;
  if (!row.replies.length) {
    await tx.execute(session);
    return undefined;
  }
  const r = await tx.execute(sql`with s as (${session})
    insert into outbox (contact_id, channel, message_id, messages, next_attempt_at)
    values (${row.contactId}, ${row.channel}, ${row.messageId}, ${sealText(JSON.stringify(row.replies))},
      now() + ${`${row.leaseMs} milliseconds`}::interval)
    returning id`);
  return Number(rowsOf<{ id: number | string }>(r)[0]!.id);
}
