import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import type { Effect } from '../src/core/effects';
import { defineFlow, type FlowCtx, type FlowDef, type StartArgs, type Transition } from '../src/core/flow';
import type { Locale } from '../src/core/message';
import {
  CHOICE,
  type QaReply,
  renderAnswer,
  renderDetails,
  renderRelated,
  replyTo,
} from '../src/knowledge/answer';
import type { GapReason } from '../src/knowledge/gaps';
import type { QaIndex } from '../src/knowledge/search';
import { defaultIndex } from '../src/knowledge/service';

/**
 * Questions in free text. The flow stays on `answered` after a reply so "more detail", the
 * penalty, where to report, "related" and 👍/👎 keep working, and any new text there is simply the
 * next question ("sanksinya apa?" then means the penalty of the topic just answered). When two
 * topics with different verdicts fit equally, the bot asks which one instead of guessing. Small
 * talk, requests to write something and partisan questions end the conversation with a short reply
 * and what the bot can do. The `hoax` flow is the same conversation limited to claims.
 */
type QaData = {
  /** The topic last answered (absent after "not sure" or a clarifying question). */
  topic?: string;
  /** What the user typed, stored with their feedback. */
  question?: string;
  /** The topics offered by a clarifying question. */
  offered?: string[];
};

function indexOf(ctx: FlowCtx): QaIndex {
  return ctx.services.knowledge ?? defaultIndex();
}

/** An entry in the gap inbox (src/knowledge/gaps.ts). */
function gap(
  reason: GapReason,
  question: string,
  r: Pick<QaReply, 'kind' | 'actor'> | null,
  locale: Locale,
  topicId?: string,
): Effect {
  return {
    type: 'qa.gap',
    reason,
    question,
    topicId: topicId ?? null,
    kind: r?.kind ?? null,
    actor: r?.actor ?? null,
    locale,
  };
}

/** Report topics for the "Cara melapor" follow-up: hoaxes to the hoax channel, the rest to Bawaslu. */
function reportTopicFor(topicId: string | undefined, index: QaIndex) {
  const topic = topicId ? index.kb.byId.get(topicId) : undefined;
  const hoax = topic?.kind === 'hoax' || topic?.category === 'hoaks';
  return index.kb.byId.get(hoax ? 'lapor-hoaks' : 'lapor-bawaslu');
}

export function makeQaFlow(opts: {
  name: string;
  hoax: boolean;
  menu: { labelKey: string; order: number };
  askKey: string;
  triggers?: string[];
}): FlowDef<QaData> {
  const answer = (
    ctx: FlowCtx,
    text: string,
    extra: { context?: StartArgs['context']; previous?: string } = {},
  ): Transition<QaData> => {
    const index = indexOf(ctx);
    const previous = extra.previous ? index.kb.byId.get(extra.previous) : undefined;
    const r = replyTo(index, text, ctx.locale, {
      hoax: opts.hoax,
      ...(extra.context?.forwardedFrom ? { forwarded: true } : {}),
      ...(previous ? { previous } : {}),
    });
    if (r.topic)
      return {
        to: 'answered',
        data: { topic: r.topic.id, question: text },
        replies: r.messages,
        prompt: false,
      };
    switch (r.result.kind) {
      case 'clarify':
        return {
          to: 'answered',
          data: { question: text, offered: r.result.hits.map((h) => h.topic.id) },
          replies: r.messages,
          prompt: false,
        };
      // Small talk, refusals and other domains close the conversation: nothing is in progress.
      case 'chitchat':
      case 'creation':
      case 'partisan':
      case 'empty':
        return { to: 'end', replies: r.messages };
      case 'offtopic':
        return { to: 'end', replies: r.messages, effects: [gap('declined', text, r, ctx.locale)] };
      default:
        // "Not sure" and an unknown claim stay to take a pick from the nearest topics.
        return {
          to: 'answered',
          data: { question: text },
          replies: r.messages,
          effects: [gap('declined', text, r, ctx.locale)],
          prompt: false,
        };
    }
  };

  return defineFlow<QaData>({
    name: opts.name,
    version: 1,
    menu: { id: opts.name, ...opts.menu },
    ...(opts.triggers ? { triggers: [{ words: opts.triggers }] } : {}),
    start(ctx, args) {
      const text = args.text ?? args.rest;
      if (text?.trim()) return answer(ctx, text, args.context ? { context: args.context } : {});
      return { to: 'question' };
    },
    steps: {
      question: {
        prompt: (ctx) => [{ text: t(opts.askKey, ctx.locale) }],
        handle(ctx, input) {
          if (!input.text?.trim()) return { to: null, error: { key: 'qa.need_text' } };
          return answer(ctx, input.text, input.context ? { context: input.context } : {});
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
          const question = data.question ?? '';
          if (choice?.startsWith(CHOICE.topicPrefix)) {
            const picked = index.kb.byId.get(choice.slice(CHOICE.topicPrefix.length));
            if (!picked) return { to: null, error: { key: 'core.stale_choice' } };
            // Which topic people meant when the bot was unsure tells the team what to improve.
            const reason: GapReason | undefined = data.offered?.includes(picked.id)
              ? 'clarified'
              : !data.topic && question
                ? 'picked'
                : undefined;
            return {
              to: null,
              data: { topic: picked.id, ...(data.question ? { question: data.question } : {}) },
              replies: [renderAnswer(picked, ctx.locale)],
              ...(reason ? { effects: [gap(reason, question, null, ctx.locale, picked.id)] } : {}),
              prompt: false,
            };
          }
          if (choice === CHOICE.neither) {
            return {
              to: null,
              data: {},
              replies: [{ text: t('qa.neither', ctx.locale) }],
              effects: [gap('neither', question, null, ctx.locale)],
              prompt: false,
            };
          }
          if (topic && choice === CHOICE.more) {
            return { to: null, replies: [renderDetails(topic, ctx.locale)], prompt: false };
          }
          if (topic && choice === CHOICE.sanction) {
            return {
              to: null,
              replies: [renderAnswer(topic, ctx.locale, { mode: 'sanction' })],
              prompt: false,
            };
          }
          if (choice === CHOICE.report) {
            const report = reportTopicFor(data.topic, index);
            if (!report) return { to: null, error: { key: 'core.stale_choice' } };
            return {
              to: null,
              replies: [renderAnswer(report, ctx.locale, { mode: 'report' })],
              prompt: false,
            };
          }
          if (topic && choice === CHOICE.related) {
            return { to: null, replies: [renderRelated(topic, index, ctx.locale)], prompt: false };
          }
          if (topic && (choice === CHOICE.up || choice === CHOICE.down)) {
            const helpful = choice === CHOICE.up;
            const effects: Effect[] = [
              { type: 'qa.feedback', topicId: topic.id, question: data.question ?? null, helpful },
            ];
            if (!helpful && question) effects.push(gap('unhelpful', question, null, ctx.locale, topic.id));
            return {
              to: null,
              replies: [{ text: t(helpful ? 'qa.thanks_up' : 'qa.thanks_down', ctx.locale) }],
              effects,
              prompt: false,
            };
          }
          if (typed && choice === undefined)
            return answer(ctx, typed, {
              ...(input.context ? { context: input.context } : {}),
              ...(data.topic ? { previous: data.topic } : {}),
            });
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
