import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * A new empty database on a PostgreSQL server, for one test file or one bench run, so runs never
 * share state; `drop` removes it (even with connections still open).
 */
export async function createScratchDatabase(
  base: string,
  prefix = 'pantau_t',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
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
