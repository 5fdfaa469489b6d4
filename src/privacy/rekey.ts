import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/hot';
import {
  currentBytesHeader,
  currentTextPrefixes,
  openBytes,
  openText,
  sealBytes,
  sealId,
  sealText,
} from './crypto';

/**
 * Key rotation, second half: every encrypted column, row by row in small batches, is opened with
 * whichever key sealed it (DATA_KEY_OLD) and sealed again with DATA_KEY. Rows written before
 * encryption existed (plain text, plain bytes) are sealed the same way. Each update is a
 * compare-and-set on the old value, so a row changed meanwhile is simply looked at again.
 */

export interface EncryptedColumn {
  table: string;
  column: string;
  /** `id`: sealed deterministically and looked up by equality (src/db/encrypted.ts encryptedId). */
  kind: 'text' | 'bytes' | 'id';
}

/** Every column sealed by src/db/encrypted.ts (schema.ts); a new encrypted column belongs here too. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'contacts', column: 'external_id', kind: 'id' },
  { table: 'whatsapp_auth', column: 'key', kind: 'id' },
  { table: 'broadcasts', column: 'created_by', kind: 'id' },
  { table: 'deliveries', column: 'platform_message_id', kind: 'id' },
  { table: 'whatsapp_auth', column: 'value', kind: 'text' },
  { table: 'evidence_files', column: 'bytes', kind: 'bytes' },
  { table: 'evidence_files', column: 'ocr_text', kind: 'text' },
  { table: 'reports', column: 'fields', kind: 'text' },
  { table: 'reports', column: 'reporter_name', kind: 'text' },
  { table: 'reports', column: 'reporter_contact', kind: 'text' },
  { table: 'report_events', column: 'note', kind: 'text' },
  { table: 'sessions', column: 'state', kind: 'text' },
  { table: 'outbox', column: 'message', kind: 'text' },
  { table: 'inbox', column: 'event_id', kind: 'id' },
  { table: 'inbox', column: 'user_key', kind: 'id' },
  { table: 'inbox', column: 'payload', kind: 'text' },
  { table: 'qa_feedback', column: 'question', kind: 'text' },
  { table: 'qa_gaps', column: 'question', kind: 'text' },
  { table: 'whatsapp_sent', column: 'jid', kind: 'id' },
  { table: 'whatsapp_sent', column: 'message', kind: 'text' },
];

const BATCH = 100;

function notCurrent(c: EncryptedColumn) {
  const col = sql.identifier(c.column);
  if (c.kind === 'bytes') return sql`substring(${col} from 1 for 8) <> ${currentBytesHeader()}`;
  const [text, id] = currentTextPrefixes();
  const prefix = c.kind === 'id' ? id! : text!;
  return sql`left(${col}, ${prefix.length}) <> ${prefix}`;
}

function reseal(c: EncryptedColumn, value: unknown): unknown {
  if (c.kind === 'bytes') return sealBytes(openBytes(value as Uint8Array));
  if (c.kind === 'id') return sealId(openText(String(value)));
  return sealText(openText(String(value)));
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** How many values each column still has under another key (or in clear). */
export async function pendingRekey(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const r = await db.execute(
      sql`select count(*)::int as n from ${sql.identifier(c.table)} where ${sql.identifier(c.column)} is not null and ${notCurrent(c)}`,
    );
    out[`${c.table}.${c.column}`] = Number(rowsOf<{ n: number }>(r)[0]?.n ?? 0);
  }
  return out;
}

/**
 * Re-seals every value not under the current key; returns how many per column. Rows are addressed
 * by `ctid` with the old value as a guard, so any table works, with or without a single-column key.
 * `only: 'ids'` does just the columns looked up by equality (platform ids): until those are
 * re-sealed a returning user would not be recognised, so start-up does them before any channel runs.
 */
export async function rekeyAll(
  db: Db,
  onProgress?: (column: string, done: number) => void,
  only?: 'ids',
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    if (only === 'ids' && c.kind !== 'id') continue;
    const name = `${c.table}.${c.column}`;
    let done = 0;
    const t = sql.identifier(c.table);
    const col = sql.identifier(c.column);
    // Rows that cannot take the new value (an id already present under the new key): left as they are.
    const skipped = new Set<string>();
    for (;;) {
      const r = await db.execute(
        sql`select ctid::text as k, ${col} as v from ${t} where ${col} is not null and ${notCurrent(c)} limit ${BATCH + skipped.size}`,
      );
      const rows = rowsOf<{ k: string; v: unknown }>(r).filter((row) => !skipped.has(row.k));
      if (!rows.length) break;
      let changed = 0;
      for (const row of rows) {
        try {
          const u = await db.execute(
            sql`update ${t} set ${col} = ${reseal(c, row.v)} where ctid = ${row.k}::tid and ${col} = ${row.v} returning 1 as ok`,
          );
          changed += rowsOf(u).length;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          skipped.add(row.k);
        }
      }
      done += changed;
      onProgress?.(name, done);
      // Every row in the batch changed under us: look again rather than spin.
      if (!changed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    out[name] = done;
  }
  return out;
}
