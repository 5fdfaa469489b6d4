import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, type FlowData } from '../src/core/flow';
import type { Choice, Locale, Outbound } from '../src/core/message';

declare module '../src/core/effects' {
  interface EffectMap {
    /** Says exactly what a deletion would delete and what stays, for this contact, with the choices. */
    'privacy.preview': Record<never, never>;
    /** Deletes the contact's data (src/privacy/delete.ts) and confirms what was done. */
    'privacy.delete': Record<never, never>;
  }
}

/** The two answers; the preview effect shows them too, so their ids must stay these. */
export function deleteChoices(locale: Locale): Choice[] {
  return [
    {
      id: 'yes',
      label: t('privacy.choice.delete_yes', locale),
      aliases: [...words('privacy.yes'), ...words('core.yes')],
    },
    { id: 'no', label: t('privacy.choice.delete_no', locale), aliases: words('core.no') },
  ];
}

/**
 * `hapus data saya` / `/hapusdata` / `delete my data`, from any state. The preview is an effect
 * (it counts the contact's reports and files in the database); the confirmation deletes in the same
 * transaction as the reply, and forgets every parked draft in the session.
 */
export const privacyDeleteFlow = defineFlow<FlowData>({
  name: 'privacy-delete',
  version: 1,
  triggers: [{ words: words('privacy.delete'), anywhere: true }],
  start: () => ({ to: 'confirm', prompt: false, effects: [{ type: 'privacy.preview' }] }),
  steps: {
    confirm: {
      prompt: (ctx): Outbound[] => [
        { text: t('privacy.delete_ask', ctx.locale), choices: deleteChoices(ctx.locale) },
      ],
      handle(ctx, input) {
        if (input.choice === 'yes') return { to: 'end', forget: true, effects: [{ type: 'privacy.delete' }] };
        if (input.choice === 'no')
          return { to: 'end', replies: [{ text: t('privacy.delete_kept', ctx.locale) }] };
        return { to: null, error: { key: 'privacy.delete_pick' } };
      },
    },
  },
});
