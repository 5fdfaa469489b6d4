import { t } from '../src/content/copy';
import { defineFlow } from '../src/core/flow';

/**
 * Questions in free text. Until the knowledge base lands this only says it cannot answer yet, so
 * every other part (menu, language, reports) can be built and tried around it.
 */
export const qaFlow = defineFlow<{ asked?: number }>({
  name: 'qa',
  version: 1,
  menu: { id: 'qa', labelKey: 'qa.menu', order: 10 },
  start(ctx, args) {
    if (args.text) return { to: 'end', replies: [{ text: t('core.qa_placeholder', ctx.locale) }] };
    return { to: 'question' };
  },
  steps: {
    question: {
      prompt: (ctx) => [{ text: t('qa.ask', ctx.locale) }],
      handle(ctx, input) {
        if (!input.text) return { to: null, error: { key: 'qa.need_text' } };
        return { to: 'end', replies: [{ text: t('core.qa_placeholder', ctx.locale) }] };
      },
    },
  },
});
