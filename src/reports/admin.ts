import { and, count, desc, eq, gte, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { t } from '../content/copy';
import { formatTime, regionCodeOf, zoneOf } from '../content/time';
import { escapeMarkup } from '../core/markup';
import type { ChannelName, Locale } from '../core/message';
import type { Queryable } from '../db/client';
import { enqueue } from '../db/outbox';
import { contacts, reportEvents, reportEvidence, reports } from '../db/schema';
import { hashId } from '../log';
import { pseudonymiseFields } from '../privacy/pseudonymise';
import { draftOf, eventsOf, findByTicket, type ReportRow, type ReportStatus, STATUSES } from './store';
import { summaryText } from './summary';
import { normalizeTicket } from './ticket';

/**
 * What admins do with reports, as plain functions on a `Queryable` so the CLI (src/reports/cli.ts)
 * and the Telegram admin commands share them.
 */

export class ReportAdminError extends Error {
  constructor(
    readonly code: 'not_found' | 'bad_status' | 'note_required',
    message: string,
  ) {
    super(message);
  }
}

/** Statuses that need a note: to whom it was forwarded, why it was rejected. */
export const NOTE_REQUIRED: readonly ReportStatus[] = ['diteruskan', 'ditolak'];

export function parseStatus(s: string): ReportStatus {
  const v = STATUSES.find((x) => x === s.trim().toLowerCase());
  if (!v)
    throw new ReportAdminError('bad_status', `unknown status "${s}" (use one of: ${STATUSES.join(', ')})`);
  return v;
}

export interface ReportListItem {
  ticket: string;
  category: string;
  status: ReportStatus;
  createdAt: Date;
  anonymous: boolean;
  /** The regency/city code of the report's place, when known (its time zone follows it). */
  regionCode?: string;
}

export async function listReports(
  q: Queryable,
  opts: { status?: ReportStatus; since?: Date; limit?: number } = {},
): Promise<ReportListItem[]> {
  const where: SQL[] = [];
  if (opts.status) where.push(eq(reports.status, opts.status));
  if (opts.since) where.push(gte(reports.createdAt, opts.since));
  const rows = await q
    .select({
      ticket: reports.ticket,
      category: reports.category,
      status: reports.status,
      createdAt: reports.createdAt,
      anonymous: reports.anonymous,
      fields: reports.fields,
    })
    .from(reports)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(opts.limit ?? 500);
  return rows.map(({ fields, ...r }) => {
    const regionCode = regionCodeOf(fields);
    return regionCode ? { ...r, regionCode } : r;
  });
}

/** When a report was made, in the time zone of its place (WIB when unknown), in the admin's language. */
export function reportTime(date: Date, regionCode: string | undefined, locale: Locale): string {
  return formatTime(date, locale, zoneOf(regionCode));
}

export interface ReportDetail {
  report: ReportRow;
  events: Awaited<ReturnType<typeof eventsOf>>;
  files: number;
  /** The reporter's stable pseudonym (never the chat id); `withdrawn` after they deleted their data. */
  reporter: string;
  /**
   * Tickets of other reports with one of the same files (a widely shared post). Shown to admins
   * only: a citizen is never told whether anyone else reported something.
   */
  sharedWith: string[];
}

async function requireReport(q: Queryable, ticketText: string): Promise<ReportRow> {
  const ticket = normalizeTicket(ticketText);
  const report = ticket ? await findByTicket(q, ticket) : undefined;
  if (!report) throw new ReportAdminError('not_found', `no report with ticket "${ticketText}"`);
  return report;
}

/** The reporter's pseudonym; `withdrawn` once they deleted their data (the report has no link to them). */
async function pseudonymOf(q: Queryable, contactId: number | null): Promise<string> {
  if (contactId === null) return 'withdrawn';
  const [c] = await q
    .select({ channel: contacts.channel, externalId: contacts.externalId })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  return c ? hashId(`${c.channel}:${c.externalId}`) : hashId(`contact:${contactId}`);
}

export async function showReport(q: Queryable, ticket: string): Promise<ReportDetail> {
  const report = await requireReport(q, ticket);
  const [files] = await q
    .select({ n: count() })
    .from(reportEvidence)
    .where(eq(reportEvidence.reportId, report.id));
  return {
    report,
    events: await eventsOf(q, report.id),
    files: files?.n ?? 0,
    reporter: await pseudonymOf(q, report.contactId),
    sharedWith: await sharedWith(q, report.id),
  };
}

async function sharedWith(q: Queryable, reportId: number): Promise<string[]> {
  const mine = q
    .select({ id: reportEvidence.evidenceId })
    .from(reportEvidence)
    .where(eq(reportEvidence.reportId, reportId));
  const rows = await q
    .selectDistinct({ ticket: reports.ticket, createdAt: reports.createdAt })
    .from(reportEvidence)
    .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
    .where(and(inArray(reportEvidence.evidenceId, mine), ne(reports.id, reportId)))
    .orderBy(reports.createdAt);
  return rows.map((r) => r.ticket);
}

/**
 * A report as text for admins (CLI `show`, Telegram command), with markup, in the admin's language;
 * times in the zone of the report's place (WIB/WITA/WIT, named).
 */
export function formatReport(d: ReportDetail, locale: Locale = 'id'): string {
  const r = d.report;
  const draft = draftOf(r);
  const region = regionCodeOf(r.fields);
  const status = (s: string) => (STATUSES.some((x) => x === s) ? t(`report.status.${s}`, locale) : s);
  const history = d.events
    .map(
      (e) =>
        `  ${reportTime(e.createdAt, region, locale)} ${escapeMarkup(status(e.status))} (${escapeMarkup(e.actor)})${e.note ? `: ${escapeMarkup(e.note)}` : ''}`,
    )
    .join('\n');
  const shared = d.sharedWith.length
    ? [t('admin.report_shared', locale, { tickets: d.sharedWith.join(', ') })]
    : [];
  return [
    t('admin.report_head', locale, {
      ticket: r.ticket,
      status: status(r.status),
      time: reportTime(r.createdAt, region, locale),
      reporter: d.reporter,
      files: d.files,
    }),
    ...shared,
    summaryText(draft, locale, { full: true }),
    t('admin.report_history', locale),
    history,
  ].join('\n');
}

/**
 * Changes a report's status: a report_events row, the report's status, and a message to the
 * reporter through the outbox (the running bot sends it), all in one transaction.
 */
export async function setStatus(
  q: Queryable,
  input: { ticket: string; status: ReportStatus | string; note?: string; actor: string },
): Promise<{ ticket: string; status: ReportStatus; notified: boolean }> {
  const status = parseStatus(input.status);
  const note = input.note?.trim() || undefined;
  if (NOTE_REQUIRED.includes(status) && !note) {
    throw new ReportAdminError(
      'note_required',
      status === 'diteruskan'
        ? 'say to whom it was forwarded (--note "BKN")'
        : 'give a reason (--note "...")',
    );
  }
  return q.transaction(async (tx) => {
    const report = await requireReport(tx, input.ticket);
    await tx
      .insert(reportEvents)
      .values({ reportId: report.id, status, note: note ?? null, actor: input.actor });
    await tx.update(reports).set({ status, updatedAt: new Date() }).where(eq(reports.id, report.id));
    const reporterId = report.contactId;
    const [c] =
      reporterId === null
        ? []
        : await tx
            .select({ channel: contacts.channel, locale: contacts.locale })
            .from(contacts)
            .where(eq(contacts.id, reporterId));
    if (!c || reporterId === null) return { ticket: report.ticket, status, notified: false };
    const locale: Locale = c.locale === 'en' ? 'en' : 'id';
    const text = t('report.status_changed', locale, {
      ticket: report.ticket,
      status: t(`report.status.${status}`, locale),
      note: { raw: note ? t('report.status_note', locale, { note }) : '' },
    });
    await enqueue(tx, {
      contactId: reporterId,
      channel: c.channel as ChannelName,
      messages: [{ text }],
    });
    return { ticket: report.ticket, status, notified: true };
  });
}

export interface ExportRow {
  ticket: string;
  category: string;
  status: string;
  created_at: string;
  reporter: string;
  reporter_name: string;
  reporter_contact: string;
  fields: Record<string, unknown>;
}

/**
 * Every report (optionally filtered) for analysis. The reporter is a stable pseudonym, and names and
 * numbers in the report's text are pseudonymised, unless `withIdentity`, which adds the chat id,
 * name and contact the reporter gave and leaves the text as written.
 */
export async function exportReports(
  q: Queryable,
  opts: {
    format: 'csv' | 'json';
    withIdentity?: boolean;
    status?: ReportStatus;
    since?: Date;
    /** Only these reports (the dashboard exports what its filter shows). */
    ids?: readonly number[];
  },
): Promise<string> {
  const where: SQL[] = [];
  // One array parameter, not one per id: a filter can match tens of thousands of reports.
  if (opts.ids) where.push(sql`${reports.id} = any(${`{${opts.ids.join(',')}}`}::bigint[])`);
  if (opts.status) where.push(eq(reports.status, opts.status));
  if (opts.since) where.push(gte(reports.createdAt, opts.since));
  const rows = await q
    .select({ r: reports, channel: contacts.channel, externalId: contacts.externalId })
    .from(reports)
    // A report whose reporter deleted their data has no contact: it is exported as `withdrawn`.
    .leftJoin(contacts, eq(contacts.id, reports.contactId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(reports.createdAt, reports.id);
  const out: ExportRow[] = rows.map(({ r, channel, externalId }) => ({
    ticket: r.ticket,
    category: r.category,
    status: r.status,
    created_at: r.createdAt.toISOString(),
    reporter:
      channel === null || externalId === null
        ? 'withdrawn'
        : opts.withIdentity
          ? `${channel}:${externalId}`
          : hashId(`${channel}:${externalId}`),
    reporter_name: opts.withIdentity ? (r.reporterName ?? '') : '',
    reporter_contact: opts.withIdentity ? (r.reporterContact ?? '') : '',
    // Without identity, people in the text are pseudonymised too: the reported person becomes a
    // stable `orang-…`, the reporter `[pelapor]`, phone numbers and e-mails placeholders.
    fields: opts.withIdentity
      ? r.fields
      : pseudonymiseFields(r.fields, { name: r.reporterName, contact: r.reporterContact }),
  }));
  if (opts.format === 'json') return `${JSON.stringify(out, null, 2)}\n`;
  const cols = [
    'ticket',
    'category',
    'status',
    'created_at',
    'reporter',
    'reporter_name',
    'reporter_contact',
    'fields',
  ] as const;
  const cell = (v: unknown) => {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[cols.join(','), ...out.map((row) => cols.map((c) => cell(row[c])).join(','))].join('\n')}\n`;
}
