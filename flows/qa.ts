import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, type FlowCtx, type FlowDef, type Transition } from '../src/core/flow';
import { CHOICE, renderAnswer, renderDetails, renderRelated, replyTo } from '../src/knowledge/answer';
import type { QaIndex } from '../src/knowledge/search';
import { defaultIndex } from '../src/knowledge/service';

/**
 * Questions in free text. The flow stays on `answered` after a reply so "more detail", "related"
 * and 👍/👎 keep working, and any new text there is simply the next question. The `hoax` flow is
 * the same conversation limited to hoax clarifications.
 */
type QaData = {
  /** The topic last answered (absent after "not sure"). */
  topic?: string;
  /** What the user typed, stored with their feedback. */
  question?: string;
};

function indexOf(ctx: FlowCtx): QaIndex {
  return ctx.services.knowledge ?? defaultIndex();
}

export function makeQaFlow(opts: {
  name: string;
  hoax: boolean;
  menu: { labelKey: string; order: number };
  askKey: string;
  triggers?: string[];
}): FlowDef<QaData> {
  const answer = (ctx: FlowCtx, text: string): Transition<QaData> => {
    const r = replyTo(indexOf(ctx), text, ctx.locale, { hoax: opts.hoax });
    if (r.topic)
      return {
        to: 'answered',
        data: { topic: r.topic.id, question: text },
        replies: r.messages,
        prompt: false,
      };
    // Partisan and out-of-domain replies close the conversation; "not sure" stays to take a pick.
    if (r.result.kind === 'partisan' || r.result.kind === 'offtopic' || r.result.kind === 'empty') {
      return { to: 'end', replies: r.messages };
    }
    return { to: 'answered', data: { question: text }, replies: r.messages, prompt: false };
  };

  return defineFlow<QaData>({
    name: opts.name,
    version: 1,
    menu: { id: opts.name, ...opts.menu },
    ...(opts.triggers ? { triggers: [{ words: opts.triggers }] } : {}),
    start(ctx, args) {
      const text = args.text ?? args.rest;
      if (text?.trim()) return answer(ctx, text);
      return { to: 'question' };
    },
    steps: {
      question: {
        prompt: (ctx) => [{ text: t(opts.askKey, ctx.locale) }],
        handle(ctx, input) {
          if (!input.text?.trim()) return { to: null, error: { key: 'qa.need_text' } };
          return answer(ctx, input.text);
        },
      },
      answered: {
        prompt(ctx, data) {
          const topic = data.topic ? indexOf(ctx).kb.byId.get(data.topic) : undefined;
          return [topic ? renderAnswer(topic, ctx.locale) : { text: t('qa.next', ctx.locale) }];
        },
        handle(ctx, input, data) {
          const index = indexOf(ctx);
          const topic = data.topic ? index.kb.byId.get(data.topic) : undefined;
          const typed = input.text?.trim() ?? '';
          const choice =
            input.choice ??
            (words('qa.helpful_yes').includes(typed)
              ? CHOICE.up
              : words('qa.helpful_no').includes(typed)
                ? CHOICE.down
                : undefined);
          if (choice?.startsWith(CHOICE.topicPrefix)) {
            const picked = index.kb.byId.get(choice.slice(CHOICE.topicPrefix.length));
            if (!picked) return { to: null, error: { key: 'core.stale_choice' } };
            return {
              to: null,
              data: { ...data, topic: picked.id },
              replies: [renderAnswer(picked, ctx.locale)],
              prompt: false,
            };
          }
          if (topic && choice === CHOICE.more) {
            return { to: null, replies: [renderDetails(topic, ctx.locale)], prompt: false };
          }
          if (topic && choice === CHOICE.related) {
            return { to: null, replies: [renderRelated(topic, index, ctx.locale)], prompt: false };
          }
          if (topic && (choice === CHOICE.up || choice === CHOICE.down)) {
            const helpful = choice === CHOICE.up;
            return {
              to: null,
              replies: [{ text: t(helpful ? 'qa.thanks_up' : 'qa.thanks_down', ctx.locale) }],
              effects: [{ type: 'qa.feedback', topicId: topic.id, question: data.question ?? null, helpful }],
              prompt: false,
            };
          }
          if (typed && choice === undefined) return answer(ctx, typed);
          return { to: null, error: { key: 'qa.need_text' }, prompt: false };
        },
      },
    },
  });
}

export const qaFlow = makeQaFlow({
  name: 'qa',
  hoax: false,
  menu: { labelKey: 'qa.menu', order: 10 },
  askKey: 'qa.ask',
});
