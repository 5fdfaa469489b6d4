import { eq } from 'drizzle-orm';
import { t } from '../content/copy';
import type { EffectEnv, EffectHandlers } from '../core/dispatcher';
import type { Locale, Outbound } from '../core/message';
import { evidenceFiles, reportEvidence } from '../db/schema';
import { hashId } from '../log';
import {
  formatReport,
  listReports,
  ReportAdminError,
  reportTime,
  setStatus,
  showReport,
} from '../reports/admin';
import { STATUSES } from '../reports/store';

const PAGE = 8;
const MAX_EVIDENCE_SHOWN = 5;

const localeOf = (env: EffectEnv): Locale => (env.contact.locale === 'en' ? 'en' : 'id');

function fail(err: unknown, locale: Locale): { replies: Outbound[] } {
  if (err instanceof ReportAdminError)
    return { replies: [{ text: t('admin.triage_error', locale, { reason: err.message }) }] };
  throw err;
}

/** Effects of `/laporan`, on the report admin functions the reports CLI uses too. */
export const triageEffects: EffectHandlers = {
  'triage.list': async (e, env) => {
    const locale = localeOf(env);
    const all = await listReports(env.tx, { status: 'baru', limit: (e.page + 1) * PAGE + 1 });
    const page = all.slice(e.page * PAGE, (e.page + 1) * PAGE);
    if (!page.length) return { replies: [{ text: t('admin.triage_empty', locale) }] };
    return {
      replies: [
        {
          text: t('admin.triage_list', locale, { page: e.page + 1 }),
          choices: [
            // The ticket is the button; category and time (in the place's zone) go in the message.
            ...page.map((r) => ({
              id: `laporan:open:${r.ticket}`,
              label: r.ticket,
              detail: t('admin.triage_item', locale, {
                ticket: r.ticket,
                category: t(`report.cat.${r.category}`, locale),
                time: reportTime(r.createdAt, r.regionCode, locale),
              }),
            })),
            ...(all.length > (e.page + 1) * PAGE
              ? [{ id: 'laporan:more', label: t('admin.triage_more', locale) }]
              : []),
          ],
        },
      ],
    };
  },
  'triage.show': async (e, env) => {
    const locale = localeOf(env);
    try {
      const d = await showReport(env.tx, e.ticket);
      const files = await env.tx
        .select({ mime: evidenceFiles.mime, bytes: evidenceFiles.bytes })
        .from(reportEvidence)
        .innerJoin(evidenceFiles, eq(evidenceFiles.id, reportEvidence.evidenceId))
        .where(eq(reportEvidence.reportId, d.report.id))
        .limit(MAX_EVIDENCE_SHOWN);
      const evidence: Outbound[] = files.map((f, i) => ({
        text: t('admin.triage_evidence', locale, { n: i + 1, total: d.files }),
        media: {
          kind: f.mime.startsWith('image/') ? 'image' : 'document',
          mime: f.mime,
          base64: Buffer.from(f.bytes).toString('base64'),
        },
      }));
      env.log.info({ admin: hashId(env.userKey), report: d.report.id }, 'report opened by admin');
      return {
        replies: [
          // formatReport shows the reporter's name and contact only when they chose not to be anonymous.
          { text: formatReport(d, locale) },
          ...evidence,
          {
            text: t('admin.triage_set', locale),
            choices: STATUSES.filter((s) => s !== 'baru').map((s) => ({
              id: `laporan:set:${s}`,
              label: t(`report.status.${s}`, locale),
            })),
          },
        ],
      };
    } catch (err) {
      return fail(err, locale);
    }
  },
  'triage.set': async (e, env) => {
    const locale = localeOf(env);
    try {
      const r = await setStatus(env.tx, {
        ticket: e.ticket,
        status: e.status,
        ...(e.note ? { note: e.note } : {}),
        actor: `admin:${hashId(env.userKey)}`,
      });
      return {
        replies: [
          {
            text: t('admin.triage_done', locale, {
              ticket: r.ticket,
              status: t(`report.status.${r.status}`, locale),
            }),
          },
        ],
      };
    } catch (err) {
      return fail(err, locale);
    }
  },
};
