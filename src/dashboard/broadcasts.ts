import { desc, eq } from 'drizzle-orm';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { loadSubscriberTable } from '../broadcast/admin';
import {
  AUDIENCE_KEYS,
  type AudienceKey,
  audienceChannels,
  audienceOf,
  isAudienceKey,
} from '../broadcast/audience';
import { cancelBroadcast, progressOf } from '../broadcast/deliveries';
import { broadcastMessage } from '../broadcast/message';
import { countRecipients, createBroadcast, estimateSeconds, startBroadcast } from '../broadcast/plan';
import { AUDIENCE_LABELS, type CountTable, countsFor, formatDuration, totalOf } from '../broadcast/summary';
import { wakeInTransaction } from '../broadcast/workers';
import type { Config } from '../config';
import { plainCopy } from '../content/copy';
import { formatTime } from '../content/time';
import { toPlainText } from '../core/markup';
import type { Locale } from '../core/message';
import type { Db } from '../db/client';
import { broadcasts, dashboardAudit } from '../db/schema';
import type { Logger } from '../log';
import { type DashboardEnv, type Html, page, say } from './layout';

type Env = DashboardEnv;

/** Longest broadcast text: a Telegram caption with an image allows 1024 characters, a message 4096. */
export const MAX_BROADCAST_CHARS = 3500;

/**
 * Broadcast pages on the existing engine (src/broadcast/): the same count, create, start, wake,
 * progress and cancel functions the chat's `/siaran` and `npm run broadcast` use.
 */
export function installBroadcastPages(
  admin: Hono<Env>,
  deps: { db: Db; config: Config; log: Logger; now: () => Date },
): void {
  const { db } = deps;
  const fmt = (n: number, locale: Locale) => n.toLocaleString(locale === 'id' ? 'id-ID' : 'en-US');

  const composeForm = async (c: Context<Env>, text: string, audience: AudienceKey): Promise<Html> => {
    const locale = c.get('locale');
    // The same per-channel, per-language table the chat's compose flow reads: one small GROUP BY.
    const table = (await loadSubscriberTable(db)) as CountTable;
    return html`<form class="card" method="post" action="/admin/broadcasts/preview">
<input type="hidden" name="_csrf" value="${c.get('session').csrf}" />
<p><label>${say('dashboard.bc_text', locale)}<textarea name="text" maxlength="${MAX_BROADCAST_CHARS}" required>${text}</textarea></label></p>
<p><label>${say('dashboard.bc_audience', locale)}<br /><select name="audience">${AUDIENCE_KEYS.map(
      (k) =>
        html`<option value="${k}" ${k === audience ? 'selected' : ''}>${toPlainText(plainCopy(AUDIENCE_LABELS[k], locale, { count: fmt(totalOf(countsFor(table, audienceOf(k))), locale) }))}</option>`,
    )}</select></label></p>
<button class="primary" type="submit">${say('dashboard.bc_preview', locale)}</button>
</form>`;
  };

  /** The compose form again with what was typed and why it cannot go out (preview and send alike). */
  const refuseCompose = async (c: Context<Env>, problem: string, text: string, audience: AudienceKey) => {
    const locale = c.get('locale');
    const body = html`<p class="error">${problem}</p>${await composeForm(c, text, audience)}`;
    return c.html(
      page(c, { locale, title: say('dashboard.nav_broadcasts', locale), body, csrf: c.get('session').csrf }),
      400,
    );
  };

  const readForm = async (c: Context<Env>) => {
    const form = await c.req.parseBody();
    const text = typeof form.text === 'string' ? form.text.replace(/\r\n/g, '\n').trim() : '';
    const audience =
      typeof form.audience === 'string' && isAudienceKey(form.audience) ? form.audience : 'all';
    return { text, audience };
  };

  const problemOf = (text: string, locale: Locale) =>
    !text
      ? say('dashboard.bc_empty', locale)
      : text.length > MAX_BROADCAST_CHARS
        ? say('dashboard.bc_too_long', locale, { max: MAX_BROADCAST_CHARS })
        : undefined;

  admin.get('/broadcasts', async (c) => {
    const locale = c.get('locale');
    const recent = await db
      .select({
        id: broadcasts.id,
        status: broadcasts.status,
        text: broadcasts.text,
        createdAt: broadcasts.createdAt,
      })
      .from(broadcasts)
      .orderBy(desc(broadcasts.id))
      .limit(20);
    const body = html`${await composeForm(c, '', 'all')}
<h2>${say('dashboard.bc_recent', locale)}</h2>
${
  recent.length
    ? html`<div class="scroll"><table><tbody>${recent.map(
        (b) =>
          html`<tr><td><a href="/admin/broadcasts/${b.id}">#${b.id}</a></td><td>${plainCopy(`broadcast.status_${b.status}`, locale)}</td><td>${formatTime(b.createdAt, locale)}</td><td>${b.text.slice(0, 80)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="muted">${say('dashboard.bc_none', locale)}</p>`
}`;
    return c.html(
      page(c, { locale, title: say('dashboard.nav_broadcasts', locale), body, csrf: c.get('session').csrf }),
    );
  });

  admin.post('/broadcasts/preview', async (c) => {
    const locale = c.get('locale');
    const { text, audience } = await readForm(c);
    const problem = problemOf(text, locale);
    if (problem) return refuseCompose(c, problem, text, audience);
    const counts = await countRecipients(db, audienceOf(audience));
    const channels = audienceChannels(audienceOf(audience));
    // Each subscriber gets it in their own language (the stop line differs), as each platform shows it.
    const previews = channels.flatMap((ch) =>
      (['id', 'en'] as const).map((lang) => ({
        ch,
        lang,
        text: toPlainText(broadcastMessage({ text }, lang).text ?? ''),
      })),
    );
    const body = html`
<div class="card">
<p><strong>${say('dashboard.bc_recipients', locale, { total: fmt(totalOf(counts), locale) })}</strong></p>
<ul>${channels.map((ch) => html`<li>${ch === 'telegram' ? 'Telegram' : 'WhatsApp'}: ${fmt(counts[ch] ?? 0, locale)}</li>`)}</ul>
<p>${say('dashboard.bc_estimate', locale, { duration: toPlainText(formatDuration(estimateSeconds(counts, deps.config), locale)) })}</p>
</div>
<div class="previews">${previews.map(
      (p) =>
        html`<div class="bubble ${p.ch}"><div class="muted">${p.ch === 'telegram' ? 'Telegram' : 'WhatsApp'} · ${p.lang === 'id' ? 'Bahasa Indonesia' : 'English'}</div><pre>${p.text}</pre></div>`,
    )}</div>
<form class="card" method="post" action="/admin/broadcasts">
<input type="hidden" name="_csrf" value="${c.get('session').csrf}" />
<input type="hidden" name="text" value="${text}" />
<input type="hidden" name="audience" value="${audience}" />
<button class="primary" type="submit">${say('dashboard.bc_send', locale, { total: fmt(totalOf(counts), locale) })}</button>
</form>
<h2>${say('dashboard.bc_edit', locale)}</h2>
${await composeForm(c, text, audience)}`;
    return c.html(
      page(c, { locale, title: say('dashboard.bc_preview', locale), body, csrf: c.get('session').csrf }),
    );
  });

  admin.post('/broadcasts', async (c) => {
    const locale = c.get('locale');
    const { text, audience } = await readForm(c);
    const problem = problemOf(text, locale);
    if (problem) return refuseCompose(c, problem, text, audience);
    const actor = c.get('session').actor;
    const a = audienceOf(audience);
    const id = await db.transaction(async (tx) => {
      const id = await createBroadcast(tx, { createdBy: actor, text, audience: a });
      await startBroadcast(tx, id);
      // The pg-boss wake-up is written by this transaction: it exists only if the plan committed.
      await wakeInTransaction(tx, audienceChannels(a));
      await tx
        .insert(dashboardAudit)
        .values({ actor, action: `broadcast.start.${id}`, createdAt: deps.now() });
      return id;
    });
    deps.log.info({ actor, broadcast: id }, 'broadcast started from the dashboard');
    return c.redirect(`/admin/broadcasts/${id}`, 303);
  });

  const progressPage = async (c: Context<Env>, flash?: string) => {
    const locale = c.get('locale');
    const id = Number.parseInt(c.req.param('id') ?? '', 10);
    const p = Number.isSafeInteger(id) ? await progressOf(db, id) : undefined;
    if (!p)
      return c.html(
        page(c, {
          locale,
          title: say('dashboard.not_found', locale),
          body: html``,
          csrf: c.get('session').csrf,
        }),
        404,
      );
    const [b] = await db.select({ text: broadcasts.text }).from(broadcasts).where(eq(broadcasts.id, id));
    const running = p.status === 'sending' || p.status === 'planned';
    const cols = ['sent', 'failed', 'unknown', 'skipped', 'pending'] as const;
    const body = html`
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<p><strong id="bc-status">${plainCopy(`broadcast.status_${p.status}`, locale)}</strong>
${p.startedAt ? html` · ${say('dashboard.bc_started', locale, { time: formatTime(p.startedAt, locale) })}` : ''}
${p.endedAt ? html` · ${say('dashboard.bc_ended', locale, { time: formatTime(p.endedAt, locale) })}` : ''}</p>
<div class="scroll"><table>
<thead><tr><th></th>${cols.map((k) => html`<th>${say(`dashboard.bc_${k}`, locale)}</th>`)}</tr></thead>
<tbody>${Object.entries(p.byChannel).map(
      ([ch, n]) =>
        html`<tr><td>${ch === 'telegram' ? 'Telegram' : ch === 'whatsapp' ? 'WhatsApp' : ch}</td>${cols.map((k) => html`<td>${fmt(n[k], locale)}</td>`)}</tr>`,
    )}
<tr><td><strong>${say('dashboard.bc_total', locale)}</strong></td>${cols.map((k) => html`<td><strong data-count="${k}">${fmt(p[k], locale)}</strong></td>`)}</tr>
</tbody></table></div>
${
  running
    ? html`<p class="muted">${say('dashboard.bc_refreshing', locale)}</p>
<form method="post" action="/admin/broadcasts/${id}/cancel"><input type="hidden" name="_csrf" value="${c.get('session').csrf}" /><button type="submit">${say('dashboard.bc_cancel', locale)}</button></form>`
    : ''
}
<h2>${say('dashboard.bc_text', locale)}</h2><pre>${b?.text ?? ''}</pre>
<p><a href="/admin/broadcasts">${say('dashboard.nav_broadcasts', locale)}</a></p>`;
    return c.html(
      page(c, {
        locale,
        title: `${say('dashboard.nav_broadcasts', locale)} #${id}`,
        body,
        csrf: c.get('session').csrf,
        ...(running ? { refreshSeconds: 2 } : {}),
      }),
    );
  };

  admin.get('/broadcasts/:id', (c) => progressPage(c));

  admin.post('/broadcasts/:id/cancel', async (c) => {
    const id = Number.parseInt(c.req.param('id'), 10);
    if (!Number.isSafeInteger(id)) return progressPage(c);
    const skipped = await cancelBroadcast(db, id);
    await db
      .insert(dashboardAudit)
      .values({ actor: c.get('session').actor, action: `broadcast.cancel.${id}`, createdAt: deps.now() });
    return progressPage(c, say('dashboard.bc_cancelled', c.get('locale'), { skipped }));
  });
}
