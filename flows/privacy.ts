import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, type FlowData } from '../src/core/flow';

/**
 * `privasi` / `/privasi` / `privacy`: what is collected, why, for how long, who sees it and how to
 * delete it, with the retention periods actually configured. A one-shot from anywhere: a report in
 * progress (its consent step points here) carries on with its question after the notice.
 */
export const privacyFlow = defineFlow<FlowData>({
  name: 'privacy',
  version: 1,
  triggers: [{ words: words('privacy.notice'), anywhere: true }],
  start(ctx) {
    const c = ctx.config;
    return {
      to: 'end',
      replies: [
        {
          text: t('privacy.notice', ctx.locale, {
            evidence_hours: c.RETENTION_UNLINKED_EVIDENCE_HOURS,
            draft_days: c.RETENTION_DRAFT_DAYS,
            session_days: c.RETENTION_SESSION_DAYS,
            closed_days: c.RETENTION_CLOSED_EVIDENCE_DAYS,
          }),
        },
      ],
    };
  },
  steps: {},
});
