import { and, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { reports } from '../db/schema';
import { CATEGORIES, type Category } from '../reports/draft';
import { type ReportStatus, STATUSES } from '../reports/store';
import { normalizeTicket } from '../reports/ticket';

/**
 * The dashboard's report list. Status, category, dates, evidence and ticket are SQL filters with
 * paging in the database. A report's text and place are encrypted at rest (src/privacy/), so word
 * and province search cannot be SQL: they decrypt a bounded window (the newest `TEXT_WINDOW`
 * reports the SQL filters match) and page within it. The page says so.
 */
export const PAGE_SIZE = 50;
export const TEXT_WINDOW = 2000;

export interface ReportFilter {
  status?: ReportStatus;
  category?: Category;
  province?: string;
  /** Dates (YYYY-MM-DD) in WIB, inclusive. */
  from?: string;
  to?: string;
  evidence?: 'yes' | 'no';
  /** A ticket, or words to look for in the report's text. */
  q?: string;
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayStart = (d: string) => new Date(`${d}T00:00:00+07:00`);

/** A filter from the query string; a value that is not one of ours is dropped, never an error page. */
export function parseFilter(query: Record<string, string | undefined>): ReportFilter {
  const f: ReportFilter = { page: 1 };
  const status = STATUSES.find((s) => s === query.status);
  if (status) f.status = status;
  const category = CATEGORIES.find((c) => c === query.category);
  if (category) f.category = category;
  const province = query.province?.trim().slice(0, 80);
  if (province) f.province = province;
  for (const k of ['from', 'to'] as const) {
    const v = query[k]?.trim();
    if (v && DATE.test(v) && !Number.isNaN(dayStart(v).getTime())) f[k] = v;
  }
  if (query.evidence === 'yes' || query.evidence === 'no') f.evidence = query.evidence;
  const q = query.q?.trim().slice(0, 200);
  if (q) f.q = q;
  const page = Number.parseInt(query.page ?? '', 10);
  if (Number.isFinite(page) && page > 1 && page < 100_000) f.page = page;
  return f;
}

/** The query string of a filter (links keep the filter: paging, export, back to the list). */
export function filterQuery(f: ReportFilter, overrides: Partial<Record<string, string>> = {}): string {
  const p = new URLSearchParams();
  for (const k of ['status', 'category', 'province', 'from', 'to', 'evidence', 'q'] as const) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  if (f.page > 1) p.set('page', String(f.page));
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface ListedReport {
  id: number;
  ticket: string;
  category: string;
  status: ReportStatus;
  createdAt: Date;
  fields: Record<string, unknown>;
  files: number;
}

const ORDER = [desc(reports.createdAt), desc(reports.id)];

const fileCount = sql<number>`(select count(*)::int from report_evidence re where re.report_id = ${reports.id})`;

function sqlWhere(f: ReportFilter): { where: SQL | undefined; ticket?: string } {
  const w: SQL[] = [];
  if (f.status) w.push(eq(reports.status, f.status));
  if (f.category) w.push(eq(reports.category, f.category));
  if (f.from) w.push(gte(reports.createdAt, dayStart(f.from)));
  if (f.to) w.push(lt(reports.createdAt, new Date(dayStart(f.to).getTime() + 86_400_000)));
  if (f.evidence) {
    const has = sql`exists (select 1 from report_evidence re where re.report_id = ${reports.id})`;
    w.push(f.evidence === 'yes' ? has : sql`not ${has}`);
  }
  const ticket = f.q ? normalizeTicket(f.q) : undefined;
  if (ticket) w.push(eq(reports.ticket, ticket));
  return { where: w.length ? and(...w) : undefined, ...(ticket ? { ticket } : {}) };
}

/** Lowercased words, accents folded: what text search compares. */
const words = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function textOf(fields: Record<string, unknown>): string {
  return words(JSON.stringify(fields)).join(' ');
}

export function provinceOf(fields: Record<string, unknown>): string | undefined {
  const where = fields.where;
  if (where && typeof where === 'object' && 'province' in where) {
    const p = (where as { province?: unknown }).province;
    return typeof p === 'string' ? p : undefined;
  }
  return undefined;
}

export function placeOf(fields: Record<string, unknown>): string | undefined {
  const where = fields.where;
  if (!where || typeof where !== 'object') return undefined;
  const w = where as { name?: unknown; province?: unknown; text?: unknown };
  if (typeof w.name === 'string') return typeof w.province === 'string' ? `${w.name}, ${w.province}` : w.name;
  return typeof w.text === 'string' ? w.text : undefined;
}

function decryptedMatch(f: ReportFilter, ticket: string | undefined) {
  const terms = f.q && !ticket ? words(f.q) : [];
  const province = f.province ? words(f.province).join(' ') : '';
  if (!terms.length && !province) return undefined;
  return (r: { fields: Record<string, unknown> }) => {
    if (
      province &&
      !words(provinceOf(r.fields) ?? '')
        .join(' ')
        .includes(province)
    )
      return false;
    if (!terms.length) return true;
    const text = textOf(r.fields);
    return terms.every((t) => text.includes(t));
  };
}

/** Every report the filter matches, newest first: what an export of the current filter holds. */
export async function filteredIds(q: Queryable, f: ReportFilter): Promise<number[]> {
  return (await matching(q, f, undefined)).ids;
}

async function matching(
  q: Queryable,
  f: ReportFilter,
  page: { size: number } | undefined,
): Promise<{ ids: number[]; more: boolean; windowed: boolean }> {
  const { where, ticket } = sqlWhere(f);
  const match = decryptedMatch(f, ticket);
  if (!match) {
    const base = q
      .select({ id: reports.id })
      .from(reports)
      .where(where)
      .orderBy(...ORDER);
    if (!page) return { ids: (await base).map((r) => r.id), more: false, windowed: false };
    const hits = await base.limit(page.size + 1).offset((f.page - 1) * page.size);
    return { ids: hits.slice(0, page.size).map((r) => r.id), more: hits.length > page.size, windowed: false };
  }
  const window = await q
    .select({ id: reports.id, fields: reports.fields })
    .from(reports)
    .where(where)
    .orderBy(...ORDER)
    .limit(TEXT_WINDOW);
  const hits = window.filter(match).map((r) => r.id);
  if (!page) return { ids: hits, more: false, windowed: true };
  const start = (f.page - 1) * page.size;
  return { ids: hits.slice(start, start + page.size), more: hits.length > start + page.size, windowed: true };
}

/**
 * Two steps: the ids of the page (a sort of narrow rows), then the page's rows with their file counts
 * and decrypted fields. In one query the database would carry every matching row's encrypted fields
 * and count its files before the sort picked fifty.
 */
export async function listFiltered(
  q: Queryable,
  f: ReportFilter,
  opts: { pageSize?: number } = {},
): Promise<{ rows: ListedReport[]; more: boolean; windowed: boolean }> {
  const { ids, more, windowed } = await matching(q, f, { size: opts.pageSize ?? PAGE_SIZE });
  if (!ids.length) return { rows: [], more: false, windowed };
  const rows = await q
    .select({
      id: reports.id,
      ticket: reports.ticket,
      category: reports.category,
      status: reports.status,
      createdAt: reports.createdAt,
      fields: reports.fields,
      files: fileCount,
    })
    .from(reports)
    .where(inArray(reports.id, ids))
    .orderBy(...ORDER);
  return { rows, more, windowed };
}
