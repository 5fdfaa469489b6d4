import { type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client';

/** What pg-boss 10 needs from a database: run SQL text with positional parameters. */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss over our own connection (no second pool, and PGlite works): statements with parameters
 * run as one query; pg-boss's schema install is many statements without parameters, which only the
 * simple protocol accepts (PGlite `exec`, postgres.js `.simple()`).
 */
export function bossDb(database: Database): BossDb {
  if (database.pglite) {
    const pg = database.pglite;
    return {
      async executeSql(text, values) {
        if (values?.length) return pg.query(text, values);
        const results = await pg.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      },
    };
  }
  const client = database.sql!;
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: [...(await client.unsafe(text, values.map(param) as never[]))] };
      // The install script has its own BEGIN/COMMIT, which postgres.js allows only on a reserved connection.
      const conn = await client.reserve();
      try {
        return { rows: [...(await conn.unsafe(text).simple())] };
      } finally {
        conn.release();
      }
    },
  };
}

/** postgres.js sends untyped parameters as text: pg-boss's job data (an object) goes as JSON. */
function param(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return v;
}

/** `$1`-style SQL as a drizzle query, so pg-boss can write a job inside one of our transactions. */
function positional(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${param(values[Number(part) - 1] ?? null)}`);
  });
  return sql.join(chunks);
}

/** pg-boss inside a transaction: the job exists exactly when the transaction commits. */
export function bossTx(tx: Queryable): BossDb {
  return {
    async executeSql(text, values = []) {
      const r: unknown = await tx.execute(positional(text, values));
      return { rows: Array.isArray(r) ? [...r] : ((r as { rows?: unknown[] }).rows ?? []) };
    },
  };
}
