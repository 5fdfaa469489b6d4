import postgres from 'postgres';
import { createScratchDatabase } from '../src/db/scratch';

/** Percentile of a sorted-on-demand list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The PostgreSQL server benches use: DATABASE_URL, else the local one if it answers. */
export async function benchServerUrl(): Promise<string | undefined> {
  const candidates = [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/test'].filter(
    (u): u is string => !!u,
  );
  for (const url of candidates) {
    const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try {
      await sql`select 1`;
      return url;
    } catch {
      // try the next one
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
  return undefined;
}

/** A fresh database on that server for one bench run, dropped afterwards. */
export function scratchDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  return createScratchDatabase(base, 'pantau_bench');
}
