import { t } from '../content/copy';
import { toPlainText } from '../core/markup';
import type { Choice, Locale, Outbound } from '../core/message';
import { citation } from './citation';
import type { Actor, MessageKind } from './kinds';
import { LABEL_MAX, type Topic } from './schema';
import type { QaIndex, SearchOptions, SearchResult } from './search';

/**
 * Builds what the user sees: the verdict first (one word and a symbol), the one-sentence answer,
 * the legal basis or the source, then choices. The first line answers what was asked: the penalty
 * for a sanction question, the channel and deadline for a report question, the right and its
 * condition for "can X vote / run". Every sentence comes from content.
 */

export const CHOICE = {
  more: 'more',
  related: 'related',
  sanction: 'sanction',
  report: 'report',
  up: 'up',
  down: 'down',
  neither: 'neither',
  topicPrefix: 't:',
} as const;

/** How to frame an answer: by the kind of question it answers. */
export type AnswerMode = 'rule' | 'sanction' | 'report' | 'right';

function basisLine(topic: Topic, locale: Locale): string | undefined {
  if (topic.legal_basis.length) {
    // Citations are written in Indonesian; an English answer shows them in English form.
    const parts = topic.legal_basis.map((b) =>
      b.article
        ? t('qa.article', locale, { law: citation(b.law, locale), article: citation(b.article, locale) })
        : citation(b.law, locale),
    );
    return t('qa.basis', locale, { basis: parts.join('; ') });
  }
  if (topic.sources.length) return t('qa.sources', locale, { sources: topic.sources.join('; ') });
  return undefined;
}

/** A short label for a topic in a list of choices: its own label, else its first phrasing cut to fit. */
export function topicLabel(topic: Topic, locale: Locale): string {
  const own = topic.label?.[locale];
  if (own) return own;
  const q = topic.questions[locale][0]!;
  return q.length <= LABEL_MAX ? q : `${q.slice(0, LABEL_MAX - 1).trimEnd()}…`;
}

export function topicChoice(topic: Topic, locale: Locale): Choice {
  return { id: `${CHOICE.topicPrefix}${topic.id}`, label: topicLabel(topic, locale) };
}

function feedbackChoices(locale: Locale): Choice[] {
  return [
    { id: CHOICE.up, label: t('qa.choice_up', locale), aliases: ['👍', 'membantu', 'helpful'] },
    { id: CHOICE.down, label: t('qa.choice_down', locale), aliases: ['👎', 'tidak membantu', 'not helpful'] },
  ];
}

/**
 * The answer sentence without a leading repeat of the verdict shown just above it
 * ("Tidak boleh. ASN dilarang …" under "❌ Tidak boleh." becomes "ASN dilarang …").
 */
function withoutVerdictLead(answer: string, verdictLine: string): string {
  const label = toPlainText(verdictLine)
    .replace(/^[^\p{L}]+/u, '')
    .replace(/[.!]+$/, '')
    .toLowerCase();
  if (!label || !answer.toLowerCase().startsWith(label)) return answer;
  const rest = answer.slice(label.length);
  const m = /^[.,:;!]\s+/.exec(rest);
  if (!m) return answer;
  const tail = rest.slice(m[0].length);
  return tail ? tail.charAt(0).toUpperCase() + tail.slice(1) : answer;
}

/** The first line for a question of this kind, and whether the answer sentence still follows it. */
function leadLine(topic: Topic, locale: Locale, mode: AnswerMode): { lead: string; withAnswer: boolean } {
  const verdict = t(`qa.verdict.${topic.verdict}`, locale);
  const answer = withoutVerdictLead(topic.answer[locale], verdict);
  if (mode === 'sanction') {
    const penalty =
      topic.penalty?.[locale] ?? (topic.verdict === 'boleh' ? t('qa.no_penalty', locale) : undefined);
    if (penalty) return { lead: `${verdict} ${t('qa.penalty_lead', locale, { penalty })}`, withAnswer: true };
  }
  if (mode === 'report') {
    const channel = topic.channel?.[locale];
    if (channel) return { lead: t('qa.channel_lead', locale, { channel }), withAnswer: true };
    return { lead: t('qa.channel_lead', locale, { channel: answer }), withAnswer: false };
  }
  if (mode === 'right') return { lead: `${verdict} ${answer}`, withAnswer: false };
  return { lead: verdict, withAnswer: true };
}

/** The verdict, the answer and its basis, as one block of text. */
export function answerText(topic: Topic, locale: Locale, mode: AnswerMode = 'rule'): string {
  const verdict = t(`qa.verdict.${topic.verdict}`, locale);
  const { lead, withAnswer } = leadLine(topic, locale, mode);
  const lines = [lead];
  if (withAnswer) lines.push(withoutVerdictLead(topic.answer[locale], verdict));
  const basis = basisLine(topic, locale);
  if (basis) lines.push(basis);
  if (topic.certainty === 'partial') lines.push(t('qa.hedge', locale));
  return lines.join('\n');
}

/** Follow-up choices a rule answer offers: its penalty and where to report, when they apply. */
function followUps(topic: Topic, locale: Locale, mode: AnswerMode): Choice[] {
  const out: Choice[] = [];
  if (topic.kind !== 'rule' || topic.asks !== 'rule') return out;
  if (mode !== 'sanction' && topic.penalty && topic.verdict !== 'boleh')
    out.push({ id: CHOICE.sanction, label: t('qa.choice_sanction', locale) });
  if (topic.verdict === 'tidak_boleh') out.push({ id: CHOICE.report, label: t('qa.choice_report', locale) });
  return out;
}

/**
 * The full answer with "more detail", follow-ups, "related" and the feedback question as choices;
 * `inline` (a question asked inside another flow) leaves the choices out so that flow's own choices
 * stay active.
 */
export function renderAnswer(
  topic: Topic,
  locale: Locale,
  opts: { inline?: boolean; mode?: AnswerMode } = {},
): Outbound {
  const mode = opts.mode ?? 'rule';
  if (opts.inline) return { text: answerText(topic, locale, mode) };
  const report = mode === 'report' ? [{ id: 'm:report', label: t('qa.choice_report_here', locale) }] : [];
  return {
    text: `${answerText(topic, locale, mode)}\n\n${t('qa.helpful', locale)}`,
    choices: [
      { id: CHOICE.more, label: t('qa.choice_more', locale) },
      ...followUps(topic, locale, mode),
      ...report,
      ...(topic.related.length ? [{ id: CHOICE.related, label: t('qa.choice_related', locale) }] : []),
      ...feedbackChoices(locale),
    ],
  };
}

export function renderDetails(topic: Topic, locale: Locale): Outbound {
  const basis = basisLine(topic, locale);
  const extra = topic.kind === 'hoax' && topic.legal_basis.length === 0 ? '' : basis ? `\n${basis}` : '';
  return {
    text: `${topic.details[locale].trim()}${extra}\n\n${t('qa.helpful', locale)}`,
    choices: [
      ...followUps(topic, locale, 'rule'),
      ...(topic.related.length ? [{ id: CHOICE.related, label: t('qa.choice_related', locale) }] : []),
      ...feedbackChoices(locale),
    ],
  };
}

export function renderRelated(topic: Topic, index: QaIndex, locale: Locale): Outbound {
  const related = topic.related.map((id) => index.kb.byId.get(id)).filter((r): r is Topic => r !== undefined);
  if (!related.length) return { text: t('qa.no_related', locale) };
  return { text: t('qa.related_title', locale), choices: related.map((r) => topicChoice(r, locale)) };
}

/** What the bot can do, as choices: the replies that are not answers end with these. */
export function mainChoices(locale: Locale): Choice[] {
  return [
    { id: 'm:qa', label: t('qa.choice_rules', locale) },
    { id: 'm:hoax', label: t('qa.choice_hoax', locale) },
    { id: 'm:report', label: t('qa.choice_report_here', locale) },
  ];
}

/** Asks which of two topics was meant, instead of printing a verdict that may be the wrong one. */
export function renderClarify(topics: readonly Topic[], locale: Locale): Outbound {
  return {
    text: t('qa.clarify', locale),
    choices: [
      ...topics.map((x) => topicChoice(x, locale)),
      { id: CHOICE.neither, label: t('qa.choice_neither', locale) },
    ],
  };
}

/** What the bot says when it does not answer with a verdict. */
export function renderDecline(
  result: SearchResult,
  locale: Locale,
  opts: { hoax?: boolean } = {},
): Outbound[] {
  const u = result.understanding;
  switch (result.kind) {
    case 'chitchat':
      return [{ text: t(`qa.chitchat.${u?.chitchat ?? 'other'}`, locale), choices: mainChoices(locale) }];
    case 'creation':
      return [{ text: t('qa.creation', locale), choices: mainChoices(locale) }];
    case 'partisan':
      return [{ text: t('qa.partisan', locale), choices: mainChoices(locale) }];
    case 'offtopic':
    case 'empty':
      return [{ text: t('qa.offtopic', locale), choices: mainChoices(locale) }];
    case 'clarify':
      return [
        renderClarify(
          result.hits.map((h) => h.topic),
          locale,
        ),
      ];
    case 'unknown_claim': {
      const near = result.hits.slice(0, 3).map((h) => topicChoice(h.topic, locale));
      const offer = { id: 'm:report', label: t('qa.choice_report_hoax', locale) };
      return [{ text: t('qa.hoax_unknown', locale), choices: [offer, ...near] }];
    }
    default: {
      const near = result.hits.slice(0, 3).map((h) => topicChoice(h.topic, locale));
      if (opts.hoax)
        return [{ text: t('qa.hoax_unknown', locale), ...(near.length ? { choices: near } : {}) }];
      const lead = t(near.length ? 'qa.unsure' : 'qa.unsure_none', locale);
      return [
        { text: `${lead}\n\n${t('qa.ask_person', locale)}`, ...(near.length ? { choices: near } : {}) },
      ];
    }
  }
}

export interface QaReply {
  result: SearchResult;
  /** The topic answered, or null when the reply is not an answer (chit-chat, refusal, clarifying question, decline). */
  topic: Topic | null;
  /** What kind of message it was, and about whom. */
  kind: MessageKind;
  actor: Actor;
  /** How the answer was framed. */
  mode: AnswerMode;
  messages: Outbound[];
}

export interface ReplyOptions extends SearchOptions {
  /** The "Cek hoaks" entry: every message is a claim to check. */
  hoax?: boolean;
  inline?: boolean;
}

export function modeFor(kind: MessageKind, asksRight: boolean): AnswerMode {
  if (kind === 'sanction') return 'sanction';
  if (kind === 'report') return 'report';
  if (kind === 'rule' && asksRight) return 'right';
  return 'rule';
}

/** One message in, what the bot replies out: the single path the flows, the CLI and the eval share. */
export function replyTo(index: QaIndex, text: string, locale: Locale, opts: ReplyOptions = {}): QaReply {
  const { hoax, inline, ...search } = opts;
  const result = index.search(text, { ...search, ...(hoax ? { claimOnly: true } : {}) });
  const u = result.understanding;
  const kind = u?.kind ?? 'rule';
  const actor = u?.actor ?? 'none';
  const best = result.hits[0]?.topic;
  const mode = modeFor(kind, u?.asksRight ?? false);
  if (result.kind === 'answer' && best) {
    // A hoax clarification has its own framing; a sanction question answered by a reporting topic
    // ("kalau terbukti, dihukum bawaslu?") leads with the channel.
    const topicMode: AnswerMode =
      best.kind === 'hoax' ? 'rule' : mode === 'sanction' && best.asks === 'report' ? 'report' : mode;
    return {
      result,
      topic: best,
      kind,
      actor,
      mode: topicMode,
      messages: [renderAnswer(best, locale, { ...(inline ? { inline: true } : {}), mode: topicMode })],
    };
  }
  return {
    result,
    topic: null,
    kind,
    actor,
    mode,
    messages: renderDecline(result, locale, hoax ? { hoax } : {}),
  };
}
