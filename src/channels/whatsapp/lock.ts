import type { Database } from '../../db/client';

/** Another process already holds this WhatsApp number. */
export class WhatsAppNumberInUseError extends Error {}

/**
 * Two processes on one WhatsApp login kick each other off ("connection replaced") forever and can
 * corrupt the Signal sessions, so only one may hold a number. On PostgreSQL a session advisory lock
 * on a dedicated connection says so (released when that connection ends, even on a crash); on PGlite
 * the data-folder lock already keeps a second process out.
 */
export async function lockWhatsAppNumber(database: Database, account: string): Promise<() => Promise<void>> {
  if (database.kind !== 'postgres' || !database.sql) return async () => {};
  const conn = await database.sql.reserve();
  const name = `pantau-netral:whatsapp:${account}`;
  try {
    const [row] = await conn<
      { ok: boolean }[]
    >`select pg_try_advisory_lock(hashtextextended(${name}, 0)) as ok`;
    if (!row?.ok)
      throw new WhatsAppNumberInUseError(`WhatsApp account "${account}" is held by another process`);
  } catch (err) {
    conn.release();
    throw err;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await conn`select pg_advisory_unlock(hashtextextended(${name}, 0))`.catch(() => {});
    conn.release();
  };
}
