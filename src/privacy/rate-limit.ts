import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { rateLimits } from '../db/schema';

/**
 * A fixed-window counter per contact and action, in the database so every process counts together
 * (webhook workers behind a load balancer). One statement: the upsert both counts and reads.
 */
export async function countHit(
  q: Queryable,
  input: { contactId: number; action: string; limit: number; windowMs: number; now: Date },
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const { now } = input;
  // Dates inside raw SQL go as ISO text with a cast: postgres.js cannot infer a bare Date there.
  const at = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - input.windowMs).toISOString()}::timestamptz`;
  const [row] = await q
    .insert(rateLimits)
    .values({ contactId: input.contactId, action: input.action, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.contactId, rateLimits.action],
      set: {
        windowStart: sql`case when ${expired} then ${at} else ${rateLimits.windowStart} end`,
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, hits: rateLimits.hits });
  const allowed = (row?.hits ?? 1) <= input.limit;
  const resets = (row?.windowStart ?? now).getTime() + input.windowMs;
  return { allowed, retryAfterMs: allowed ? 0 : Math.max(0, resets - now.getTime()) };
}
