import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { ChannelName, Outbound } from '../core/message';
import type { Queryable } from './client';
import { contacts, outbox } from './schema';

export type OutboxRow = typeof outbox.$inferSelect;

/** Rows written by the dispatcher are leased to it this long, so the pump does not send them too. */
export const OWN_LEASE_MS = 30_000;

export async function enqueue(
  q: Queryable,
  row: {
    contactId: number;
    channel: ChannelName;
    messageId?: string;
    messages: Outbound[];
    leaseMs?: number;
  },
): Promise<number> {
  const [r] = await q
    .insert(outbox)
    .values({
      contactId: row.contactId,
      channel: row.channel,
      messageId: row.messageId ?? null,
      messages: row.messages,
      nextAttemptAt: sql`now() + ${`${row.leaseMs ?? 0} milliseconds`}::interval`,
    })
    .returning({ id: outbox.id });
  return r!.id;
}

export async function markSent(q: Queryable, id: number): Promise<void> {
  await q.update(outbox).set({ sentAt: sql`now()` }).where(eq(outbox.id, id));
}

export async function markRetry(q: Queryable, id: number, error: string, delayMs: number): Promise<void> {
  await q
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 500),
      nextAttemptAt: sql`now() + ${`${Math.round(delayMs)} milliseconds`}::interval`,
    })
    .where(eq(outbox.id, id));
}

export async function markFailed(q: Queryable, id: number, error: string): Promise<void> {
  await q
    .update(outbox)
    .set({ failedAt: sql`now()`, lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id));
}

export interface PendingDelivery {
  id: number;
  attempts: number;
  externalId: string;
  contactId: number;
  channel: ChannelName;
  messages: Outbound[];
}

/** Takes due rows for these channels and leases them, so two processes never send the same row. */
export async function claimDue(
  q: Queryable,
  channels: ChannelName[],
  limit: number,
  leaseMs: number,
): Promise<PendingDelivery[]> {
  if (!channels.length) return [];
  const due = q
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        inArray(outbox.channel, channels),
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        lte(outbox.nextAttemptAt, sql`now()`),
      ),
    )
    .orderBy(outbox.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await q
    .update(outbox)
    .set({ nextAttemptAt: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(inArray(outbox.id, due))
    .returning();
  if (!claimed.length) return [];
  const people = await q
    .select({ id: contacts.id, externalId: contacts.externalId })
    .from(contacts)
    .where(
      inArray(
        contacts.id,
        claimed.map((c) => c.contactId),
      ),
    );
  const ext = new Map(people.map((p) => [p.id, p.externalId]));
  return claimed
    .sort((a, b) => a.id - b.id)
    .map((r) => ({
      id: r.id,
      attempts: r.attempts,
      contactId: r.contactId,
      externalId: ext.get(r.contactId) ?? '',
      channel: r.channel as ChannelName,
      messages: r.messages,
    }));
}

/** Unsent rows produced by one inbound message (to resend when that message is delivered again). */
export async function unsentFor(q: Queryable, channel: ChannelName, messageId: string): Promise<OutboxRow[]> {
  return q
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.channel, channel),
        eq(outbox.messageId, messageId),
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
      ),
    );
}
