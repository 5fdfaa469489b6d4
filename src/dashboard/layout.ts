import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { plainCopy } from '../content/copy';
import type { Locale } from '../core/message';
import type { DashboardSession } from './auth';

/** What the session middleware puts on every authenticated request. */
export type DashboardEnv = { Variables: { session: DashboardSession; sid: string; locale: Locale } };

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Dashboard copy (content/copy/dashboard.yaml and the report labels), as plain text for `html`. */
export function say(key: string, locale: Locale, vars?: Record<string, string | number>): string {
  return plainCopy(key, locale, vars);
}

const LANG_COOKIE = 'pn_lang';

/** `?lang=` switches and is remembered; else the remembered choice; else the browser's; else Indonesian. */
export function localeOf(c: Context): Locale {
  const asked = c.req.query('lang');
  if (asked === 'id' || asked === 'en') {
    setCookie(c, LANG_COOKIE, asked, { path: '/admin', sameSite: 'Lax', maxAge: 365 * 86_400 });
    return asked;
  }
  const kept = getCookie(c, LANG_COOKIE);
  if (kept === 'id' || kept === 'en') return kept;
  return /^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'id';
}

// System fonts, one column on a phone; the report and cluster lists turn into one card per row there
// (each value under its column's name), other tables scroll sideways rather than squeeze.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2327;background:#f4f5f7}
header{background:#0b3d62;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
header a,header button{color:#fff}
header a[aria-current]{font-weight:700;text-decoration-thickness:3px}
header .brand{font-weight:700;margin-right:auto;text-decoration:none}
header nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:center}
header form{margin:0}
header button{background:none;border:1px solid #fff8;border-radius:4px;padding:.15rem .6rem;font:inherit;cursor:pointer}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
a{color:#0a58ca}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1rem;margin-bottom:1rem}
.card>:first-child{margin-top:0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:#50575e;min-width:9rem;flex:1 1 9rem}
input,select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #b8bfc6;border-radius:4px;background:#fff;max-width:100%}
textarea{width:100%;min-height:5rem}
button.primary{background:#0b3d62;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;font:inherit;cursor:pointer}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
td.ticket,td.time,.nowrap{white-space:nowrap}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#50575e;background:#f8f9fa}
.status{white-space:nowrap;display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.85rem;background:#e7eef6}
.status-baru{background:#fff3cd}.status-ditolak{background:#f8d7da}.status-selesai{background:#d1e7dd}
.muted{color:#646970;font-size:.9rem}
.flash{background:#d1e7dd;border:1px solid #a3cfbb;padding:.6rem 1rem;border-radius:6px;margin-bottom:1rem}
.error{background:#f8d7da;border:1px solid #f1aeb5;padding:.6rem 1rem;border-radius:6px;margin-bottom:1rem}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.evidence{display:flex;flex-wrap:wrap;gap:1rem}
.evidence figure{margin:0;max-width:100%;width:20rem}
.evidence img{max-width:100%;height:auto;border:1px solid #dde1e6;border-radius:4px}
pre{white-space:pre-wrap;word-break:break-word;background:#f8f9fa;padding:.6rem;border-radius:4px;font-size:.9rem}
ul.fields{padding-left:1.1rem}
.chart{position:relative;height:18rem;margin-bottom:.6rem}
.previews{display:flex;flex-wrap:wrap;gap:1rem;margin-bottom:1rem}
.bubble{flex:1 1 16rem;max-width:26rem;border-radius:10px;padding:.5rem .7rem;box-shadow:0 1px 2px #0002}
.bubble pre{background:none;padding:0;margin:.3rem 0 0;font:inherit}
.bubble.telegram{background:#fff;border-left:4px solid #2aabee}
.bubble.whatsapp{background:#dcf8c6;border-left:4px solid #25d366}
@media (max-width:40rem){main{padding:.6rem}th,td{padding:.35rem}
.cards thead{display:none}.cards tr{display:flex;flex-wrap:wrap;gap:.15rem .6rem;padding:.5rem .35rem;border-bottom:1px solid #e4e7eb}
.cards td{border:0;padding:0}.cards td[data-label]{flex:1 1 100%;display:flex;gap:.5rem}
.cards td[data-label]::before{content:attr(data-label);color:#646970;font-size:.85rem;min-width:5.5rem}}
`;

const NAV: [string, string][] = [
  ['/admin/reports', 'dashboard.nav_reports'],
  ['/admin/clusters', 'dashboard.nav_clusters'],
  ['/admin/broadcasts', 'dashboard.nav_broadcasts'],
  ['/admin/qa', 'dashboard.nav_qa'],
  ['/admin/numbers', 'dashboard.nav_numbers'],
];

export function page(
  c: Context,
  opts: { locale: Locale; title: string; body: Html; csrf?: string; refreshSeconds?: number },
): Html {
  const { locale } = opts;
  const other = locale === 'id' ? 'en' : 'id';
  const here = new URL(c.req.url);
  here.searchParams.set('lang', other);
  const nav = opts.csrf
    ? html`<nav>
        ${NAV.map(([href, key]) =>
          c.req.path.startsWith(href)
            ? html`<a href="${href}" aria-current="page">${say(key, locale)}</a>`
            : html`<a href="${href}">${say(key, locale)}</a>`,
        )}
        <a href="${here.pathname}${here.search}" lang="${other}">${other === 'en' ? 'English' : 'Bahasa Indonesia'}</a>
        <form method="post" action="/admin/logout">
          <input type="hidden" name="_csrf" value="${opts.csrf}" />
          <button type="submit">${say('dashboard.logout', locale)}</button>
        </form>
      </nav>`
    : html`<nav><a href="${here.pathname}${here.search}" lang="${other}">${other === 'en' ? 'English' : 'Bahasa Indonesia'}</a></nav>`;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="referrer" content="no-referrer" />
${opts.refreshSeconds ? html`<meta http-equiv="refresh" content="${opts.refreshSeconds}" />` : ''}
<title>${opts.title} · ${say('dashboard.title', locale)}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header><a class="brand" href="/admin">${say('dashboard.title', locale)}</a>${nav}</header>
<main>
<h1>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>`;
}
