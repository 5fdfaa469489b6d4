import type { Database } from '../db/client';

/**
 * Plain SQL straight to the driver, for the few statements run once per message in the send loop:
 * on PGlite the query builder costs about ten times the statement itself (measured 17 ms against
 * 1.7 ms on a loaded machine), which would make the engine, not the platform, the bottleneck.
 */
export async function rawQuery<T>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  if (database.pglite) return (await database.pglite.query<T>(text, params)).rows;
  return [...(await database.sql!.unsafe(text, params as never[]))] as T[];
}
