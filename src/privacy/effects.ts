import { deleteChoices } from '../../flows/privacy-delete';
import { t } from '../content/copy';
import type { EffectHandlers } from '../core/dispatcher';
import type { Locale } from '../core/message';
import { deleteContactData, previewDeletion } from './delete';

/** The chat side of a deletion request (flows/privacy-delete.ts), in the message's transaction. */
export const privacyEffects: EffectHandlers = {
  'privacy.preview': async (_e, env) => {
    const locale: Locale = env.contact.locale === 'en' ? 'en' : 'id';
    const p = await previewDeletion(env.tx, env.contact.id);
    const deleted = [
      t('privacy.delete_intro', locale, { draft: p.draft ? t('privacy.delete_draft', locale) : '' }),
      ...(p.files ? [t('privacy.delete_files', locale, { files: p.files })] : []),
      ...(p.subscribed ? [t('privacy.delete_subscribed', locale)] : []),
    ];
    const lines = [
      deleted.join('\n'),
      p.reports
        ? t('privacy.delete_keeps', locale, { reports: p.reports })
        : t('privacy.delete_keeps_nothing', locale),
      ...(p.forwarded ? [t('privacy.delete_keeps_forwarded', locale, { forwarded: p.forwarded })] : []),
      t('privacy.delete_warning', locale),
    ];
    return { replies: [{ text: lines.join('\n\n'), choices: deleteChoices(locale) }] };
  },
  'privacy.delete': async (_e, env) => {
    const locale: Locale = env.contact.locale === 'en' ? 'en' : 'id';
    const r = await deleteContactData(env.tx, env.contact.id, { now: env.now });
    // No pseudonym in this line: it would tie the old log lines to a person who asked to be forgotten.
    env.log.info({ reports: r.reports, files: r.filesDeleted }, 'contact data deleted on request');
    return {
      replies: [
        {
          text: t('privacy.deleted', locale, {
            files: r.filesDeleted,
            feedback: r.feedback,
            reports: r.reports,
            subscribed: r.subscribed ? t('privacy.deleted_subscription', locale) : '',
          }),
        },
      ],
    };
  },
};
