import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client';
import { rowsOf } from '../../src/db/hot';
import { isSealedBytes, isSealedText, openBytes, openText } from '../../src/privacy/crypto';

export interface Hit {
  where: string;
  needle: string;
}

/** Every table of the live database (information_schema), so tables added later are covered too. */
export async function allTables(database: Database): Promise<{ schema: string; table: string }[]> {
  const r = await database.db.execute(sql`
    select table_schema as schema, table_name as "table" from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      and table_schema not like 'pg\\_%'
    order by 1, 2`);
  return rowsOf<{ schema: string; table: string }>(r);
}

/** A value as the text someone reading the database with the key would see (sealed values opened). */
function readable(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return isSealedText(v) ? openText(v) : v;
  if (v instanceof Uint8Array) {
    const bytes = isSealedBytes(v) ? openBytes(v) : Buffer.from(v);
    return bytes.toString('latin1');
  }
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Looks for each needle in every column of every row of every table, opening sealed values first
 * (so a value that is merely encrypted still counts as found). A needle made of digits (a phone
 * number, a platform id) is also found with separators in it or with 0 / 62 in front.
 */
export async function findEverywhere(database: Database, needles: readonly string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const { schema, table } of await allTables(database)) {
    const r = await database.db.execute(
      sql`select * from ${sql.identifier(schema)}.${sql.identifier(table)}`,
    );
    for (const row of rowsOf<Record<string, unknown>>(r)) {
      for (const [column, value] of Object.entries(row)) {
        const text = readable(value);
        if (!text) continue;
        const lower = text.toLowerCase();
        const digits = text.replace(/\D/g, '');
        for (const n of needles) {
          const isNumber = /^\+?[\d\s.-]+$/.test(n);
          const core = n.replace(/\D/g, '').replace(/^(62|0)/, '');
          if (lower.includes(n.toLowerCase()) || (isNumber && core.length >= 7 && digits.includes(core))) {
            hits.push({ where: `${schema}.${table}.${column}`, needle: n });
          }
        }
      }
    }
  }
  return hits;
}
