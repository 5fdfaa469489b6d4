import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, notExists, sql } from 'drizzle-orm';
import sharp, { type Sharp } from 'sharp';
import { t } from '../content/copy';
import type { EffectHandler } from '../core/dispatcher';
import type { Effect } from '../core/effects';
import type { PreparedMedia } from '../core/flow';
import type { Queryable, Tx } from '../db/client';
import { evidenceFiles, evidenceSenders, reportEvidence, reports } from '../db/schema';

/**
 * Evidence files: kept once per content hash (sha256 of the bytes as the user sent them), with
 * EXIF and location metadata stripped from images before anything is stored. The file type was
 * already decided from the bytes by the dispatcher (src/core/media.ts, file-type); this module
 * never trusts a name or a declared mime.
 */

declare module '../core/effects' {
  interface EffectMap {
    /**
     * Keeps a file the user sent (idempotent), records who sent it, and queues images for OCR.
     * Replies only when an image cannot be decoded: whether anyone else sent the same file is never
     * said to the sender (that would tell them someone reported it); admins see it on the report.
     */
    'evidence.store': {
      sha256: string;
      mime: string;
      kind: string;
      bytes: Uint8Array;
      fileName?: string;
      /** The report this file is added to, if it already has a ticket: not counted as "another". */
      reportTicket?: string;
    };
    /**
     * The user dropped these files ("Tidak jadi", a discarded draft): forget that they sent them,
     * and delete each file nobody else sent and no submitted report keeps.
     */
    'evidence.discard': { sha256s: string[] };
  }
}

export interface EvidenceFile {
  /** sha256 (hex) of `bytes` exactly as sent, so the same file sent again is recognised. */
  sha256: string;
  mime: string;
  bytes: Uint8Array;
}

export interface StoredEvidence {
  id: number;
  sha256: string;
  mime: string;
  /** Size of the stored bytes (after metadata was stripped). */
  size: number;
  bytes: Buffer;
  ocrText: string | null;
}

/** Where evidence bytes live; PostgreSQL for now, object storage can implement the same two calls. */
export interface EvidenceStore {
  put(q: Queryable, file: EvidenceFile): Promise<{ id: number; created: boolean }>;
  get(q: Queryable, id: number): Promise<StoredEvidence | undefined>;
}

/** An image whose type is right by its bytes but which cannot be decoded (truncated, corrupt). */
export class UnreadableImageError extends Error {}

const REENCODE: Record<string, (s: Sharp) => Sharp> = {
  'image/jpeg': (s) => s.jpeg({ quality: 90 }),
  'image/png': (s) => s.png(),
  'image/webp': (s) => s.webp({ quality: 90 }),
};

export const isImage = (mime: string): boolean => mime in REENCODE;

/**
 * The image without EXIF, XMP, IPTC or GPS data: orientation is applied to the pixels first (so the
 * picture still looks the same), then it is re-encoded, which writes no metadata (sharp's default).
 * Files that are not images come back unchanged.
 */
export async function stripImageMetadata(bytes: Uint8Array, mime: string): Promise<Buffer> {
  const encode = REENCODE[mime];
  if (!encode) return Buffer.from(bytes);
  try {
    const meta = await sharp(bytes).metadata();
    // An animated WebP keeps its frames; orientation tags do not occur in them.
    const image = (meta.pages ?? 1) > 1 ? sharp(bytes, { animated: true }) : sharp(bytes).rotate();
    return await encode(image).toBuffer();
  } catch (err) {
    throw new UnreadableImageError(
      `cannot decode ${mime}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export const pgEvidenceStore: EvidenceStore = {
  async put(q, file) {
    const sent = createHash('sha256').update(file.bytes).digest('hex');
    if (sent !== file.sha256) throw new Error('evidence sha256 does not match its bytes');
    const [known] = await q
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.sha256, file.sha256));
    if (known) return { id: known.id, created: false };
    const bytes = await stripImageMetadata(file.bytes, file.mime);
    const [row] = await q
      .insert(evidenceFiles)
      .values({
        sha256: file.sha256,
        mime: file.mime,
        size: bytes.length,
        bytes,
        ocrStatus: isImage(file.mime) ? 'pending' : 'none',
      })
      // Two people sending the same file at once: the second insert waits for the first and yields.
      .onConflictDoNothing({ target: evidenceFiles.sha256 })
      .returning({ id: evidenceFiles.id });
    if (row) return { id: row.id, created: true };
    const [winner] = await q
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.sha256, file.sha256));
    return { id: winner!.id, created: false };
  },

  async get(q, id) {
    const [row] = await q
      .select({
        id: evidenceFiles.id,
        sha256: evidenceFiles.sha256,
        mime: evidenceFiles.mime,
        size: evidenceFiles.size,
        bytes: evidenceFiles.bytes,
        ocrText: evidenceFiles.ocrText,
      })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.id, id));
    return row;
  },
};

/**
 * Attaches stored files to a report (report_evidence rows), in the report's transaction. A hash with
 * no stored file (an image that could not be decoded) is skipped: the report's own fields still list it.
 */
export async function linkEvidence(tx: Tx, reportId: number, sha256s: string[]): Promise<void> {
  if (!sha256s.length) return;
  const files = await tx
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.sha256, [...new Set(sha256s)]));
  if (!files.length) return;
  await tx
    .insert(reportEvidence)
    .values(files.map((f) => ({ reportId, evidenceId: f.id })))
    .onConflictDoNothing();
}

/** Tickets of the reports that already have this file as evidence, oldest first. */
export async function otherReportsWith(q: Queryable, sha256: string): Promise<string[]> {
  const rows = await q
    .select({ ticket: reports.ticket })
    .from(reportEvidence)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, reportEvidence.evidenceId))
    .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
    .where(eq(evidenceFiles.sha256, sha256))
    .orderBy(asc(reports.createdAt), asc(reports.id));
  return rows.map((r) => r.ticket);
}

/** The OCR text read so far, by sha256; files not read yet (or with no text) are absent. */
export async function ocrTextFor(q: Queryable, sha256s: string[]): Promise<Record<string, string>> {
  if (!sha256s.length) return {};
  const rows = await q
    .select({ sha256: evidenceFiles.sha256, text: evidenceFiles.ocrText })
    .from(evidenceFiles)
    .where(
      and(
        inArray(evidenceFiles.sha256, [...new Set(sha256s)]),
        eq(evidenceFiles.ocrStatus, 'done'),
        isNotNull(evidenceFiles.ocrText),
      ),
    );
  const out: Record<string, string> = {};
  for (const r of rows) if (r.text?.trim()) out[r.sha256] = r.text.trim();
  return out;
}

/** Which of these hashes are stored (a draft may list a file that could not be decoded). */
export async function storedSha256s(q: Queryable, sha256s: string[]): Promise<string[]> {
  if (!sha256s.length) return [];
  const rows = await q
    .select({ sha256: evidenceFiles.sha256 })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.sha256, [...new Set(sha256s)]));
  return rows.map((r) => r.sha256);
}

export const handleEvidenceStore: EffectHandler<'evidence.store'> = async (effect, env) => {
  const locale = env.contact.locale === 'en' ? 'en' : 'id';
  let stored: { id: number; created: boolean };
  try {
    stored = await pgEvidenceStore.put(env.tx, effect);
  } catch (err) {
    if (!(err instanceof UnreadableImageError)) throw err;
    env.log.warn({ mime: effect.mime, size: effect.bytes.length }, 'evidence image could not be decoded');
    return { replies: [{ text: t('evidence.unreadable', locale) }] };
  }
  await env.tx
    .insert(evidenceSenders)
    .values({ evidenceId: stored.id, contactId: env.contact.id, sentAt: env.now })
    .onConflictDoUpdate({
      target: [evidenceSenders.evidenceId, evidenceSenders.contactId],
      set: { sentAt: env.now },
    });
  env.log.info({ evidence: stored.id, created: stored.created, mime: effect.mime }, 'evidence stored');
  return undefined;
};

/**
 * Forgets that `contactId` sent these files, and deletes those nobody else sent and no report
 * keeps. Returns how many files were deleted.
 */
export async function discardEvidence(q: Queryable, contactId: number, sha256s: string[]): Promise<number> {
  if (!sha256s.length) return 0;
  const files = await q
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.sha256, [...new Set(sha256s)]));
  if (!files.length) return 0;
  const ids = files.map((f) => f.id);
  await q
    .delete(evidenceSenders)
    .where(and(eq(evidenceSenders.contactId, contactId), inArray(evidenceSenders.evidenceId, ids)));
  const gone = await q
    .delete(evidenceFiles)
    .where(
      and(
        inArray(evidenceFiles.id, ids),
        notExists(
          q
            .select({ one: sql`1` })
            .from(reportEvidence)
            .where(eq(reportEvidence.evidenceId, evidenceFiles.id)),
        ),
        notExists(
          q
            .select({ one: sql`1` })
            .from(evidenceSenders)
            .where(eq(evidenceSenders.evidenceId, evidenceFiles.id)),
        ),
      ),
    )
    .returning({ id: evidenceFiles.id });
  return gone.length;
}

export const handleEvidenceDiscard: EffectHandler<'evidence.discard'> = async (effect, env) => {
  const n = await discardEvidence(env.tx, env.contact.id, effect.sha256s);
  if (n) env.log.info({ files: n }, 'dropped evidence deleted');
  return undefined;
};

/** The effect that keeps a file the user sent (a flow stores its sha256; this carries the bytes). */
export function storeEvidenceEffect(media: PreparedMedia): Effect {
  return {
    type: 'evidence.store',
    sha256: media.sha256,
    mime: media.mime ?? 'application/octet-stream',
    kind: media.kind,
    bytes: media.bytes,
    ...(media.fileName ? { fileName: media.fileName } : {}),
  };
}
