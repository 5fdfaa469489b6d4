import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { reportEvents, reports } from '../db/schema';
import { CATEGORIES, type Category, type Draft, type Reporter } from './draft';
import { newTicket } from './ticket';

export type ReportRow = typeof reports.$inferSelect;

/** A stored report back in the draft's shape (for summaries): identity only when not anonymous. */
export function draftOf(r: ReportRow): Draft {
  return {
    ...(r.fields as Draft),
    category: CATEGORIES.find((c) => c === r.category) ?? 'other',
    reporter: r.anonymous
      ? { anonymous: true }
      : {
          anonymous: false,
          ...(r.reporterName ? { name: r.reporterName } : {}),
          ...(r.reporterContact ? { contact: r.reporterContact } : {}),
        },
  };
}
export type ReportStatus = ReportRow['status'];
export const STATUSES: readonly ReportStatus[] = ['baru', 'diverifikasi', 'diteruskan', 'ditolak', 'selesai'];

/** Reports this contact filed in the last 24 hours (the daily cap counts these). */
export async function reportsToday(q: Queryable, contactId: number): Promise<number> {
  const [r] = await q
    .select({ n: count() })
    .from(reports)
    .where(and(eq(reports.contactId, contactId), gt(reports.createdAt, sql`now() - interval '24 hours'`)));
  return r?.n ?? 0;
}

const MAX_TICKET_TRIES = 8;

/**
 * Writes a report with a fresh ticket and its first status event (`baru`). A ticket collision is
 * skipped with ON CONFLICT (no error, so the surrounding transaction stays usable) and retried.
 */
export async function insertReport(
  q: Queryable,
  r: { contactId: number; category: Category; fields: Record<string, unknown>; reporter: Reporter },
  newTicketFn: () => string = newTicket,
): Promise<{ id: number; ticket: string }> {
  for (let i = 0; i < MAX_TICKET_TRIES; i++) {
    const ticket = newTicketFn();
    const [row] = await q
      .insert(reports)
      .values({
        ticket,
        contactId: r.contactId,
        category: r.category,
        fields: r.fields,
        anonymous: r.reporter.anonymous,
        reporterName: r.reporter.anonymous ? null : (r.reporter.name ?? null),
        reporterContact: r.reporter.anonymous ? null : (r.reporter.contact ?? null),
      })
      .onConflictDoNothing({ target: reports.ticket })
      .returning({ id: reports.id, ticket: reports.ticket });
    if (row) {
      await q.insert(reportEvents).values({ reportId: row.id, status: 'baru', actor: 'reporter' });
      return row;
    }
  }
  throw new Error('could not find a free ticket');
}

export async function findByTicket(q: Queryable, ticket: string): Promise<ReportRow | undefined> {
  const [row] = await q.select().from(reports).where(eq(reports.ticket, ticket));
  return row;
}

export async function eventsOf(q: Queryable, reportId: number) {
  return q
    .select()
    .from(reportEvents)
    .where(eq(reportEvents.reportId, reportId))
    .orderBy(reportEvents.createdAt, reportEvents.id);
}
