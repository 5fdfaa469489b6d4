import { t } from '../src/content/copy';
import { defineFlow, type FlowCtx } from '../src/core/flow';
import { STATUSES } from '../src/reports/store';
import { refuse } from './admin-broadcast';

declare module '../src/core/effects' {
  interface EffectMap {
    /** A page of new reports, newest first, each a button. */
    'triage.list': { page: number };
    /** Every field of one report, its evidence and the status buttons. */
    'triage.show': { ticket: string };
    /** Sets the status with a note; the reporter is told through the outbox. */
    'triage.set': { ticket: string; status: string; note: string };
  }
}

type Data = { page?: number; ticket?: string; status?: string };

const statusChoices = (ctx: FlowCtx) =>
  STATUSES.filter((s) => s !== 'baru').map((s) => ({
    id: `laporan:set:${s}`,
    label: t(`report.status.${s}`, ctx.locale),
  }));

/** `/laporan`: admins triage new reports (list → open → status with a note → the reporter is told). */
export const adminReportsFlow = defineFlow<Data>({
  name: 'laporan',
  version: 1,
  triggers: [{ words: ['laporan'], adminOnly: true, rest: /^pn-?[a-z0-9]{4}/i }],
  start(ctx, args) {
    if (!ctx.isAdmin) return refuse(ctx, 'laporan');
    const ticket = (args.rest ?? '').trim();
    if (ticket)
      return { to: 'report', data: { ticket }, prompt: false, effects: [{ type: 'triage.show', ticket }] };
    return { to: 'list', data: { page: 0 }, prompt: false, effects: [{ type: 'triage.list', page: 0 }] };
  },
  steps: {
    list: {
      prompt: (ctx) => [{ text: t('admin.triage_pick', ctx.locale) }],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, input.choice ?? 'laporan:list');
        const choice = input.choice ?? '';
        if (choice === 'laporan:more') {
          const page = (data.page ?? 0) + 1;
          return { to: null, data: { page }, prompt: false, effects: [{ type: 'triage.list', page }] };
        }
        const ticket = choice.startsWith('laporan:open:') ? choice.slice(13) : (input.text ?? '').trim();
        if (!ticket) return { to: null, error: { key: 'admin.triage_pick' } };
        return {
          to: 'report',
          data: { ...data, ticket },
          prompt: false,
          effects: [{ type: 'triage.show', ticket }],
        };
      },
    },
    report: {
      prompt: (ctx) => [{ text: t('admin.triage_set', ctx.locale), choices: statusChoices(ctx) }],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, input.choice ?? 'laporan:report');
        const status = input.choice?.startsWith('laporan:set:') ? input.choice.slice(12) : '';
        if (!STATUSES.some((s) => s === status)) return { to: null, error: { key: 'core.bad_answer' } };
        return { to: 'note', data: { ...data, status } };
      },
    },
    note: {
      prompt: (ctx, data) => [
        {
          text: t('admin.triage_note', ctx.locale, {
            status: t(`report.status.${data.status ?? 'baru'}`, ctx.locale),
          }),
        },
      ],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, 'laporan:note');
        const text = (input.text ?? '').trim();
        if (!text) return { to: null, error: { key: 'admin.triage_note_needed' } };
        const note = text === '-' ? '' : text;
        return {
          to: 'list',
          data: { page: 0 },
          prompt: false,
          effects: [
            { type: 'triage.set', ticket: data.ticket ?? '', status: data.status ?? '', note },
            { type: 'triage.list', page: 0 },
          ],
        };
      },
    },
  },
});
