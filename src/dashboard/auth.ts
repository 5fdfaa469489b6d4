import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { dashboardSessions, dashboardUsedLinks } from '../db/schema';

/**
 * Passwordless login for the dashboard. A link carries a token signed with DASHBOARD_SECRET, so the
 * bot (`/dasbor`) and a shell (`npm run dashboard -- link`) can make one without writing to the
 * database (PGlite lets one process open it, and that is the running bot). The database records the
 * token's id at first login, which makes the link single use.
 */

export const LINK_VALID_MS = 10 * 60_000;
/**
 * However active, a session ends after this: the link proved the person an admin when it was made,
 * so someone removed from ADMIN_TELEGRAM_IDS or ADMIN_WHATSAPP_NUMBERS keeps access at most this long.
 */
export const SESSION_MAX_MS = 12 * 3_600_000;

interface LinkClaims {
  /** Random id, recorded as used at login. */
  id: string;
  /** Who may log in with it: `admin:<pseudonym>` or `cli`. */
  sub: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`link:${payload}`).digest('base64url');

export function makeLinkToken(secret: string, sub: string, now: Date): string {
  const claims: LinkClaims = {
    id: randomBytes(12).toString('base64url'),
    sub,
    exp: now.getTime() + LINK_VALID_MS,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'bad' | 'expired' | 'used' };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the signature and expiry only (no database): what the login page shows before the button. */
export function readLinkToken(secret: string, token: string, now: Date): LinkCheck {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined || !sameText(mac, sign(secret, payload))) {
    return { ok: false, reason: 'bad' };
  }
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'bad' };
  }
  if (typeof claims.id !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    return { ok: false, reason: 'bad' };
  }
  if (claims.exp <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** Uses a link: valid, unexpired and never used before (the insert is the single-use check). */
export async function useLinkToken(
  q: Queryable,
  secret: string,
  token: string,
  now: Date,
): Promise<LinkCheck> {
  const check = readLinkToken(secret, token, now);
  if (!check.ok) return check;
  const inserted = await q
    .insert(dashboardUsedLinks)
    .values({ linkId: check.claims.id, usedAt: now })
    .onConflictDoNothing()
    .returning({ id: dashboardUsedLinks.linkId });
  if (!inserted.length) return { ok: false, reason: 'used' };
  // Used ids are needed only while their link could still be valid.
  await q
    .delete(dashboardUsedLinks)
    .where(lt(dashboardUsedLinks.usedAt, new Date(now.getTime() - 2 * LINK_VALID_MS)));
  return check;
}

const hashSessionId = (sid: string) => createHash('sha256').update(sid).digest('hex');

export interface DashboardSession {
  actor: string;
  /** Every form carries it; derived from the session id, so it changes with each login. */
  csrf: string;
}

export async function createSession(q: Queryable, actor: string, now: Date, idleMs: number): Promise<string> {
  // Sessions abandoned without logging out go when the next one starts.
  await q.delete(dashboardSessions).where(lt(dashboardSessions.lastSeenAt, new Date(now.getTime() - idleMs)));
  const sid = randomBytes(32).toString('base64url');
  await q
    .insert(dashboardSessions)
    .values({ idHash: hashSessionId(sid), actor, createdAt: now, lastSeenAt: now });
  return sid;
}

export function csrfToken(secret: string, sid: string): string {
  return createHmac('sha256', secret).update(`csrf:${sid}`).digest('base64url');
}

export function csrfMatches(secret: string, sid: string, given: unknown): boolean {
  return typeof given === 'string' && given.length > 0 && sameText(given, csrfToken(secret, sid));
}

/**
 * The session behind a cookie, touched; undefined when unknown or idle longer than `idleMs` (an idle
 * session is deleted, so its cookie never works again).
 */
export async function findSession(
  q: Queryable,
  opts: { sid: string; secret: string; idleMs: number; now: Date },
): Promise<DashboardSession | undefined> {
  const idHash = hashSessionId(opts.sid);
  const [row] = await q.select().from(dashboardSessions).where(eq(dashboardSessions.idHash, idHash));
  if (!row) return undefined;
  if (
    row.lastSeenAt.getTime() + opts.idleMs <= opts.now.getTime() ||
    row.createdAt.getTime() + SESSION_MAX_MS <= opts.now.getTime()
  ) {
    await q.delete(dashboardSessions).where(eq(dashboardSessions.id, row.id));
    return undefined;
  }
  // Touch at most once a minute: a page load should not always write.
  if (opts.now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await q
      .update(dashboardSessions)
      .set({ lastSeenAt: opts.now })
      .where(and(eq(dashboardSessions.id, row.id)));
  }
  return { actor: row.actor, csrf: csrfToken(opts.secret, opts.sid) };
}

export async function endSession(q: Queryable, sid: string): Promise<void> {
  await q.delete(dashboardSessions).where(eq(dashboardSessions.idHash, hashSessionId(sid)));
}

/** Login attempts per client, per minute: a guessed or replayed link costs the guesser, not the database. */
export class AttemptLimiter {
  private readonly hits = new Map<string, { start: number; n: number }>();
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}
  allow(key: string, now: number): boolean {
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs) {
      if (this.hits.size > 10_000) this.hits.clear();
      this.hits.set(key, { start: now, n: 1 });
      return true;
    }
    h.n += 1;
    return h.n <= this.limit;
  }
}

/** The address an admin opens to log in. */
export function loginUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/admin/login?token=${encodeURIComponent(token)}`;
}
