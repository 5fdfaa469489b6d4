import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { LINK_VALID_MS, makeLinkToken } from '../../src/dashboard/auth';
import { runDashboardCli } from '../../src/dashboard/cli';
import { dashboardRoutes } from '../../src/dashboard/routes';
import type { Database } from '../../src/db/client';
import { contacts, dashboardAudit, dashboardSessions, outbox, reports } from '../../src/db/schema';
import { createHttpApp } from '../../src/http/app';
import { hashId, silentLogger } from '../../src/log';
import { createTestBot, plain } from '../support/chat';
import { backends, openTestDatabase } from '../support/db';
import { cookieOf, dashboardConfig, form, SECRET } from './support';

const config = dashboardConfig;

describe.each(backends)('dashboard login and access rules (%s)', (backend) => {
  let database: Database;
  let app: Hono;
  let clock = new Date('2026-03-01T03:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = createHttpApp({
      database,
      log: silentLogger,
      routes: [dashboardRoutes({ database, config, log: silentLogger, now, loginAttemptsPerMinute: 1000 })],
    });
    const [reporter] = await database.db
      .insert(contacts)
      .values({ channel: 'telegram', externalId: '777', locale: 'en' })
      .returning({ id: contacts.id });
    await database.db.insert(reports).values({
      ticket: 'PN-AAAA-A2',
      contactId: reporter!.id,
      category: 'asn',
      fields: { what: 'Kepala dinas ikut kampanye' },
      createdAt: new Date('2026-02-27T03:00:00Z'),
    });
  });
  afterAll(async () => {
    await database.close();
  });

  const login = async (token = makeLinkToken(SECRET, 'cli', clock)) => {
    const res = await app.request('/admin/login', form({ token }));
    expect(res.status).toBe(303);
    return cookieOf(res);
  };
  const csrfOf = async (cookie: string) => {
    const page = await (await app.request('/admin/reports', { headers: { cookie } })).text();
    return /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  };
  const statusOf = async () =>
    (await database.db.select().from(reports).where(eq(reports.ticket, 'PN-AAAA-A2')))[0]!.status;

  it('sends every /admin page to the login page without a session, never a 500', async () => {
    for (const path of [
      '/admin',
      '/admin/reports',
      '/admin/reports/PN-AAAA-A2',
      '/admin/evidence/1',
      '/admin/reports.csv',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe('/admin/login');
    }
    const post = await app.request(
      '/admin/reports/PN-AAAA-A2/status',
      form({ status: 'selesai', _csrf: 'x' }),
    );
    expect(post.status).toBe(303);
    expect(await statusOf()).toBe('baru');
    const loginPage = await app.request('/admin/login');
    expect(loginPage.status).toBe(200);
    expect(await loginPage.text()).toContain('/dasbor');
  });

  it('logs in with a link: the GET only shows a button (link previews do not use it up), the POST sets a strict cookie', async () => {
    const token = makeLinkToken(SECRET, 'cli', clock);
    const shown = await app.request(`/admin/login?token=${encodeURIComponent(token)}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('method="post"');
    const res = await app.request('/admin/login', form({ token }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/reports');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\/admin/);
    expect(set).not.toMatch(/Secure/);
    const list = await app.request('/admin/reports', { headers: { cookie: cookieOf(res) } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('PN-AAAA-A2');
    // Only a hash of the session id is stored.
    const sid = cookieOf(res).split('=')[1]!;
    const rows = await database.db.select().from(dashboardSessions);
    expect(rows.some((r) => r.idHash === sid)).toBe(false);
  });

  it('sets the Secure flag over https', async () => {
    const token = makeLinkToken(SECRET, 'cli', clock);
    const res = await app.request(
      'https://dash.example/admin/login',
      form({ token }, { origin: 'https://dash.example' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses a used link, an expired link and a forged one', async () => {
    const token = makeLinkToken(SECRET, 'cli', clock);
    await login(token);
    const again = await app.request('/admin/login', form({ token }));
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie') ?? '').not.toContain('pn_admin=');
    expect(await again.text()).toContain('sudah dipakai');

    const old = makeLinkToken(SECRET, 'cli', new Date(clock.getTime() - LINK_VALID_MS - 1000));
    const expired = await app.request('/admin/login', form({ token: old }));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('kedaluwarsa');
    expect((await app.request(`/admin/login?token=${encodeURIComponent(old)}`)).status).toBe(403);

    const forged = makeLinkToken('another-secret-0123456789abcdef', 'cli', clock);
    expect((await app.request('/admin/login', form({ token: forged }))).status).toBe(403);
    const [payload] = token.split('.');
    expect((await app.request('/admin/login', form({ token: `${payload}.AAAA` }))).status).toBe(403);
    expect((await app.request('/admin/login', form({ token: 'garbage' }))).status).toBe(403);
  });

  it('refuses a forged cookie', async () => {
    const res = await app.request('/admin/reports', { headers: { cookie: 'pn_admin=made-up-session-id' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/login');
  });

  it('refuses a form without the CSRF token, with a wrong one, or from another origin', async () => {
    const cookie = await login();
    const csrf = await csrfOf(cookie);
    const path = '/admin/reports/PN-AAAA-A2/status';
    const missing = await app.request(path, form({ status: 'selesai' }, { cookie }));
    expect(missing.status).toBe(403);
    const wrong = await app.request(path, form({ status: 'selesai', _csrf: `${csrf}x` }, { cookie }));
    expect(wrong.status).toBe(403);
    const otherSite = await app.request(
      path,
      form({ status: 'selesai', _csrf: csrf }, { cookie, origin: 'https://evil.example' }),
    );
    expect(otherSite.status).toBe(403);
    const noOrigin = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ status: 'selesai', _csrf: csrf }).toString(),
    });
    expect(noOrigin.status).toBe(403);
    expect(await statusOf()).toBe('baru');
    // Another session's token does not fit this one.
    const other = await csrfOf(await login());
    expect((await app.request(path, form({ status: 'selesai', _csrf: other }, { cookie }))).status).toBe(403);
    expect(await statusOf()).toBe('baru');
  });

  it('changes a status with the right token and queues the reporter’s message, as the chat does', async () => {
    const cookie = await login();
    const csrf = await csrfOf(cookie);
    const res = await app.request(
      '/admin/reports/PN-AAAA-A2/status',
      form({ status: 'diverifikasi', note: 'Checked', _csrf: csrf }, { cookie }),
    );
    expect(res.status).toBe(303);
    const shown = await app.request(res.headers.get('location')!, { headers: { cookie } });
    expect(await shown.text()).toContain('Status PN-AAAA-A2 menjadi Sudah diverifikasi. Pesan untuk pelapor');
    expect(await statusOf()).toBe('diverifikasi');
    const [audit] = await database.db.select().from(dashboardAudit);
    expect(audit).toMatchObject({ actor: 'cli', action: 'status.diverifikasi' });
    expect(audit!.reportId).not.toBeNull();
    const queued = await database.db.select().from(outbox);
    expect(JSON.stringify(queued.map((q) => q.message))).toContain('Checked');
  });

  it('ends an admin’s open session once they are taken off the admin list', async () => {
    const sub = `admin:${hashId('telegram:4242')}`;
    const listed = parseConfig({ DASHBOARD_SECRET: SECRET, ADMIN_TELEGRAM_IDS: '4242' });
    const appFor = (c: typeof config) =>
      createHttpApp({
        database,
        log: silentLogger,
        routes: [
          dashboardRoutes({ database, config: c, log: silentLogger, now, loginAttemptsPerMinute: 1000 }),
        ],
      });
    const before = appFor(listed);
    const res = await before.request('/admin/login', form({ token: makeLinkToken(SECRET, sub, clock) }));
    expect(res.status).toBe(303);
    const cookie = cookieOf(res);
    expect((await before.request('/admin/reports', { headers: { cookie } })).status).toBe(200);
    // The same database, restarted without 4242 among the admins.
    const after = appFor(config);
    const refused = await after.request('/admin/reports', { headers: { cookie } });
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/admin/login');
    expect((await before.request('/admin/reports', { headers: { cookie } })).status).toBe(302);
  });

  it('closes a session idle longer than DASHBOARD_IDLE_MINUTES', async () => {
    const cookie = await login();
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await app.request('/admin/reports', { headers: { cookie } })).status).toBe(200);
    clock = new Date(clock.getTime() + 31 * 60_000);
    const res = await app.request('/admin/reports', { headers: { cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/login');
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const cookie = await login();
    // Every 25 minutes (never idle) for 11 h 40 min, then once more past 12 h.
    for (let i = 0; i < 28; i++) {
      clock = new Date(clock.getTime() + 25 * 60_000);
      expect((await app.request('/admin/reports', { headers: { cookie } })).status).toBe(200);
    }
    clock = new Date(clock.getTime() + 25 * 60_000);
    expect((await app.request('/admin/reports', { headers: { cookie } })).status).toBe(302);
  });

  it('deletes sessions abandoned longer than the idle time when a new one starts', async () => {
    await login();
    const before = await database.db.select().from(dashboardSessions);
    expect(before.length).toBeGreaterThan(0);
    clock = new Date(clock.getTime() + 31 * 60_000);
    await login();
    const after = await database.db.select().from(dashboardSessions);
    expect(after).toHaveLength(1);
  });

  it('logs out: the cookie stops working', async () => {
    const cookie = await login();
    const csrf = await csrfOf(cookie);
    const out = await app.request('/admin/logout', form({ _csrf: csrf }, { cookie }));
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/pn_admin=;/);
    expect((await app.request('/admin/reports', { headers: { cookie } })).status).toBe(302);
  });

  it('rate-limits login attempts', async () => {
    const strict = createHttpApp({
      database,
      log: silentLogger,
      routes: [dashboardRoutes({ database, config, log: silentLogger, now, loginAttemptsPerMinute: 3 })],
    });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await strict.request('/admin/login', form({ token: 'x' }))).status);
    expect(codes).toEqual([403, 403, 403, 429, 429]);
    // Even a good link waits out the window.
    const good = await strict.request('/admin/login', form({ token: makeLinkToken(SECRET, 'cli', clock) }));
    expect(good.status).toBe(429);
  });

  it('`npm run dashboard -- link` prints a link the app accepts, without opening the database', async () => {
    let out = '';
    const code = runDashboardCli(
      ['link'],
      { out: (s) => (out += s), err: () => {} },
      () => ({
        ...config,
        DASHBOARD_URL: 'https://pantau.example.org',
      }),
      now,
    );
    expect(code).toBe(0);
    const url = new URL(out.trim());
    expect(url.origin).toBe('https://pantau.example.org');
    expect(url.pathname).toBe('/admin/login');
    const res = await app.request('/admin/login', form({ token: url.searchParams.get('token')! }));
    expect(res.status).toBe(303);
    let err = '';
    expect(runDashboardCli(['nope'], { out: () => {}, err: (s) => (err += s) }, () => config)).toBe(2);
    expect(err).toContain('Usage');
  });
});

describe.each(backends)('/dasbor in chat (%s)', (backend) => {
  it('gives an admin a working one-time link and refuses anyone else', async () => {
    const bot = await createTestBot({ backend, channel: 'telegram', env: { DASHBOARD_SECRET: SECRET } });
    try {
      const refused = await bot.send({ text: '/dasbor' }, 'citizen');
      const text = refused.replies.map(plain).join('\n');
      expect(text).toContain('hanya untuk pengelola');
      expect(text).not.toContain('/admin/login');

      const r = await bot.send({ text: '/dasbor', isAdmin: true }, 'boss');
      const reply = r.replies.map(plain).join('\n');
      const m = /(http:\/\/\S+\/admin\/login\?token=\S+)/.exec(reply);
      expect(m, reply).not.toBeNull();
      const token = new URL(m![1]!).searchParams.get('token')!;
      const app = createHttpApp({
        database: bot.database,
        log: silentLogger,
        routes: [dashboardRoutes({ database: bot.database, config, log: silentLogger })],
      });
      const res = await app.request('/admin/login', form({ token }));
      expect(res.status).toBe(303);
      const [session] = await bot.database.db.select().from(dashboardSessions);
      expect(session!.actor).toMatch(/^admin:[0-9a-f]{12}$/);
      expect((await app.request('/admin/login', form({ token }))).status).toBe(403);
    } finally {
      await bot.close();
    }
  });
});
