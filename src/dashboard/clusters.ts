import { desc, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { reportEvidence, reports } from '../db/schema';
import type { ReportStatus } from '../reports/store';

/**
 * One case reported by many citizens is one line to triage. Reports are grouped when they share an
 * evidence file (same sha256: files are stored once per hash, so the same evidence id) or name the
 * same person at the same agency. Names are encrypted at rest, so that part reads the newest
 * `CLUSTER_WINDOW` reports; shared files are found in SQL across every report.
 */
export const CLUSTER_WINDOW = 5000;

export interface Cluster {
  reports: { id: number; ticket: string; status: ReportStatus; createdAt: Date }[];
  /** Why they are together: shared files, and/or the person and agency they name. */
  sharedFiles: number;
  person?: { who: string; agency: string };
  latest: Date;
}

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

class Groups {
  private readonly parent = new Map<number, number>();
  find(x: number): number {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  join(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

export async function findClusters(q: Queryable, opts: { window?: number } = {}): Promise<Cluster[]> {
  const groups = new Groups();
  const members = new Set<number>();
  const filesOf = new Map<number, Set<number>>();

  // Files in more than one report: one row per (file, report).
  const shared = await q
    .select({ evidenceId: reportEvidence.evidenceId, reportId: reportEvidence.reportId })
    .from(reportEvidence)
    .where(
      inArray(
        reportEvidence.evidenceId,
        q
          .select({ id: reportEvidence.evidenceId })
          .from(reportEvidence)
          .groupBy(reportEvidence.evidenceId)
          .having(sql`count(*) > 1`),
      ),
    );
  const firstWithFile = new Map<number, number>();
  for (const s of shared) {
    members.add(s.reportId);
    const set = filesOf.get(s.reportId) ?? new Set<number>();
    set.add(s.evidenceId);
    filesOf.set(s.reportId, set);
    const first = firstWithFile.get(s.evidenceId);
    if (first === undefined) firstWithFile.set(s.evidenceId, s.reportId);
    else groups.join(first, s.reportId);
  }

  const recent = await q
    .select({ id: reports.id, fields: reports.fields })
    .from(reports)
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(opts.window ?? CLUSTER_WINDOW);
  const byPerson = new Map<string, number>();
  const personOf = new Map<number, { who: string; agency: string }>();
  for (const r of recent) {
    const who = typeof r.fields.who === 'string' ? r.fields.who : '';
    const agency = typeof r.fields.agency === 'string' ? r.fields.agency : '';
    if (!norm(who) || !norm(agency)) continue;
    const key = `${norm(who)}|${norm(agency)}`;
    personOf.set(r.id, { who, agency });
    const first = byPerson.get(key);
    if (first === undefined) byPerson.set(key, r.id);
    else {
      groups.join(first, r.id);
      members.add(first);
      members.add(r.id);
    }
  }
  if (!members.size) return [];

  const rows = await q
    .select({ id: reports.id, ticket: reports.ticket, status: reports.status, createdAt: reports.createdAt })
    .from(reports)
    .where(inArray(reports.id, [...members]))
    .orderBy(desc(reports.createdAt));
  const byRoot = new Map<number, Cluster>();
  for (const r of rows) {
    const root = groups.find(r.id);
    const c = byRoot.get(root) ?? { reports: [], sharedFiles: 0, latest: r.createdAt };
    c.reports.push(r);
    if (r.createdAt > c.latest) c.latest = r.createdAt;
    byRoot.set(root, c);
  }
  for (const c of byRoot.values()) {
    const files = new Set<number>();
    const counts = new Map<number, number>();
    for (const r of c.reports)
      for (const f of filesOf.get(r.id) ?? []) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const [f, n] of counts) if (n > 1) files.add(f);
    c.sharedFiles = files.size;
    const named = c.reports.map((r) => personOf.get(r.id)).filter((p) => p !== undefined);
    const keyOf = (p: { who: string; agency: string }) => `${norm(p.who)}|${norm(p.agency)}`;
    const repeated = named.find((p) => named.filter((o) => keyOf(o) === keyOf(p)).length > 1);
    if (repeated) c.person = repeated;
  }
  return [...byRoot.values()]
    .filter((c) => c.reports.length > 1)
    .sort((a, b) => b.reports.length - a.reports.length || b.latest.getTime() - a.latest.getTime());
}
