import { and, eq, sql } from 'drizzle-orm';
import type { ChannelName, Locale } from '../core/message';
import type { Queryable } from './client';
import { contacts } from './schema';

export type ContactRow = typeof contacts.$inferSelect;

/** The contact for a channel id, created on first contact with the locale the platform suggests. */
export async function upsertContact(
  q: Queryable,
  channel: ChannelName,
  externalId: string,
  locale: Locale,
): Promise<ContactRow> {
  const [row] = await q
    .insert(contacts)
    .values({ channel, externalId, locale })
    .onConflictDoUpdate({ target: [contacts.channel, contacts.externalId], set: { lastSeenAt: sql`now()` } })
    .returning();
  return row!;
}

export async function findContact(
  q: Queryable,
  channel: ChannelName,
  externalId: string,
): Promise<ContactRow | undefined> {
  const [row] = await q
    .select()
    .from(contacts)
    .where(and(eq(contacts.channel, channel), eq(contacts.externalId, externalId)));
  return row;
}

export async function setContactLocale(q: Queryable, contactId: number, locale: Locale): Promise<void> {
  await q.update(contacts).set({ locale }).where(eq(contacts.id, contactId));
}

export async function markUnreachable(q: Queryable, contactId: number, reason: string): Promise<void> {
  await q
    .update(contacts)
    .set({ unreachableAt: sql`now()`, unreachableReason: reason })
    .where(eq(contacts.id, contactId));
}

/** A contact wrote to us again (e.g. unblocked the bot): reachable again. */
export async function markReachable(q: Queryable, contactId: number): Promise<void> {
  await q
    .update(contacts)
    .set({ unreachableAt: null, unreachableReason: null })
    .where(eq(contacts.id, contactId));
}

/** `telegram:123` → `123`: the channel prefix of a user key is not stored twice. */
export function externalIdOf(channel: ChannelName, userKey: string): string {
  return userKey.startsWith(`${channel}:`) ? userKey.slice(channel.length + 1) : userKey;
}
