import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client';
import { createScratchDatabase as createScratch } from '../../src/db/scratch';

export type Backend = 'pglite' | 'postgres';

/**
 * The backends every database test runs on: PGlite always, PostgreSQL too when DATABASE_URL is set
 * (CI sets it). Use with `describe.each(backends)`.
 */
export const backends: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let template: Blob | undefined;

export interface TestDatabase extends Database {
  /** The URL of the fresh PostgreSQL database (postgres backend only). */
  url?: string;
}

/**
 * A fresh, migrated database on the given backend: PGlite from the migrated template, or a new
 * database on the DATABASE_URL server (dropped again on close), so test files never share state.
 */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    template ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ dataDir: 'memory', loadDataDir: template });
  }
  const { url, drop } = await createScratchDatabase();
  const database = await openDatabase({ url });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** A new empty database on the DATABASE_URL server; `drop` removes it. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  return createScratch(base);
}
