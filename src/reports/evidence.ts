// TEMPORARY stand-in for the evidence module built on branch issue-4-evidence (same interface),
// so the report flow can run before it lands. Replaced by theirs at merge; never shipped.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { EffectHandler } from '../core/dispatcher';
import type { MediaKind } from '../core/message';
import type { Queryable, Tx } from '../db/client';
import { evidenceFiles, reportEvidence, reports } from '../db/schema';

declare module '../core/effects' {
  interface EffectMap {
    'evidence.store': {
      sha256: string;
      mime: string;
      kind: MediaKind;
      bytes: Uint8Array;
      fileName?: string;
      reportTicket?: string;
    };
  }
}

export const storeEvidence: EffectHandler<'evidence.store'> = async (e, env) => {
  await env.tx
    .insert(evidenceFiles)
    .values({ sha256: e.sha256, mime: e.mime, size: e.bytes.length, bytes: Buffer.from(e.bytes) })
    .onConflictDoNothing();
  const others = await otherReportsWith(env.tx, e.sha256);
  if (others.length) return { replies: [{ text: `(temp) already evidence in ${others.length} report(s)` }] };
  return undefined;
};

export async function linkEvidence(tx: Tx, reportId: number, sha256s: string[]): Promise<void> {
  if (!sha256s.length) return;
  const files = await tx
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.sha256, sha256s));
  if (files.length)
    await tx
      .insert(reportEvidence)
      .values(files.map((f) => ({ reportId, evidenceId: f.id })))
      .onConflictDoNothing();
}

export async function otherReportsWith(q: Queryable, sha256: string): Promise<string[]> {
  const rows = await q
    .select({ ticket: reports.ticket })
    .from(reportEvidence)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, reportEvidence.evidenceId))
    .innerJoin(reports, and(eq(reports.id, reportEvidence.reportId), ne(reports.ticket, '')))
    .where(eq(evidenceFiles.sha256, sha256));
  return rows.map((r) => r.ticket);
}

export async function ocrTextFor(q: Queryable, sha256s: string[]): Promise<Record<string, string>> {
  if (!sha256s.length) return {};
  const rows = await q
    .select({ sha: evidenceFiles.sha256, text: evidenceFiles.ocrText })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.sha256, sha256s));
  return Object.fromEntries(rows.filter((r) => r.text).map((r) => [r.sha, r.text ?? '']));
}
