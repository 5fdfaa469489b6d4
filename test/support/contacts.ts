import type { Queryable } from '../../src/db/client';
import { contacts } from '../../src/db/schema';

/** `n` subscribed contacts on `channel` with external ids `first`, `first+1`, …, in batches. */
export async function seedSubscribers(
  q: Queryable,
  n: number,
  opts: { channel?: string; first?: number; locale?: string; subscribed?: boolean } = {},
): Promise<void> {
  const first = opts.first ?? 1000;
  const rows = Array.from({ length: n }, (_, i) => ({
    channel: opts.channel ?? 'telegram',
    // Through drizzle, so the ids are sealed like the bot's own (src/db/encrypted.ts).
    externalId: String(first + i),
    locale: opts.locale ?? 'id',
    subscribed: opts.subscribed ?? true,
    subscribedAt: new Date(),
  }));
  for (let i = 0; i < rows.length; i += 1000) await q.insert(contacts).values(rows.slice(i, i + 1000));
}
