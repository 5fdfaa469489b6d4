import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import type { Effect } from '../src/core/effects';
import { defineFlow, type FlowCtx, type FlowDef, type StartArgs, type Transition } from '../src/core/flow';
import type { Locale, Outbound } from '../src/core/message';
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
 * Questions in free text. After a reply the flow rests on `answered`, a settled step: nothing is in
 * progress (commands and global words act as on a fresh chat, the answer is never re-sent), but new
 * text there is simply the next question ("sanksinya apa?" then means the penalty of the topic just
 * answered). Its buttons carry the topic (`qa:more:<topic>`), so a tap on an old answer's "more
 * detail", penalty, where to report or 👍 still works later, even in the middle of a report. When
 * two topics with different verdicts fit equally, the bot asks which one instead of guessing. Small
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
  /** The nearest topics offered when the bot was not sure or did not know a claim. */
  near?: string[];
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

/** Buttons that act on the topic of the answer they came with. */
const TOPIC_ACTIONS: readonly string[] = [
  CHOICE.more,
  CHOICE.related,
  CHOICE.sanction,
  CHOICE.report,
  CHOICE.up,
  CHOICE.down,
];

/** The answer's buttons named after the flow and the topic, so they mean the same thing later. */
function lasting(flow: string, topic: string | undefined, messages: Outbound[]): Outbound[] {
  const id = (c: string) => {
    if (c.startsWith(CHOICE.topicPrefix) || c === CHOICE.neither) return `${flow}:${c}`;
    if (topic && TOPIC_ACTIONS.includes(c)) return `${flow}:${c}:${topic}`;
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
    const replies = lasting(opts.name, r.topic?.id, r.messages);
    if (r.topic)
      return {
        to: 'answered',
        data: { topic: r.topic.id, question: text },
        replies,
        // Counted per day for the dashboard (declined questions are counted from the gap inbox).
        effects: [{ type: 'qa.answered' }],
        prompt: false,
      };
    switch (r.result.kind) {
      case 'clarify':
        return {
          to: 'answered',
          data: { question: text, offered: r.result.hits.map((h) => h.topic.id) },
          replies,
          prompt: false,
        };
      // Small talk, refusals and other domains close the conversation: nothing is in progress.
      case 'chitchat':
      case 'creation':
      case 'partisan':
      case 'empty':
        return { to: 'end', replies };
      case 'offtopic':
        return { to: 'end', replies, effects: [gap('declined', text, r, ctx.locale)] };
      default:
        // "Not sure" and an unknown claim stay to take a pick from the nearest topics.
        return {
          to: 'answered',
          data: { question: text, near: r.result.hits.map((h) => h.topic.id) },
          replies,
          effects: [gap('declined', text, r, ctx.locale)],
          prompt: false,
        };
    }
  };

  /** A tap on one of the answer's buttons; `data` is what the flow knows when the answer is the latest. */
  const onButton = (ctx: FlowCtx, choice: string, data: QaData): Transition<QaData> | undefined => {
    const index = indexOf(ctx);
    const b = button(opts.name, choice);
    if (!b) return undefined;
    const topicId = b.topic ?? data.topic;
    const topic = topicId ? index.kb.byId.get(topicId) : undefined;
    // The question belongs to the answer only while that answer is the latest one: the topic just
    // answered, or one the latest clarifying question or "not sure" reply offered.
    const latest =
      b.topic === undefined ||
      topic?.id === data.topic ||
      (topic !== undefined && [...(data.offered ?? []), ...(data.near ?? [])].includes(topic.id));
    const question = latest ? (data.question ?? '') : '';
    const keep = (id: string) => ({ ...data, topic: id });
    if (b.action === CHOICE.topicPrefix) {
      if (!topic) return { to: null, error: { key: 'core.stale_choice' } };
      // Which topic people meant when the bot was unsure tells the team what to improve.
      const reason: GapReason | undefined = data.offered?.includes(topic.id)
        ? 'clarified'
        : !data.topic && question && data.near?.includes(topic.id)
          ? 'picked'
          : undefined;
      return {
        to: 'answered',
        data: { topic: topic.id, ...(data.question ? { question: data.question } : {}) },
        replies: lasting(opts.name, topic.id, [renderAnswer(topic, ctx.locale)]),
        ...(reason ? { effects: [gap(reason, question, null, ctx.locale, topic.id)] } : {}),
        prompt: false,
      };
    }
    if (b.action === CHOICE.neither) {
      return {
        to: 'end',
        replies: [{ text: t('qa.neither', ctx.locale) }],
        ...(question ? { effects: [gap('neither', question, null, ctx.locale)] } : {}),
      };
    }
    if (topic && b.action === CHOICE.more) {
      const replies = lasting(opts.name, topic.id, [renderDetails(topic, ctx.locale)]);
      return { to: 'answered', data: keep(topic.id), replies, prompt: false };
    }
    if (topic && b.action === CHOICE.sanction) {
      const replies = lasting(opts.name, topic.id, [renderAnswer(topic, ctx.locale, { mode: 'sanction' })]);
      return { to: 'answered', data: keep(topic.id), replies, prompt: false };
    }
    if (b.action === CHOICE.report) {
      const report = reportTopicFor(topic?.id, index);
      if (!report) return { to: null, error: { key: 'core.stale_choice' } };
      const replies = lasting(opts.name, report.id, [renderAnswer(report, ctx.locale, { mode: 'report' })]);
      // Where to report is a view of the answer: "sanksinya apa?" next still means that answer's act.
      return { to: 'answered', data: keep(topic?.id ?? report.id), replies, prompt: false };
    }
    if (topic && b.action === CHOICE.related) {
      const replies = lasting(opts.name, topic.id, [renderRelated(topic, index, ctx.locale)]);
      return { to: 'answered', data: keep(topic.id), replies, prompt: false };
    }
    if (topic && (b.action === CHOICE.up || b.action === CHOICE.down)) {
      const helpful = b.action === CHOICE.up;
      const effects: Effect[] = [
        { type: 'qa.feedback', topicId: topic.id, question: question || null, helpful },
      ];
      if (!helpful && question) effects.push(gap('unhelpful', question, null, ctx.locale, topic.id));
      return {
        to: 'end',
        replies: [{ text: t(helpful ? 'qa.thanks_up' : 'qa.thanks_down', ctx.locale) }],
        effects,
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
