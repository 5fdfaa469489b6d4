import { t } from '../src/content/copy';
import { defineFlow, type FlowData } from '../src/core/flow';

/**
 * Admin commands typed by someone who is not an admin: the admin flows' triggers are adminOnly, so
 * the words land here instead, to be refused and logged (hashed id). Registered after the admin
 * flows. Longer text that merely starts with the word ("siaran kampanye di TV boleh?") is a
 * question and goes to Q&A.
 */
const SUBCOMMANDS = ['', 'status', 'batal', 'cancel'];

export const adminGuardFlow = defineFlow<FlowData>({
  name: 'admin-guard',
  version: 1,
  triggers: [
    { words: ['siaran', 'broadcast', 'laporan'], rest: /^(status|batal|cancel|pn-?[a-z0-9]{4}.*)$/i },
    { words: ['dasbor'] },
  ],
  start(ctx, args) {
    // An admin reaches this only when no admin flow answers the word.
    if (ctx.isAdmin) return { to: 'end', replies: [{ text: t('core.unknown_command', ctx.locale) }] };
    const rest = (args.rest ?? '').trim();
    if (!SUBCOMMANDS.includes(rest.toLowerCase()) && !/^PN-/i.test(rest)) {
      // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
      return { to: 'end', then: { flow: 'qa', args: { text: rest } } };
    }
    return {
      to: 'end',
      replies: [{ text: t('admin.refused', ctx.locale) }],
      effects: [{ type: 'admin.refused', command: rest ? `command ${rest.split(' ')[0]}` : 'command' }],
    };
  },
  steps: {},
});
