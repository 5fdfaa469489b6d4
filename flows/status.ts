import { t } from '../src/content/copy';
import { defineFlow, type FlowCtx, type Transition } from '../src/core/flow';
import { normalizeTicket } from '../src/reports/ticket';

/**
 * `cek PN-7K3M-Q9`, `/status PN-…`, `status` (asks for the ticket). The lookup is an effect
 * (`report.status`) because only the reporter and admins may see a report; everyone else gets the
 * same "not found" a wrong ticket gets. The buttons after a confirmation arrive here as
 * `status:check:<ticket>` and `status:summary:<ticket>`.
 */
type Data = Record<string, never>;

function lookup(ctx: FlowCtx, ticket: string, mode: 'status' | 'summary'): Transition<Data> {
  return {
    to: 'end',
    effects: [{ type: 'report.status', ticket, mode, asAdmin: ctx.isAdmin, locale: ctx.locale }],
  };
}

export const statusFlow = defineFlow<Data>({
  name: 'status',
  version: 1,
  // Mid-flow "cek" counts only with a ticket after it ("cek PN-7K3M-Q9"), never "cek apakah…".
  triggers: [{ words: ['cek status', 'cek tiket', 'cek', 'status', 'tiket'], rest: /^pn-?[a-z0-9]{4}/i }],
  keepsButtons: true,
  menu: { id: 'status', labelKey: 'report.status_menu', order: 30 },
  start(ctx, args) {
    const m = /^status:(check|summary):(PN-[A-Z0-9]{4}-[A-Z0-9]{2})$/.exec(args.choice ?? '');
    if (m) return lookup(ctx, m[2]!, m[1] === 'summary' ? 'summary' : 'status');
    const rest = (args.rest ?? '').trim();
    if (!rest) return { to: 'ticket' };
    const ticket = normalizeTicket(rest);
    if (ticket) return lookup(ctx, ticket, 'status');
    // "cek hoaks ini …" is a question for Q&A, not a ticket.
    if (!/^pn\b|^pn-/i.test(rest)) {
      // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
      return { to: 'end', then: { flow: 'qa', args: { text: `cek ${rest}` } } };
    }
    return { to: 'ticket', replies: [{ text: t('report.status_bad_ticket', ctx.locale) }] };
  },
  steps: {
    ticket: {
      prompt: (ctx) => [{ text: t('report.status_ask', ctx.locale) }],
      handle(ctx, input) {
        const ticket = normalizeTicket(input.text ?? '');
        if (!ticket) return { to: null, error: { key: 'report.status_bad_ticket' } };
        return lookup(ctx, ticket, 'status');
      },
    },
  },
});
