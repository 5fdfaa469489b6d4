import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, ne, notExists, sql } from 'drizzle-orm';
import { lidsOfPhone } from '../channels/whatsapp/auth-store';
import type { SessionState } from '../core/flow';
import type { Queryable } from '../db/client';
import {
  broadcasts,
  contacts,
  deliveries,
  evidenceFiles,
  evidenceSenders,
  inbox,
  outbox,
  qaFeedback,
  qaGaps,
  rateLimits,
  reportEvents,
  reportEvidence,
  reports,
  sessions,
  whatsappSent,
} from '../db/schema';
import { gapSender } from '../knowledge/gaps';
import { mapStrings, mentionsAny, scrubValues } from './pseudonymise';

/**
 * The right to erasure (UU 27/2022 Pelindungan Data Pribadi), for one contact:
 *
 * - deleted: the platform id (the contact row becomes a tombstone with a random id until the
 *   confirmation is sent), the session and any draft in it, files they sent that no submitted report
 *   keeps, Q&A feedback, the subscription, rate counters, queued replies to them;
 * - kept, without any link to them: their submitted reports (the authorities' process needs them):
 *   the reporter link, name and number are cleared, their name and numbers are taken out of the
 *   report's text and notes, and the report is marked `identity_withdrawn_at`. Its files stay only
 *   when an admin has already forwarded the report (`diteruskan`); otherwise they go too.
 *
 * Everything happens in the caller's transaction, so a failure changes nothing.
 */

export interface DeletionPreview {
  /** Submitted reports that will stay, without the link to the person. */
  reports: number;
  /** Of those, reports already forwarded by an admin: their files stay. */
  forwarded: number;
  /** Files they sent that will be deleted (not kept by a forwarded report or someone else). */
  files: number;
  subscribed: boolean;
  /** An unfinished report (in progress or parked). */
  draft: boolean;
}

export interface DeletionResult {
  reports: number;
  filesDeleted: number;
  filesKept: number;
  feedback: number;
  subscribed: boolean;
  draft: boolean;
}

const REPLACEMENT = '[dihapus]';

async function forwardedIds(q: Queryable, reportIds: number[]): Promise<Set<number>> {
  if (!reportIds.length) return new Set();
  const rows = await q
    .selectDistinct({ id: reportEvents.reportId })
    .from(reportEvents)
    .where(and(inArray(reportEvents.reportId, reportIds), eq(reportEvents.status, 'diteruskan')));
  return new Set(rows.map((r) => r.id));
}

function hasDraft(state: SessionState | undefined): boolean {
  if (!state) return false;
  return state.flow?.name === 'report' || Object.keys(state.parked ?? {}).length > 0;
}

/**
 * Files this contact sent, or that are attached to their reports, that a deletion would remove:
 * not attached to a forwarded report, nor to anyone else's report, nor sent by anyone else.
 */
async function deletableFiles(q: Queryable, contactId: number, keepReports: number[]): Promise<number[]> {
  const sent = await q
    .select({ id: evidenceSenders.evidenceId })
    .from(evidenceSenders)
    .where(eq(evidenceSenders.contactId, contactId));
  const attached = await q
    .select({ id: reportEvidence.evidenceId })
    .from(reportEvidence)
    .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
    .where(eq(reports.contactId, contactId));
  const candidates = [...new Set([...sent, ...attached].map((r) => r.id))];
  if (!candidates.length) return [];
  const keptByReport = q
    .select({ one: sql`1` })
    .from(reportEvidence)
    .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
    .where(
      and(
        eq(reportEvidence.evidenceId, evidenceFiles.id),
        keepReports.length
          ? sql`(${reports.contactId} is distinct from ${contactId} or ${inArray(reports.id, keepReports)})`
          : sql`${reports.contactId} is distinct from ${contactId}`,
      ),
    );
  const sentByOthers = q
    .select({ one: sql`1` })
    .from(evidenceSenders)
    .where(and(eq(evidenceSenders.evidenceId, evidenceFiles.id), ne(evidenceSenders.contactId, contactId)));
  const rows = await q
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(and(inArray(evidenceFiles.id, candidates), notExists(keptByReport), notExists(sentByOthers)));
  return rows.map((r) => r.id);
}

export async function previewDeletion(q: Queryable, contactId: number): Promise<DeletionPreview> {
  const own = await q.select({ id: reports.id }).from(reports).where(eq(reports.contactId, contactId));
  const forwarded = await forwardedIds(
    q,
    own.map((r) => r.id),
  );
  const files = await deletableFiles(q, contactId, [...forwarded]);
  const [c] = await q
    .select({ subscribed: contacts.subscribed })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  const [s] = await q
    .select({ state: sessions.state })
    .from(sessions)
    .where(eq(sessions.contactId, contactId));
  return {
    reports: own.length,
    forwarded: forwarded.size,
    files: files.length,
    subscribed: c?.subscribed ?? false,
    draft: hasDraft(s?.state),
  };
}

/** The strings that identify this person, to take out of text that stays. */
async function identifiersOf(
  q: Queryable,
  contact: { channel: string; externalId: string },
  contactId: number,
  session: SessionState | undefined,
): Promise<string[]> {
  // A platform id is taken out of text only when it cannot be an ordinary word (a number, a JID):
  // a console user called "local" must not blank out "local" in every report they wrote.
  const id = contact.externalId;
  const ids = /^\+?\d{5,}$/.test(id) || id.includes('@') ? [id, `${contact.channel}:${id}`] : [];
  const given = await q
    .select({ name: reports.reporterName, contact: reports.reporterContact })
    .from(reports)
    .where(eq(reports.contactId, contactId));
  for (const g of given) {
    if (g.name) ids.push(g.name);
    if (g.contact) ids.push(g.contact);
  }
  // A name or number typed into a draft that was never sent.
  const drafts = [session?.flow, ...Object.values(session?.parked ?? {})];
  for (const f of drafts) {
    const reporter = f?.data?.reporter;
    if (reporter && typeof reporter === 'object' && !Array.isArray(reporter)) {
      if (typeof reporter.name === 'string') ids.push(reporter.name);
      if (typeof reporter.contact === 'string') ids.push(reporter.contact);
    }
  }
  return [...new Set(ids.filter((v) => v.trim().length >= 3))];
}

/** Deletes this contact's data as described above; returns what was done. */
export async function deleteContactData(
  q: Queryable,
  contactId: number,
  opts: { now?: Date } = {},
): Promise<DeletionResult> {
  const now = opts.now ?? new Date();
  const [contact] = await q
    .select({ channel: contacts.channel, externalId: contacts.externalId, subscribed: contacts.subscribed })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), isNull(contacts.deletedAt)));
  if (!contact)
    return { reports: 0, filesDeleted: 0, filesKept: 0, feedback: 0, subscribed: false, draft: false };
  const [s] = await q
    .select({ state: sessions.state })
    .from(sessions)
    .where(eq(sessions.contactId, contactId));
  const identifiers = await identifiersOf(q, contact, contactId, s?.state);
  const scrub = (text: string) => scrubValues(text, identifiers, REPLACEMENT);

  // Files first: which ones go depends on the reports still being linked to this contact.
  const own = await q.select().from(reports).where(eq(reports.contactId, contactId));
  const forwarded = await forwardedIds(
    q,
    own.map((r) => r.id),
  );
  const doomed = await deletableFiles(q, contactId, [...forwarded]);
  const candidates = await q
    .select({ id: evidenceSenders.evidenceId })
    .from(evidenceSenders)
    .where(eq(evidenceSenders.contactId, contactId));
  await q.delete(evidenceSenders).where(eq(evidenceSenders.contactId, contactId));
  const unforwarded = own.filter((r) => !forwarded.has(r.id)).map((r) => r.id);
  // A report nobody has forwarded yet loses its files (a file someone else also sent stays theirs).
  if (unforwarded.length) await q.delete(reportEvidence).where(inArray(reportEvidence.reportId, unforwarded));
  if (doomed.length) await q.delete(evidenceFiles).where(inArray(evidenceFiles.id, doomed));

  // Reports stay, with no way back to the person.
  for (const r of own) {
    await q
      .update(reports)
      .set({
        contactId: null,
        anonymous: true,
        reporterName: null,
        reporterContact: null,
        fields: mapStrings(r.fields, scrub),
        identityWithdrawnAt: now,
        updatedAt: now,
      })
      .where(eq(reports.id, r.id));
    const notes = await q
      .select({ id: reportEvents.id, note: reportEvents.note })
      .from(reportEvents)
      .where(eq(reportEvents.reportId, r.id));
    for (const n of notes) {
      if (n.note && scrub(n.note) !== n.note) {
        await q
          .update(reportEvents)
          .set({ note: scrub(n.note) })
          .where(eq(reportEvents.id, n.id));
      }
    }
  }

  const feedback = await q
    .delete(qaFeedback)
    .where(eq(qaFeedback.contactId, contactId))
    .returning({ id: qaFeedback.id });
  await q.delete(sessions).where(eq(sessions.contactId, contactId));
  await q.delete(outbox).where(eq(outbox.contactId, contactId));
  await q.delete(rateLimits).where(eq(rateLimits.contactId, contactId));
  // Questions the bot could not answer, kept for the content team, go with their sender.
  await q.delete(qaGaps).where(eq(qaGaps.senderHash, gapSender(`${contact.channel}:${contact.externalId}`)));
  // What they sent (text, ids) goes too; the event being handled now needs its row no more.
  await q.delete(inbox).where(eq(inbox.userKey, `${contact.channel}:${contact.externalId}`));
  // A broadcast in progress carries on for everyone else; this person's pending message is skipped.
  await q
    .update(deliveries)
    .set({ status: 'skipped', lastError: 'deleted' })
    .where(
      and(eq(deliveries.contactId, contactId), eq(deliveries.status, 'pending'), isNull(deliveries.sentAt)),
    );
  // A platform message id (a WhatsApp wamid) encodes the recipient's number.
  await q.update(deliveries).set({ platformMessageId: null }).where(eq(deliveries.contactId, contactId));
  // An admin's own broadcasts keep no trace of who wrote them.
  for (const key of [`${contact.channel}:${contact.externalId}`, contact.externalId]) {
    await q.update(broadcasts).set({ createdBy: 'deleted' }).where(eq(broadcasts.createdBy, key));
  }
  await scrubOtherReplies(q, contactId, identifiers);
  // Copies of what the bot sent them on WhatsApp (kept for phones that ask again).
  if (contact.channel === 'whatsapp') {
    const jid = contact.externalId.includes('@')
      ? contact.externalId
      : `${contact.externalId}@s.whatsapp.net`;
    // The same person under their LID: copies sent there go too (baileys' own pairs say which).
    const lids = jid.endsWith('@s.whatsapp.net') ? await lidsOfPhone(q, jid.split('@')[0]!) : [];
    for (const id of new Set([jid, ...lids])) await q.delete(whatsappSent).where(eq(whatsappSent.jid, id));
  }

  await q
    .update(contacts)
    .set({
      externalId: `deleted:${randomBytes(12).toString('hex')}`,
      subscribed: false,
      subscribedAt: null,
      unsubscribedAt: null,
      unreachableAt: null,
      unreachableReason: null,
      deletedAt: now,
    })
    .where(eq(contacts.id, contactId));

  const candidateIds = new Set(candidates.map((c) => c.id));
  return {
    reports: own.length,
    filesDeleted: doomed.length,
    filesKept: [...candidateIds].filter((id) => !doomed.includes(id)).length,
    feedback: feedback.length,
    subscribed: contact.subscribed,
    draft: hasDraft(s?.state),
  };
}

/**
 * Replies to other people that quote this person (an admin's view of their report shows their name
 * and number): sent ones are deleted, unsent ones lose the name and number.
 */
async function scrubOtherReplies(q: Queryable, contactId: number, identifiers: string[]): Promise<void> {
  if (!identifiers.length) return;
  // Page by id: the outbox holds a week of replies (RETENTION_SENT_REPLIES_DAYS), not to be loaded at once.
  for (let after = 0; ; ) {
    const rows = await q
      .select({ id: outbox.id, message: outbox.message, sentAt: outbox.sentAt })
      .from(outbox)
      .where(and(ne(outbox.contactId, contactId), gt(outbox.id, after)))
      .orderBy(outbox.id)
      .limit(500);
    if (!rows.length) return;
    for (const row of rows) {
      after = row.id;
      if (!mentionsAny(row.message, identifiers)) continue;
      if (row.sentAt) await q.delete(outbox).where(eq(outbox.id, row.id));
      else {
        await q
          .update(outbox)
          .set({ message: mapStrings(row.message, (t) => scrubValues(t, identifiers, REPLACEMENT)) })
          .where(eq(outbox.id, row.id));
      }
    }
  }
}

/** Finds the contact a deletion from the command line means: by ticket, or by log/export pseudonym. */
export async function findContactForDeletion(
  q: Queryable,
  by: { ticket?: string; pseudonym?: string },
  pseudonymOf: (channel: string, externalId: string) => string,
): Promise<{ contactId: number } | { error: 'not_found' | 'withdrawn' }> {
  if (by.ticket) {
    const [r] = await q
      .select({ contactId: reports.contactId })
      .from(reports)
      .where(eq(reports.ticket, by.ticket));
    if (!r) return { error: 'not_found' };
    if (r.contactId === null) return { error: 'withdrawn' };
    return { contactId: r.contactId };
  }
  const want = by.pseudonym?.trim().toLowerCase();
  if (!want) return { error: 'not_found' };
  // A pseudonym is a salted hash: the only way back is to hash every contact and compare.
  const all = await q
    .select({ id: contacts.id, channel: contacts.channel, externalId: contacts.externalId })
    .from(contacts)
    .where(isNull(contacts.deletedAt));
  const hit = all.find((c) => pseudonymOf(c.channel, c.externalId) === want);
  return hit ? { contactId: hit.id } : { error: 'not_found' };
}
