import type { Hono } from 'hono';
import { expect } from 'vitest';
import { parseConfig } from '../../src/config';
import { makeLinkToken } from '../../src/dashboard/auth';
import { type DashboardOptions, dashboardRoutes } from '../../src/dashboard/routes';
import type { Database } from '../../src/db/client';
import { createHttpApp } from '../../src/http/app';
import { silentLogger } from '../../src/log';

export const SECRET = 'dashboard-test-secret-0123456789';
export const ORIGIN = 'http://localhost';
export const dashboardConfig = parseConfig({ DASHBOARD_SECRET: SECRET });

export const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
  body: new URLSearchParams(fields).toString(),
});

/** The session cookie a response set, as a Cookie header. */
export function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /pn_admin=([^;]+)/.exec(set);
  if (!m) throw new Error(`no session cookie in "${set}"`);
  return `pn_admin=${m[1]}`;
}

export function dashboardApp(database: Database, opts: Partial<DashboardOptions> = {}): Hono {
  return createHttpApp({
    database,
    log: silentLogger,
    routes: [dashboardRoutes({ database, config: dashboardConfig, log: silentLogger, ...opts })],
  });
}

/** A logged-in admin: GET with the cookie, POST forms with the cookie and the CSRF token. */
export async function adminClient(app: Hono, now = new Date()) {
  const res = await app.request('/admin/login', form({ token: makeLinkToken(SECRET, 'cli', now) }));
  expect(res.status).toBe(303);
  const cookie = cookieOf(res);
  const page = await (await app.request('/admin/reports', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return {
    cookie,
    csrf,
    get: (path: string) => app.request(path, { headers: { cookie } }),
    post: (path: string, fields: Record<string, string>) =>
      app.request(path, form({ ...fields, _csrf: csrf }, { cookie })),
  };
}
