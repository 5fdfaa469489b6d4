import { eq, sql } from 'drizzle-orm';
import type { SessionState } from '../core/flow';
import type { Queryable } from './client';
import { sessions } from './schema';

export async function readSession(q: Queryable, contactId: number): Promise<SessionState | undefined> {
  const [row] = await q
    .select({ state: sessions.state })
    .from(sessions)
    .where(eq(sessions.contactId, contactId));
  return row?.state;
}

export async function writeSession(q: Queryable, contactId: number, state: SessionState): Promise<void> {
  await q
    .insert(sessions)
    .values({ contactId, state })
    .onConflictDoUpdate({ target: sessions.contactId, set: { state, updatedAt: sql`now()` } });
}
