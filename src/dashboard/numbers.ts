import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { loadSubscriberTable } from '../broadcast/admin';
import { plainCopy } from '../content/copy';
import type { Locale } from '../core/message';
import type { Queryable } from '../db/client';
import { qaDaily, qaGaps, reportEvents, reports } from '../db/schema';
import { wibDay } from '../knowledge/feedback';
import { CATEGORIES } from '../reports/draft';
import { type DashboardEnv, page, say } from './layout';
import { provinceOf } from './reports';

/** Province counts decrypt the period's reports (places are encrypted at rest): at most this many. */
export const PROVINCE_WINDOW = 20_000;

const wibDaySql = (col: unknown) =>
  sql<string>`to_char((${col} at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;

export interface Numbers {
  days: string[];
  /** day → category → count */
  perDay: Record<string, Record<string, number>>;
  provinces: { province: string; n: number }[];
  /** Median seconds from a report to its first status change by an admin; undefined when none changed. */
  medianFirstChangeSeconds?: number;
  changed: number;
  questions: { day: string; answered: number; declined: number }[];
  subscribers: Record<string, number>;
}

export async function loadNumbers(q: Queryable, opts: { now: Date; days: number }): Promise<Numbers> {
  const since = new Date(
    `${wibDay(new Date(opts.now.getTime() - (opts.days - 1) * 86_400_000))}T00:00:00+07:00`,
  );
  const days = Array.from({ length: opts.days }, (_, i) =>
    wibDay(new Date(since.getTime() + i * 86_400_000 + 3_600_000)),
  );

  const day = wibDaySql(reports.createdAt);
  const rows = await q
    .select({ day, category: reports.category, n: sql<number>`count(*)::int` })
    .from(reports)
    .where(gte(reports.createdAt, since))
    .groupBy(day, reports.category);
  const perDay: Numbers['perDay'] = {};
  for (const r of rows) perDay[r.day] = { ...perDay[r.day], [r.category]: Number(r.n) };

  const places = await q
    .select({ fields: reports.fields })
    .from(reports)
    .where(gte(reports.createdAt, since))
    .orderBy(desc(reports.createdAt))
    .limit(PROVINCE_WINDOW);
  const byProvince = new Map<string, number>();
  for (const p of places) {
    const name = provinceOf(p.fields) ?? '';
    byProvince.set(name, (byProvince.get(name) ?? 0) + 1);
  }

  // The first change by anyone but the reporter (the 'baru' event is the report itself).
  const first = q
    .select({
      reportId: reportEvents.reportId,
      at: sql`min(${reportEvents.createdAt})`.as('first_at'),
    })
    .from(reportEvents)
    .where(sql`${reportEvents.actor} <> 'reporter'`)
    .groupBy(reportEvents.reportId)
    .as('first_change');
  const [median] = await q
    .select({
      seconds: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (${first.at} - ${reports.createdAt})))`,
      n: sql<number>`count(*)::int`,
    })
    .from(reports)
    .innerJoin(first, eq(first.reportId, reports.id))
    .where(gte(reports.createdAt, since));

  const answered = await q.select().from(qaDaily).where(gte(qaDaily.day, days[0]!));
  const gapDay = wibDaySql(qaGaps.createdAt);
  const declined = await q
    .select({ day: gapDay, n: sql<number>`count(*)::int` })
    .from(qaGaps)
    .where(and(eq(qaGaps.reason, 'declined'), gte(qaGaps.createdAt, since)))
    .groupBy(gapDay);
  const questions = days.map((d) => ({
    day: d,
    answered: answered.find((a) => a.day === d)?.answered ?? 0,
    declined: Number(declined.find((x) => x.day === d)?.n ?? 0),
  }));

  const table = (await loadSubscriberTable(q)) as Record<string, Record<string, number>>;
  const subscribers = Object.fromEntries(
    Object.entries(table).map(([ch, byLocale]) => [ch, Object.values(byLocale).reduce((a, b) => a + b, 0)]),
  );

  return {
    days,
    perDay,
    provinces: [...byProvince]
      .map(([province, n]) => ({ province, n }))
      .sort((a, b) => b.n - a.n || a.province.localeCompare(b.province)),
    ...(median?.seconds != null ? { medianFirstChangeSeconds: Number(median.seconds) } : {}),
    changed: Number(median?.n ?? 0),
    questions,
    subscribers,
  };
}

function duration(seconds: number, locale: Locale): string {
  if (seconds < 3600)
    return say('dashboard.num_minutes', locale, { n: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 72 * 3600)
    return say('dashboard.num_hours', locale, { n: Math.round((seconds / 3600) * 10) / 10 });
  return say('dashboard.num_days', locale, { n: Math.round((seconds / 86_400) * 10) / 10 });
}

const require = createRequire(import.meta.url);
const JS = 'text/javascript; charset=utf-8';
let chartJs: string | undefined;

/** Our chart drawing: reads the tables' numbers from a JSON block; without JavaScript the tables remain. */
const CHARTS_JS = `
(function () {
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var colors = ['#0b3d62', '#e07a1f', '#2a9d8f', '#b5179e', '#6c757d', '#e9c46a'];
  function bar(id, labels, sets, stacked, horizontal) {
    var el = document.getElementById(id);
    if (!el || !window.Chart) return;
    el.hidden = false;
    new window.Chart(el, {
      type: 'bar',
      data: { labels: labels, datasets: sets.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: colors[i % colors.length] }; }) },
      options: { indexAxis: horizontal ? 'y' : 'x', responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: stacked, ticks: { precision: 0 } }, y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  bar('chart-days', data.days, data.categories, true, false);
  bar('chart-provinces', data.provinces.labels, [data.provinces.set], false, true);
  bar('chart-questions', data.days, data.questions, false, false);
})();
`;

export function installNumbersPages(
  admin: Hono<DashboardEnv>,
  deps: { db: Queryable; now: () => Date },
): void {
  // Served from node_modules (no CDN): the dashboard works on a network that reaches only this server.
  // The package exports only its modules; the browser build sits next to its CommonJS entry.
  admin.get('/static/chart.js', (c) => {
    chartJs ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
    return c.body(chartJs, 200, { 'Content-Type': JS, 'Cache-Control': 'private, max-age=86400' });
  });
  admin.get('/static/charts.js', (c) => {
    return c.body(CHARTS_JS, 200, { 'Content-Type': JS });
  });

  admin.get('/numbers', async (c) => {
    const locale = c.get('locale');
    const asked = Number.parseInt(c.req.query('days') ?? '', 10);
    const days = [7, 30, 90].includes(asked) ? asked : 30;
    const n = await loadNumbers(deps.db, { now: deps.now(), days });
    const cat = (k: string) => plainCopy(`report.cat.${k}`, locale);
    const unknown = say('dashboard.num_unknown_place', locale);
    const fmt = (x: number) => x.toLocaleString(locale === 'id' ? 'id-ID' : 'en-US');
    const chartData = {
      days: n.days.map((d) => d.slice(5)),
      categories: CATEGORIES.map((k) => ({ label: cat(k), data: n.days.map((d) => n.perDay[d]?.[k] ?? 0) })),
      provinces: {
        labels: n.provinces.slice(0, 15).map((p) => p.province || unknown),
        set: { label: say('dashboard.nav_reports', locale), data: n.provinces.slice(0, 15).map((p) => p.n) },
      },
      questions: [
        { label: say('dashboard.num_answered', locale), data: n.questions.map((q) => q.answered) },
        { label: say('dashboard.num_declined', locale), data: n.questions.map((q) => q.declined) },
      ],
    };
    const total = (d: string) => CATEGORIES.reduce((a, k) => a + (n.perDay[d]?.[k] ?? 0), 0);
    const body = html`
<p>${[7, 30, 90].map((d) => (d === days ? html`<strong>${say('dashboard.num_period', locale, { n: d })}</strong> ` : html`<a href="/admin/numbers?days=${d}">${say('dashboard.num_period', locale, { n: d })}</a> `))}</p>
<div class="card">
<h2>${say('dashboard.num_median', locale)}</h2>
<p><strong>${n.medianFirstChangeSeconds === undefined ? '–' : duration(n.medianFirstChangeSeconds, locale)}</strong>
<span class="muted">${say('dashboard.num_median_of', locale, { n: n.changed })}</span></p>
</div>
<div class="card">
<h2>${say('dashboard.num_subscribers', locale)}</h2>
<p>${Object.keys(n.subscribers).length ? Object.entries(n.subscribers).map(([ch, x]) => html`${ch === 'telegram' ? 'Telegram' : ch === 'whatsapp' ? 'WhatsApp' : ch}: <strong>${fmt(x)}</strong> `) : '0'}</p>
</div>
<div class="card">
<h2>${say('dashboard.num_per_day', locale)}</h2>
<div class="chart"><canvas id="chart-days" hidden></canvas></div>
<details><summary>${say('dashboard.num_table', locale)}</summary><div class="scroll"><table>
<thead><tr><th>${say('dashboard.num_day', locale)}</th>${CATEGORIES.map((k) => html`<th>${cat(k)}</th>`)}<th>${say('dashboard.bc_total', locale)}</th></tr></thead>
<tbody>${n.days.map((d) => html`<tr><td>${d}</td>${CATEGORIES.map((k) => html`<td>${n.perDay[d]?.[k] ?? 0}</td>`)}<td><strong>${total(d)}</strong></td></tr>`)}</tbody>
</table></div></details>
</div>
<div class="card">
<h2>${say('dashboard.num_provinces', locale)}</h2>
<div class="chart" style="height:${Math.min(15, n.provinces.length) * 2.2 + 5}rem"><canvas id="chart-provinces" hidden></canvas></div>
<div class="scroll"><table><tbody>${n.provinces.map((p) => html`<tr><td>${p.province || unknown}</td><td>${p.n}</td></tr>`)}</tbody></table></div>
</div>
<div class="card">
<h2>${say('dashboard.num_questions', locale)}</h2>
<div class="chart"><canvas id="chart-questions" hidden></canvas></div>
<details><summary>${say('dashboard.num_table', locale)}</summary><div class="scroll"><table>
<thead><tr><th>${say('dashboard.num_day', locale)}</th><th>${say('dashboard.num_answered', locale)}</th><th>${say('dashboard.num_declined', locale)}</th></tr></thead>
<tbody>${n.questions.map((q) => html`<tr><td>${q.day}</td><td>${q.answered}</td><td>${q.declined}</td></tr>`)}</tbody>
</table></div></details>
</div>
<script type="application/json" id="chart-data">${raw(JSON.stringify(chartData).replace(/</g, '\\u003c'))}</script>
<script src="/admin/static/chart.js"></script>
<script src="/admin/static/charts.js"></script>`;
    return c.html(
      page(c, { locale, title: say('dashboard.nav_numbers', locale), body, csrf: c.get('session').csrf }),
    );
  });
}
