import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client';

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
  const name = `pantau_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
