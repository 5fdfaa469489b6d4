import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, type FlowCtx, type FlowDef, type Transition } from '../src/core/flow';
import type { Outbound } from '../src/core/message';
import { CHOICE, renderAnswer, renderDetails, renderRelated, replyTo } from '../src/knowledge/answer';
import type { QaIndex } from '../src/knowledge/search';
import { defaultIndex } from '../src/knowledge/service';

/**
 * Questions in free text. After a reply the flow rests on `answered`, a settled step: nothing is in
 * progress (commands and global words act as on a fresh chat, the answer is never re-sent), but new
 * text there is simply the next question. Its buttons carry the topic (`qa:more:<topic>`), so a tap
 * on an old answer's "more detail" or 👍 still works later, even in the middle of a report. The
 * `hoax` flow is the same conversation limited to hoax clarifications.
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

/** The answer's buttons named after the flow and the topic, so they mean the same thing later. */
function lasting(flow: string, topic: string | undefined, messages: Outbound[]): Outbound[] {
  const id = (c: string) => {
    if (c.startsWith(CHOICE.topicPrefix)) return `${flow}:${c}`;
    if (topic && [CHOICE.more, CHOICE.related, CHOICE.up, CHOICE.down].some((x) => x === c)) {
      return `${flow}:${c}:${topic}`;
    }
    return c;
  };
  return messages.map((m) =>
    m.choices ? { ...m, choices: m.choices.map((c) => ({ ...c, id: id(c.id) })) } : m,
  );
}

/** `qa:more:<topic>` → { action: 'more', topic }; `qa:t:<topic>` → { action: 't:', topic }. */
function button(flow: string, choice: string | undefined): { action: string; topic?: string } | undefined {
  if (!choice?.startsWith(`${flow}:`)) return choice ? { action: choice } : undefined;
  const rest = choice.slice(flow.length + 1);
  if (rest.startsWith(CHOICE.topicPrefix)) return { action: CHOICE.topicPrefix, topic: rest.slice(2) };
  const [action, topic] = rest.split(':');
  return { action: action!, ...(topic ? { topic } : {}) };
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
    const replies = lasting(opts.name, r.topic?.id, r.messages);
    if (r.topic)
      return {
        to: 'answered',
        data: { topic: r.topic.id, question: text },
        replies,
        prompt: false,
      };
    // Partisan and out-of-domain replies close the conversation; "not sure" stays to take a pick.
    if (r.result.kind === 'partisan' || r.result.kind === 'offtopic' || r.result.kind === 'empty') {
      return { to: 'end', replies };
    }
    return { to: 'answered', data: { question: text }, replies, prompt: false };
  };

  /** A tap on one of the answer's buttons; `data` is what the flow knows when the answer is the latest. */
  const onButton = (ctx: FlowCtx, choice: string, data: QaData): Transition<QaData> | undefined => {
    const index = indexOf(ctx);
    const b = button(opts.name, choice);
    if (!b) return undefined;
    const topicId = b.topic ?? data.topic;
    const topic = topicId ? index.kb.byId.get(topicId) : undefined;
    const question = topic?.id === data.topic ? (data.question ?? null) : null;
    if (b.action === CHOICE.topicPrefix) {
      if (!topic) return { to: null, error: { key: 'core.stale_choice' } };
      return {
        to: 'answered',
        data: { ...data, topic: topic.id },
        replies: lasting(opts.name, topic.id, [renderAnswer(topic, ctx.locale)]),
        prompt: false,
      };
    }
    if (topic && b.action === CHOICE.more) {
      const replies = lasting(opts.name, topic.id, [renderDetails(topic, ctx.locale)]);
      return { to: 'answered', data: { ...data, topic: topic.id }, replies, prompt: false };
    }
    if (topic && b.action === CHOICE.related) {
      const replies = lasting(opts.name, topic.id, [renderRelated(topic, index, ctx.locale)]);
      return { to: 'answered', data: { ...data, topic: topic.id }, replies, prompt: false };
    }
    if (topic && (b.action === CHOICE.up || b.action === CHOICE.down)) {
      const helpful = b.action === CHOICE.up;
      return {
        to: 'end',
        replies: [{ text: t(helpful ? 'qa.thanks_up' : 'qa.thanks_down', ctx.locale) }],
        effects: [{ type: 'qa.feedback', topicId: topic.id, question, helpful }],
      };
    }
    return undefined;
  };

  return defineFlow<QaData>({
    name: opts.name,
    version: 1,
    menu: { id: opts.name, ...opts.menu },
    ...(opts.triggers ? { triggers: [{ words: opts.triggers }] } : {}),
    keepsButtons: true,
    start(ctx, args) {
      if (args.choice)
        return onButton(ctx, args.choice, {}) ?? { to: 'end', error: { key: 'core.stale_choice' } };
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
        settled: true,
        prompt(ctx, data) {
          const topic = data.topic ? indexOf(ctx).kb.byId.get(data.topic) : undefined;
          return topic
            ? lasting(opts.name, topic.id, [renderAnswer(topic, ctx.locale)])
            : [{ text: t('qa.next', ctx.locale) }];
        },
        handle(ctx, input, data) {
          const typed = input.text?.trim() ?? '';
          const choice =
            input.choice ??
            (data.topic && words('qa.helpful_yes').includes(typed)
              ? `${opts.name}:${CHOICE.up}:${data.topic}`
              : data.topic && words('qa.helpful_no').includes(typed)
                ? `${opts.name}:${CHOICE.down}:${data.topic}`
                : undefined);
          const tapped = choice ? onButton(ctx, choice, data) : undefined;
          if (tapped) return tapped;
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
