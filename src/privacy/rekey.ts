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
  key: string;
  column: string;
  kind: 'text' | 'bytes' | 'id';
}

/** Every column sealed by src/db/encrypted.ts (schema.ts); a new encrypted column belongs here too. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'evidence_files', key: 'id', column: 'bytes', kind: 'bytes' },
  { table: 'evidence_files', key: 'id', column: 'ocr_text', kind: 'text' },
  { table: 'reports', key: 'id', column: 'fields', kind: 'text' },
  { table: 'reports', key: 'id', column: 'reporter_name', kind: 'text' },
  { table: 'reports', key: 'id', column: 'reporter_contact', kind: 'text' },
  { table: 'report_events', key: 'id', column: 'note', kind: 'text' },
  { table: 'sessions', key: 'contact_id', column: 'state', kind: 'text' },
  { table: 'outbox', key: 'id', column: 'messages', kind: 'text' },
  { table: 'qa_feedback', key: 'id', column: 'question', kind: 'text' },
  { table: 'broadcasts', key: 'id', column: 'created_by', kind: 'id' },
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

/** Re-seals every value not under the current key; returns how many per column. */
export async function rekeyAll(
  db: Db,
  onProgress?: (column: string, done: number) => void,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const name = `${c.table}.${c.column}`;
    let done = 0;
    const t = sql.identifier(c.table);
    const k = sql.identifier(c.key);
    const col = sql.identifier(c.column);
    for (;;) {
      const r = await db.execute(
        sql`select ${k} as k, ${col} as v from ${t} where ${col} is not null and ${notCurrent(c)} order by ${k} limit ${BATCH}`,
      );
      const rows = rowsOf<{ k: number | string; v: unknown }>(r);
      if (!rows.length) break;
      let changed = 0;
      for (const row of rows) {
        const next = reseal(c, row.v);
        const u = await db.execute(
          sql`update ${t} set ${col} = ${next} where ${k} = ${row.k} and ${col} = ${row.v} returning 1 as ok`,
        );
        changed += rowsOf(u).length;
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
