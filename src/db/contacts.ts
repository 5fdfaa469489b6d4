import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelName, Locale } from '../core/message';
import type { Queryable } from './client';
import {
  contacts,
  deliveries,
  evidenceSenders,
  outbox,
  qaFeedback,
  rateLimits,
  reports,
  sessions,
} from './schema';

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

/**
 * One person reached under two ids (WhatsApp's LID and phone number): `from`'s history moves to
 * `into` and `from` is deleted. The stricter subscription wins: an explicit opt-out on either row
 * stays an opt-out, so a broadcast never reaches someone who said stop under the other id.
 */
export async function mergeContacts(q: Queryable, fromId: number, intoId: number): Promise<void> {
  if (fromId === intoId) return;
  const rows = await q
    .select()
    .from(contacts)
    .where(inArray(contacts.id, [fromId, intoId]));
  const from = rows.find((r) => r.id === fromId);
  const into = rows.find((r) => r.id === intoId);
  if (!from || !into) return;
  const optedOut = [from, into].filter((r) => !r.subscribed && r.unsubscribedAt);
  const subscribedRows = [from, into].filter((r) => r.subscribed);
  const latest = (ds: (Date | null)[]) =>
    ds.filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const subscription = optedOut.length
    ? { subscribed: false, unsubscribedAt: latest(optedOut.map((r) => r.unsubscribedAt)) }
    : subscribedRows.length
      ? { subscribed: true, subscribedAt: latest(subscribedRows.map((r) => r.subscribedAt)) }
      : {};

  const [hasSession] = await q
    .select({ id: sessions.contactId })
    .from(sessions)
    .where(eq(sessions.contactId, intoId));
  if (hasSession) await q.delete(sessions).where(eq(sessions.contactId, fromId));
  else await q.update(sessions).set({ contactId: intoId }).where(eq(sessions.contactId, fromId));
  await q.update(outbox).set({ contactId: intoId }).where(eq(outbox.contactId, fromId));
  await q.update(reports).set({ contactId: intoId }).where(eq(reports.contactId, fromId));
  await q.update(qaFeedback).set({ contactId: intoId }).where(eq(qaFeedback.contactId, fromId));
  await q.execute(sql`insert into evidence_senders (evidence_id, contact_id, sent_at)
    select evidence_id, ${intoId}, sent_at from evidence_senders where contact_id = ${fromId}
    on conflict do nothing`);
  await q.delete(evidenceSenders).where(eq(evidenceSenders.contactId, fromId));
  // One delivery per broadcast and person: the row `into` already has wins.
  await q.execute(sql`update deliveries d set contact_id = ${intoId} where d.contact_id = ${fromId}
    and not exists (select 1 from deliveries e where e.broadcast_id = d.broadcast_id and e.contact_id = ${intoId})`);
  await q.delete(deliveries).where(eq(deliveries.contactId, fromId));
  await q.delete(rateLimits).where(eq(rateLimits.contactId, fromId));
  await q.delete(contacts).where(eq(contacts.id, fromId));
  await q
    .update(contacts)
    .set({ ...subscription, lastSeenAt: latest([from.lastSeenAt, into.lastSeenAt]) ?? into.lastSeenAt })
    .where(eq(contacts.id, intoId));
}

/**
 * WhatsApp told us a LID's phone number: the person becomes one contact under the phone number.
 * A LID-only contact is renamed, or merged into the phone-number contact when both exist.
 * True when something changed.
 */
export async function linkWhatsAppLid(q: Queryable, lidExternalId: string, phone: string): Promise<boolean> {
  const lid = await findContact(q, 'whatsapp', lidExternalId);
  if (!lid) return false;
  const pn = await findContact(q, 'whatsapp', phone);
  if (pn) await mergeContacts(q, lid.id, pn.id);
  else await q.update(contacts).set({ externalId: phone }).where(eq(contacts.id, lid.id));
  return true;
}
