import { getConnInfo } from '@hono/node-server/conninfo';
import { and, eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import type { Config } from '../config';
import { plainCopy } from '../content/copy';
import { regionCodeOf } from '../content/time';
import { toPlainText } from '../core/markup';
import type { Database } from '../db/client';
import { contacts, dashboardAudit, evidenceFiles, reportEvidence } from '../db/schema';
import type { RouteInstaller } from '../http/app';
import type { Logger } from '../log';
import {
  exportReports,
  NOTE_REQUIRED,
  ReportAdminError,
  reportTime,
  setStatus,
  showReport,
} from '../reports/admin';
import { CATEGORIES } from '../reports/draft';
import { draftOf, findByTicket, STATUSES } from '../reports/store';
import { summaryText } from '../reports/summary';
import {
  AttemptLimiter,
  createSession,
  csrfMatches,
  endSession,
  findSession,
  readLinkToken,
  useLinkToken,
} from './auth';
import { installBroadcastPages } from './broadcasts';
import { CLUSTER_WINDOW, findClusters } from './clusters';
import { type DashboardEnv, type Html, localeOf, page, say } from './layout';
import { actorStillAdmin, dashboardBase } from './link';
import { installNumbersPages } from './numbers';
import { installQaPages } from './qa';
import {
  filteredIds,
  filterQuery,
  listFiltered,
  parseFilter,
  placeOf,
  type ReportFilter,
  TEXT_WINDOW,
} from './reports';

export interface DashboardOptions {
  database: Database;
  config: Config;
  log: Logger;
  now?: () => Date;
  /** Login attempts allowed per client per minute (default 10). */
  loginAttemptsPerMinute?: number;
}

const COOKIE = 'pn_admin';

type Env = DashboardEnv;

/** The admin dashboard under /admin, on the bot's one HTTP app. */
export function dashboardRoutes(opts: DashboardOptions): RouteInstaller {
  return (app) => {
    app.route('/admin', createDashboard(opts));
  };
}

export function createDashboard(opts: DashboardOptions): Hono<Env> {
  const secret = opts.config.DASHBOARD_SECRET;
  if (!secret) throw new Error('DASHBOARD_SECRET is not resolved: load the configuration with loadConfig()');
  const db = opts.database.db;
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.config.DASHBOARD_IDLE_MINUTES * 60_000;
  const limiter = new AttemptLimiter(opts.loginAttemptsPerMinute ?? 10);
  const base = new URL(dashboardBase(opts.config));
  const admin = new Hono<Env>();

  const secure = (c: Context) =>
    base.protocol === 'https:' ||
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto') === 'https';

  const clientKey = (c: Context) => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'local';
    }
  };

  admin.use('*', async (c, next) => {
    c.set('locale', localeOf(c));
    await next();
    // Nothing here may be framed, sniffed, cached by a shared proxy or sent as a referrer.
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  // Forms must come from the dashboard's own origin (Origin or Sec-Fetch-Site); every form also
  // carries the session's CSRF token, checked below.
  admin.use(
    '*',
    csrf({
      origin: (origin, c) => origin === base.origin || origin === new URL(c.req.url).origin,
    }),
  );

  const refusedCsrf = (c: Context<Env>) =>
    c.html(
      page(c, {
        locale: c.get('locale'),
        title: say('dashboard.title', c.get('locale')),
        body: html`<p class="error">${say('dashboard.csrf_refused', c.get('locale'))}</p>`,
      }),
      403,
    );

  admin.onError((err, c) => {
    if ('status' in err && err.status === 403) return refusedCsrf(c as Context<Env>);
    throw err;
  });

  // ---- login ----

  admin.get('/login', (c) => {
    const locale = c.get('locale');
    const token = c.req.query('token');
    const title = say('dashboard.login_title', locale);
    if (!token)
      return c.html(page(c, { locale, title, body: html`<p>${say('dashboard.login_how', locale)}</p>` }));
    const check = readLinkToken(secret, token, now());
    if (!check.ok) {
      return c.html(
        page(c, {
          locale,
          title,
          body: html`<p class="error">${say(`dashboard.login_${check.reason}`, locale)}</p>`,
        }),
        403,
      );
    }
    // A button, not an automatic login: chat apps open links to preview them, which would use it up.
    return c.html(
      page(c, {
        locale,
        title,
        body: html`<div class="card"><p>${say('dashboard.login_confirm', locale)}</p>
          <form method="post" action="/admin/login">
            <input type="hidden" name="token" value="${token}" />
            <button class="primary" type="submit">${say('dashboard.login_button', locale)}</button>
          </form></div>`,
      }),
    );
  });

  admin.post('/login', async (c) => {
    const locale = c.get('locale');
    const title = say('dashboard.login_title', locale);
    const refuse = (key: string, status: 403 | 429) =>
      c.html(page(c, { locale, title, body: html`<p class="error">${say(key, locale)}</p>` }), status);
    if (!limiter.allow(clientKey(c), now().getTime())) return refuse('dashboard.login_slow_down', 429);
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const at = now();
    const check = await useLinkToken(db, secret, token, at);
    if (!check.ok) {
      opts.log.warn({ reason: check.reason }, 'dashboard login refused');
      return refuse(`dashboard.login_${check.reason}`, 403);
    }
    const sid = await createSession(db, check.claims.sub, at, idleMs);
    setCookie(c, COOKIE, sid, {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
    });
    opts.log.info({ actor: check.claims.sub }, 'dashboard login');
    return c.redirect('/admin/reports', 303);
  });

  // ---- everything else needs a session ----

  admin.use('*', async (c, next) => {
    const sid = getCookie(c, COOKIE);
    let session = sid ? await findSession(db, { sid, secret, idleMs, now: now() }) : undefined;
    if (sid && session && !actorStillAdmin(opts.config, session.actor)) {
      await endSession(db, sid);
      session = undefined;
    }
    if (!sid || !session) {
      if (sid) deleteCookie(c, COOKIE, { path: '/admin' });
      // A page asked for without a session goes to the login page; a form post is simply refused.
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/admin/login', 302);
      return c.redirect('/admin/login', 303);
    }
    c.set('session', session);
    c.set('sid', sid);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfMatches(secret, sid, form._csrf)) return refusedCsrf(c);
    }
    await next();
  });

  admin.post('/logout', async (c) => {
    await endSession(db, c.get('sid'));
    deleteCookie(c, COOKIE, { path: '/admin' });
    const locale = c.get('locale');
    return c.html(
      page(c, {
        locale,
        title: say('dashboard.logged_out', locale),
        body: html`<p><a href="/admin/login">${say('dashboard.login_title', locale)}</a></p>`,
      }),
    );
  });

  admin.get('/', (c) => c.redirect('/admin/reports', 302));

  // ---- reports ----

  admin.get('/reports', async (c) => {
    const locale = c.get('locale');
    const f = parseFilter(c.req.query());
    const { rows, more, windowed } = await listFiltered(db, f);
    const status = (s: string) => plainCopy(`report.status.${s}`, locale);
    const category = (s: string) =>
      CATEGORIES.some((x) => x === s) ? plainCopy(`report.cat.${s}`, locale) : s;
    const option = (value: string, label: string, current: string | undefined) =>
      html`<option value="${value}" ${current === value ? 'selected' : ''}>${label}</option>`;
    const any = say('dashboard.filter_any', locale);
    const body = html`
<form class="card filters" method="get" action="/admin/reports">
  <label>${say('dashboard.filter_search', locale)}<input type="search" name="q" value="${f.q ?? ''}" /></label>
  <label>${say('dashboard.filter_status', locale)}<select name="status">${option('', any, f.status ?? '')}${STATUSES.map((s) => option(s, status(s), f.status))}</select></label>
  <label>${say('dashboard.filter_category', locale)}<select name="category">${option('', any, f.category ?? '')}${CATEGORIES.map((s) => option(s, category(s), f.category))}</select></label>
  <label>${say('dashboard.filter_province', locale)}<input type="text" name="province" value="${f.province ?? ''}" /></label>
  <label>${say('dashboard.filter_from', locale)}<input type="date" name="from" value="${f.from ?? ''}" /></label>
  <label>${say('dashboard.filter_to', locale)}<input type="date" name="to" value="${f.to ?? ''}" /></label>
  <label>${say('dashboard.filter_evidence', locale)}<select name="evidence">${option('', any, f.evidence ?? '')}${option('yes', say('dashboard.filter_yes', locale), f.evidence)}${option('no', say('dashboard.filter_no', locale), f.evidence)}</select></label>
  <button class="primary" type="submit">${say('dashboard.filter_apply', locale)}</button>
</form>
${windowed ? html`<p class="muted">${say('dashboard.filter_window', locale, { n: TEXT_WINDOW })}</p>` : ''}
${
  rows.length
    ? html`<div class="scroll"><table class="cards">
<thead><tr><th>${say('dashboard.col_ticket', locale)}</th><th>${say('dashboard.filter_status', locale)}</th><th>${say('dashboard.filter_category', locale)}</th><th>${say('dashboard.col_place', locale)}</th><th>${say('dashboard.col_time', locale)}</th><th>${say('dashboard.col_files', locale)}</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr>
<td class="ticket"><a href="/admin/reports/${r.ticket}${filterQuery(f)}">${r.ticket}</a></td>
<td><span class="status status-${r.status}">${status(r.status)}</span></td>
<td data-label="${say('dashboard.filter_category', locale)}">${category(r.category)}</td>
<td data-label="${say('dashboard.col_place', locale)}">${placeOf(r.fields) ?? '–'}</td>
<td class="time" data-label="${say('dashboard.col_time', locale)}">${reportTime(r.createdAt, regionCodeOf(r.fields), locale)}</td>
<td data-label="${say('dashboard.col_files', locale)}">${r.files}</td>
</tr>`,
      )}</tbody></table></div>`
    : html`<p class="card">${say('dashboard.none', locale)}</p>`
}
<div class="pager">
${f.page > 1 ? html`<a href="/admin/reports${filterQuery(f, { page: String(f.page - 1) })}">${say('dashboard.page_prev', locale)}</a>` : ''}
<span class="muted">${say('dashboard.page_n', locale, { page: f.page })}</span>
${more ? html`<a href="/admin/reports${filterQuery(f, { page: String(f.page + 1) })}">${say('dashboard.page_next', locale)}</a>` : ''}
</div>
<p class="muted">${say('dashboard.export_note', locale)}
<a href="/admin/reports.csv${filterQuery(f, { page: '' })}">${say('dashboard.export_csv', locale)}</a> ·
<a href="/admin/reports.json${filterQuery(f, { page: '' })}">${say('dashboard.export_json', locale)}</a> ·
<a href="/admin/reports.csv${filterQuery(f, { page: '', identity: '1' })}">${say('dashboard.export_identity', locale)}</a></p>`;
    return c.html(
      page(c, { locale, title: say('dashboard.reports_title', locale), body, csrf: c.get('session').csrf }),
    );
  });

  const exportRoute = (format: 'csv' | 'json') => async (c: Context<Env>) => {
    const f = parseFilter(c.req.query());
    // Pseudonymised unless asked otherwise; an export with identities is written to the audit log as such.
    const withIdentity = c.req.query('identity') === '1';
    const body = await exportReports(db, { format, withIdentity, ids: await filteredIds(db, f) });
    await db.insert(dashboardAudit).values({
      actor: c.get('session').actor,
      action: `export.${format}${withIdentity ? '.identity' : ''}`,
      createdAt: now(),
    });
    c.header('Content-Disposition', `attachment; filename="reports.${format}"`);
    c.header(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    return c.body(body);
  };
  admin.get('/reports.csv', exportRoute('csv'));
  admin.get('/reports.json', exportRoute('json'));

  const reportPage = async (
    c: Context<Env>,
    flash?: { ok: boolean; text: string },
    status: 200 | 400 = 200,
  ) => {
    const locale = c.get('locale');
    const ticketParam = c.req.param('ticket') ?? '';
    let d: Awaited<ReturnType<typeof showReport>>;
    try {
      d = await showReport(db, ticketParam);
    } catch (err) {
      if (err instanceof ReportAdminError && err.code === 'not_found') {
        return c.html(
          page(c, {
            locale,
            title: say('dashboard.not_found', locale),
            body: html`<p><a href="/admin/reports">${say('dashboard.back', locale)}</a></p>`,
            csrf: c.get('session').csrf,
          }),
          404,
        );
      }
      throw err;
    }
    const r = d.report;
    const region = regionCodeOf(r.fields);
    const session = c.get('session');
    const f = parseFilter(c.req.query());
    const files = await db
      .select({
        id: evidenceFiles.id,
        mime: evidenceFiles.mime,
        size: evidenceFiles.size,
        sha256: evidenceFiles.sha256,
        ocrText: evidenceFiles.ocrText,
        ocrStatus: evidenceFiles.ocrStatus,
      })
      .from(reportEvidence)
      .innerJoin(evidenceFiles, eq(evidenceFiles.id, reportEvidence.evidenceId))
      .where(eq(reportEvidence.reportId, r.id))
      .orderBy(reportEvidence.createdAt);
    const statusLabel = (s: string) => plainCopy(`report.status.${s}`, locale);
    // The reporter's name and contact are shown in their own card, on request and audited.
    const draft = { ...draftOf(r), reporter: undefined };
    const fieldLines = toPlainText(summaryText(draft, locale, { full: true })).split('\n');

    // Identity: only for a report that is not anonymous, only on request, and each view is audited.
    let identity: Html = html`<p>${say('dashboard.report_anonymous', locale)}</p>`;
    if (r.contactId === null) identity = html`<p>${say('dashboard.report_withdrawn', locale)}</p>`;
    else if (!r.anonymous) {
      if (c.req.query('identity') === '1') {
        const [contact] = await db
          .select({ channel: contacts.channel, externalId: contacts.externalId })
          .from(contacts)
          .where(and(eq(contacts.id, r.contactId)));
        await db
          .insert(dashboardAudit)
          .values({ actor: session.actor, action: 'identity.view', reportId: r.id, createdAt: now() });
        identity = html`<ul class="fields">
<li>${say('dashboard.report_name', locale)}: ${r.reporterName ?? '–'}</li>
<li>${say('dashboard.report_contact', locale)}: ${r.reporterContact ?? '–'}</li>
${contact ? html`<li>${contact.channel}: ${contact.externalId}</li>` : ''}
</ul>`;
      } else {
        identity = html`<p><a href="/admin/reports/${r.ticket}${filterQuery(f, { identity: '1' })}">${say('dashboard.report_show_identity', locale)}</a></p>`;
      }
    }

    const evidence = files.length
      ? html`<div class="evidence">${files.map(
          (e) => html`<figure>
${e.mime.startsWith('image/') ? html`<a href="/admin/evidence/${e.id}"><img src="/admin/evidence/${e.id}" alt="${e.sha256.slice(0, 12)}" loading="lazy" /></a>` : ''}
<figcaption class="muted">${e.mime}, ${Math.ceil(e.size / 1024)} KB · <a href="/admin/evidence/${e.id}?download=1">${say('dashboard.report_download', locale)}</a></figcaption>
${e.ocrText ? html`<details open><summary>${say('dashboard.report_ocr', locale)}</summary><pre>${e.ocrText}</pre></details>` : ''}
</figure>`,
        )}</div>`
      : html`<p class="muted">${say('dashboard.report_no_evidence', locale)}</p>`;

    const body = html`
<p><a href="/admin/reports${filterQuery(f)}">${say('dashboard.back', locale)}</a></p>
${flash ? html`<p class="${flash.ok ? 'flash' : 'error'}" role="status">${flash.text}</p>` : ''}
<div class="card">
<p><span class="status status-${r.status}">${statusLabel(r.status)}</span> · ${reportTime(r.createdAt, region, locale)}</p>
<h2>${say('dashboard.report_fields', locale)}</h2>
<ul class="fields">${fieldLines.map((l) => html`<li>${l.replace(/^•\s*/, '')}</li>`)}</ul>
<details><summary>${say('dashboard.report_raw', locale)}</summary><pre>${JSON.stringify(r.fields, null, 2)}</pre></details>
${d.sharedWith.length ? html`<p>${say('dashboard.report_shared', locale)} ${d.sharedWith.map((t, i) => html`${i ? ', ' : ''}<a href="/admin/reports/${t}">${t}</a>`)}</p>` : ''}
</div>
<div class="card">
<h2>${say('dashboard.report_reporter', locale)}</h2>
<p class="muted">${say('dashboard.report_pseudonym', locale)}: ${d.reporter}</p>
${identity}
</div>
<div class="card"><h2>${say('dashboard.report_evidence', locale)}</h2>${evidence}</div>
<div class="card">
<h2>${say('dashboard.report_history', locale)}</h2>
<div class="scroll"><table><tbody>${d.events.map(
      (e) =>
        html`<tr><td>${reportTime(e.createdAt, region, locale)}</td><td><span class="status status-${e.status}">${statusLabel(e.status)}</span></td><td>${e.actor}</td><td>${e.note ?? ''}</td></tr>`,
    )}</tbody></table></div>
</div>
<form class="card" method="post" action="/admin/reports/${r.ticket}/status">
<h2>${say('dashboard.report_set', locale)}</h2>
<input type="hidden" name="_csrf" value="${session.csrf}" />
<p><select name="status" aria-label="${say('dashboard.report_set', locale)}">${STATUSES.filter(
      (s) => s !== 'baru',
    ).map(
      (s) => html`<option value="${s}">${statusLabel(s)}${NOTE_REQUIRED.includes(s) ? ' *' : ''}</option>`,
    )}</select></p>
<p><label>${say('dashboard.report_note', locale)}<textarea name="note" maxlength="1000"></textarea></label></p>
<button class="primary" type="submit">${say('dashboard.report_save', locale)}</button>
</form>`;
    return c.html(page(c, { locale, title: r.ticket, body, csrf: session.csrf }), status);
  };

  admin.get('/reports/:ticket', async (c) => {
    const saved = c.req.query('saved');
    if (saved !== 'told' && saved !== 'yes') return reportPage(c);
    const locale = c.get('locale');
    const d = await showReport(db, c.req.param('ticket')).catch(() => undefined);
    if (!d) return reportPage(c);
    const vars = { ticket: d.report.ticket, status: plainCopy(`report.status.${d.report.status}`, locale) };
    return reportPage(c, {
      ok: true,
      text: say(saved === 'told' ? 'dashboard.report_saved_told' : 'dashboard.report_saved', locale, vars),
    });
  });

  admin.post('/reports/:ticket/status', async (c) => {
    const locale = c.get('locale');
    const form = await c.req.parseBody();
    const status = typeof form.status === 'string' ? form.status : '';
    const note = typeof form.note === 'string' ? form.note.slice(0, 1000) : '';
    try {
      // The chat triage's function: the same event row, status and outbox message to the reporter.
      const r = await setStatus(db, {
        ticket: c.req.param('ticket'),
        status,
        note,
        actor: c.get('session').actor,
      });
      const changed = await findByTicket(db, r.ticket);
      await db.insert(dashboardAudit).values({
        actor: c.get('session').actor,
        action: `status.${r.status}`,
        reportId: changed?.id ?? null,
        createdAt: now(),
      });
      // Post/redirect/get: reloading the report does not change the status again.
      return c.redirect(`/admin/reports/${r.ticket}?saved=${r.notified ? 'told' : 'yes'}`, 303);
    } catch (err) {
      if (!(err instanceof ReportAdminError)) throw err;
      if (err.code === 'not_found') return reportPage(c);
      const reason = err.code === 'note_required' ? say('dashboard.note_required', locale) : err.message;
      return reportPage(c, { ok: false, text: say('dashboard.report_error', locale, { reason }) }, 400);
    }
  });

  installBroadcastPages(admin, { db, config: opts.config, log: opts.log, now });
  installQaPages(admin, { db });
  installNumbersPages(admin, { db, now });

  admin.get('/clusters', async (c) => {
    const locale = c.get('locale');
    const clusters = await findClusters(db);
    const status = (s: string) => plainCopy(`report.status.${s}`, locale);
    const body = html`<p class="muted">${say('dashboard.clusters_intro', locale, { n: CLUSTER_WINDOW })}</p>
${
  clusters.length
    ? html`<div class="scroll"><table class="cards">
<thead><tr><th>${say('dashboard.clusters_count', locale)}</th><th>${say('dashboard.clusters_why', locale)}</th><th>${say('dashboard.nav_reports', locale)}</th></tr></thead>
<tbody>${clusters.map(
        (cl) => html`<tr>
<td data-label="${say('dashboard.clusters_count', locale)}"><strong>${cl.reports.length}</strong></td>
<td data-label="${say('dashboard.clusters_why', locale)}"><div>${cl.person ? html`<div>${say('dashboard.clusters_person', locale, cl.person)}</div>` : ''}${cl.sharedFiles ? html`<div>${say('dashboard.clusters_files', locale, { n: cl.sharedFiles })}</div>` : ''}</div></td>
<td data-label="${say('dashboard.nav_reports', locale)}"><div>${cl.reports.map((r) => html`<div class="nowrap"><a href="/admin/reports/${r.ticket}">${r.ticket}</a> <span class="status status-${r.status}">${status(r.status)}</span></div>`)}</div></td>
</tr>`,
      )}</tbody></table></div>`
    : html`<p class="card">${say('dashboard.clusters_none', locale)}</p>`
}`;
    return c.html(
      page(c, { locale, title: say('dashboard.nav_clusters', locale), body, csrf: c.get('session').csrf }),
    );
  });

  admin.get('/evidence/:id', async (c) => {
    const id = Number.parseInt(c.req.param('id'), 10);
    const [file] = Number.isSafeInteger(id)
      ? await db
          .select({ mime: evidenceFiles.mime, bytes: evidenceFiles.bytes, sha256: evidenceFiles.sha256 })
          .from(evidenceFiles)
          .where(eq(evidenceFiles.id, id))
      : [];
    if (!file) return c.text(say('dashboard.not_found', c.get('locale')), 404);
    const inline = file.mime.startsWith('image/') && c.req.query('download') !== '1';
    const ext = file.mime.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
    c.header('Content-Type', file.mime);
    c.header(
      'Content-Disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${file.sha256.slice(0, 12)}.${ext}"`,
    );
    return c.body(new Uint8Array(file.bytes));
  });

  return admin;
}

export type { ReportFilter };
