import { and, eq, gt, inArray, isNotNull, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { freshState } from '../core/step';
import type { Db, Queryable } from '../db/client';
import {
  contacts,
  evidenceFiles,
  evidenceSenders,
  outbox,
  reportEvidence,
  reports,
  sessions,
  whatsappSent,
} from '../db/schema';
import { pseudonymiseFields } from './pseudonymise';

/**
 * What expires, and when (every period configurable; README "Privacy and data protection"):
 *
 * - files no submitted report keeps, once nobody has sent them for RETENTION_UNLINKED_EVIDENCE_HOURS;
 * - unfinished reports (a flow in progress or parked) idle for RETENTION_DRAFT_DAYS;
 * - sessions idle for RETENTION_SESSION_DAYS;
 * - the files of reports closed (selesai / ditolak) RETENTION_CLOSED_EVIDENCE_DAYS ago, whose text
 *   is kept pseudonymised (no reporter, no names or numbers);
 * - replies already sent (they quote what people typed) after RETENTION_SENT_REPLIES_DAYS;
 * - tombstones of deleted contacts, once their confirmation has gone.
 */

export interface RetentionPolicy {
  unlinkedEvidenceHours: number;
  draftDays: number;
  sessionDays: number;
  closedEvidenceDays: number;
  sentRepliesDays: number;
  whatsappSentDays: number;
}

export function retentionPolicy(config: Config): RetentionPolicy {
  return {
    unlinkedEvidenceHours: config.RETENTION_UNLINKED_EVIDENCE_HOURS,
    draftDays: config.RETENTION_DRAFT_DAYS,
    sessionDays: config.RETENTION_SESSION_DAYS,
    closedEvidenceDays: config.RETENTION_CLOSED_EVIDENCE_DAYS,
    sentRepliesDays: config.RETENTION_SENT_REPLIES_DAYS,
    whatsappSentDays: config.RETENTION_WHATSAPP_SENT_DAYS,
  };
}

export interface RetentionCounts {
  /** Closed reports whose files went and whose text was pseudonymised. */
  closedReports: number;
  /** Files deleted: not kept by any report and not sent recently. */
  evidence: number;
  /** Sessions whose unfinished report (or other flow) was dropped. */
  drafts: number;
  sessions: number;
  sentReplies: number;
  /** Copies of sent WhatsApp messages kept for phones that ask for them again. */
  whatsappSent: number;
  tombstones: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

/** Tombstones wait this long for their confirmation to be sent (the pump retries for minutes). */
const TOMBSTONE_GRACE_MS = HOUR;
const BATCH = 200;

class DryRun extends Error {
  constructor(readonly counts: RetentionCounts) {
    super('dry run');
  }
}

/**
 * Applies the policy as of `now`, in one transaction. With `dryRun` the same work is done and
 * rolled back, so the counts are exactly what a real run would delete.
 */
export async function runRetention(
  db: Db,
  policy: RetentionPolicy,
  opts: { now?: Date; dryRun?: boolean } = {},
): Promise<RetentionCounts> {
  const now = opts.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      const counts: RetentionCounts = {
        closedReports: await expireClosedReports(tx, ago(now, policy.closedEvidenceDays * DAY), now),
        // After the closed reports: the files they just let go are unlinked now.
        evidence: await expireUnlinkedEvidence(tx, ago(now, policy.unlinkedEvidenceHours * HOUR)),
        drafts: await expireDrafts(tx, ago(now, policy.draftDays * DAY), ago(now, policy.sessionDays * DAY)),
        sessions: await expireSessions(tx, ago(now, policy.sessionDays * DAY)),
        sentReplies: await expireSentReplies(tx, ago(now, policy.sentRepliesDays * DAY)),
        whatsappSent: await expireWhatsAppSent(tx, ago(now, policy.whatsappSentDays * DAY)),
        tombstones: await expireTombstones(tx, ago(now, TOMBSTONE_GRACE_MS)),
      };
      if (opts.dryRun) throw new DryRun(counts);
      return counts;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.counts;
    throw err;
  }
}

async function expireClosedReports(q: Queryable, closedBefore: Date, now: Date): Promise<number> {
  const due = await q
    .select()
    .from(reports)
    .where(
      and(
        inArray(reports.status, ['selesai', 'ditolak']),
        lte(reports.updatedAt, closedBefore),
        isNull(reports.pseudonymisedAt),
      ),
    );
  for (const r of due) {
    await q.delete(reportEvidence).where(eq(reportEvidence.reportId, r.id));
    await q
      .update(reports)
      .set({
        fields: pseudonymiseFields(r.fields, { name: r.reporterName, contact: r.reporterContact }),
        reporterName: null,
        reporterContact: null,
        anonymous: true,
        contactId: null,
        pseudonymisedAt: now,
      })
      .where(eq(reports.id, r.id));
  }
  return due.length;
}

async function expireUnlinkedEvidence(q: Queryable, sentBefore: Date): Promise<number> {
  const linked = q
    .select({ one: sql`1` })
    .from(reportEvidence)
    .where(eq(reportEvidence.evidenceId, evidenceFiles.id));
  const recentlySent = q
    .select({ one: sql`1` })
    .from(evidenceSenders)
    .where(and(eq(evidenceSenders.evidenceId, evidenceFiles.id), gt(evidenceSenders.sentAt, sentBefore)));
  const gone = await q
    .delete(evidenceFiles)
    .where(and(lte(evidenceFiles.createdAt, sentBefore), notExists(linked), notExists(recentlySent)))
    .returning({ id: evidenceFiles.id });
  return gone.length;
}

async function expireDrafts(q: Queryable, idleBefore: Date, sessionCutoff: Date): Promise<number> {
  let dropped = 0;
  let after = 0;
  for (;;) {
    // Sessions older than the session cutoff are deleted whole just after; no need to open them.
    const rows = await q
      .select({ contactId: sessions.contactId, state: sessions.state })
      .from(sessions)
      .where(
        and(
          lte(sessions.updatedAt, idleBefore),
          gt(sessions.updatedAt, sessionCutoff),
          gt(sessions.contactId, after),
        ),
      )
      .orderBy(sessions.contactId)
      .limit(BATCH);
    if (!rows.length) return dropped;
    for (const r of rows) {
      after = r.contactId;
      if (!r.state.flow && !Object.keys(r.state.parked ?? {}).length) continue;
      // updated_at stays: the session's own idle time keeps counting towards its deletion.
      await q
        .update(sessions)
        .set({ state: freshState(r.state.locale === 'en' ? 'en' : 'id') })
        .where(eq(sessions.contactId, r.contactId));
      dropped++;
    }
  }
}

async function expireSessions(q: Queryable, idleBefore: Date): Promise<number> {
  const gone = await q
    .delete(sessions)
    .where(lte(sessions.updatedAt, idleBefore))
    .returning({ id: sessions.contactId });
  return gone.length;
}

async function expireSentReplies(q: Queryable, before: Date): Promise<number> {
  const gone = await q
    .delete(outbox)
    .where(or(and(isNotNull(outbox.sentAt), lte(outbox.sentAt, before)), lte(outbox.failedAt, before)))
    .returning({ id: outbox.id });
  return gone.length;
}

async function expireWhatsAppSent(q: Queryable, before: Date): Promise<number> {
  const gone = await q
    .delete(whatsappSent)
    .where(lte(whatsappSent.createdAt, before))
    .returning({ id: whatsappSent.messageId });
  return gone.length;
}

async function expireTombstones(q: Queryable, deletedBefore: Date): Promise<number> {
  const unsent = q
    .select({ one: sql`1` })
    .from(outbox)
    .where(and(eq(outbox.contactId, contacts.id), isNull(outbox.sentAt), isNull(outbox.failedAt)));
  const gone = await q
    .delete(contacts)
    .where(
      and(
        isNotNull(contacts.deletedAt),
        or(
          lte(contacts.deletedAt, ago(deletedBefore, DAY)),
          and(lte(contacts.deletedAt, deletedBefore), notExists(unsent)),
        ),
      ),
    )
    .returning({ id: contacts.id });
  return gone.length;
}
