import type { Hono } from 'hono';
import { html } from 'hono/html';
import { plainCopy } from '../content/copy';
import { formatTime } from '../content/time';
import { toPlainText } from '../core/markup';
import type { Db } from '../db/client';
import { GAP_REASONS, listGaps } from '../knowledge/gaps';
import type { KnowledgeBase } from '../knowledge/load';
import { loadCheckedKnowledge } from '../knowledge/service';
import { type DashboardEnv, page, say } from './layout';

let knowledge: KnowledgeBase | undefined;

/** Q&A: the topics the bot answers from (content/qa) and the gap inbox (`npm run qa -- gaps`). */
export function installQaPages(admin: Hono<DashboardEnv>, deps: { db: Db }): void {
  admin.get('/qa', async (c) => {
    const locale = c.get('locale');
    knowledge ??= loadCheckedKnowledge();
    const gaps = await listGaps(deps.db, { limit: 50 });
    const link = (s: string) => (/^https?:\/\//.test(s) ? html`<a href="${s}" rel="noreferrer">${s}</a>` : s);
    const body = html`
<h2 id="gaps">${say('dashboard.qa_gaps', locale)}</h2>
<p class="muted">${say('dashboard.qa_gaps_intro', locale)}</p>
${
  gaps.length
    ? html`<div class="scroll"><table>
<thead><tr><th>${say('dashboard.clusters_count', locale)}</th><th>${say('dashboard.qa_questions', locale)}</th><th>${say('dashboard.qa_reasons', locale)}</th><th>${say('dashboard.qa_topics', locale)}</th><th>${say('dashboard.col_time', locale)}</th></tr></thead>
<tbody>${gaps.map(
        (g) => html`<tr>
<td><strong>${g.count}</strong><div class="muted">${say('dashboard.qa_senders', locale, { n: g.senders })}</div></td>
<td>${g.examples.map((q) => html`<div>“${q.replace(/\s+/g, ' ').slice(0, 200)}”</div>`)}</td>
<td>${GAP_REASONS.filter((r) => g.reasons[r]).map((r) => html`<div>${say(`dashboard.qa_reason_${r}`, locale)}: ${g.reasons[r] ?? 0}</div>`)}</td>
<td>${g.topics.map((t) => html`<div>${t.id} (${t.count})</div>`)}</td>
<td>${formatTime(g.lastAt, locale)}</td>
</tr>`,
      )}</tbody></table></div>`
    : html`<p class="card">${say('dashboard.qa_no_gaps', locale)}</p>`
}
<details class="card"><summary><strong>${say('dashboard.qa_topics_title', locale, { n: knowledge.topics.length })}</strong></summary>
<div class="scroll"><table>
<thead><tr><th>${say('dashboard.qa_topic', locale)}</th><th>${say('dashboard.qa_verdict', locale)}</th><th>${say('dashboard.qa_certainty', locale)}</th><th>${say('dashboard.qa_sources', locale)}</th></tr></thead>
<tbody>${knowledge.topics.map(
      (t) => html`<tr>
<td><strong>${t.label?.[locale] ?? t.id}</strong><div class="muted">${t.questions[locale][0] ?? ''}</div><div class="muted">${t.id}</div></td>
<td>${toPlainText(plainCopy(`qa.verdict.${t.verdict}`, locale))}</td>
<td>${say(`dashboard.qa_certainty_${t.certainty}`, locale)}</td>
<td>${[...t.legal_basis.map((l) => (l.article ? `${l.law} ${l.article}` : l.law)), ...t.sources].map((s) => html`<div>${link(s)}</div>`)}</td>
</tr>`,
    )}</tbody></table></div></details>`;
    return c.html(
      page(c, { locale, title: say('dashboard.nav_qa', locale), body, csrf: c.get('session').csrf }),
    );
  });
}
