import { sql } from 'drizzle-orm';
import type { Queryable } from '../../src/db/client';

/** `n` subscribed contacts on `channel` with external ids `first`, `first+1`, … in one statement. */
export async function seedSubscribers(
  q: Queryable,
  n: number,
  opts: { channel?: string; first?: number; locale?: string; subscribed?: boolean } = {},
): Promise<void> {
  const first = opts.first ?? 1000;
  await q.execute(sql`
    insert into contacts (channel, external_id, locale, subscribed, subscribed_at)
    select ${opts.channel ?? 'telegram'}, (${first}::bigint + g)::text, ${opts.locale ?? 'id'}, ${opts.subscribed ?? true}, now()
    from generate_series(0, ${n - 1}::int) g`);
}
