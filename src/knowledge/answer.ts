import { t } from '../content/copy';
import { toPlainText } from '../core/markup';
import type { Choice, Locale, Outbound } from '../core/message';
import { citation } from './citation';
import type { Topic } from './schema';
import type { QaIndex, SearchResult } from './search';

/**
 * Builds what the user sees: the verdict first (one word and a symbol), the one-sentence answer,
 * the legal basis or the source, then choices. Every sentence comes from content.
 */

export const CHOICE = {
  more: 'more',
  related: 'related',
  up: 'up',
  down: 'down',
  topicPrefix: 't:',
} as const;

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

/** A short label for a topic in a list of choices: the first way people ask it. */
export function topicLabel(topic: Topic, locale: Locale): string {
  return topic.questions[locale][0]!;
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

/** The verdict, the answer and its basis, as one block of text. */
export function answerText(topic: Topic, locale: Locale): string {
  const verdict = t(`qa.verdict.${topic.verdict}`, locale);
  const lines = [verdict, withoutVerdictLead(topic.answer[locale], verdict)];
  const basis = basisLine(topic, locale);
  if (basis) lines.push(basis);
  if (topic.certainty === 'partial') lines.push(t('qa.hedge', locale));
  return lines.join('\n');
}

/**
 * The full answer with "more detail", "related" and the feedback question as choices; `inline`
 * (a question asked inside another flow) leaves the choices out so that flow's own choices stay active.
 */
export function renderAnswer(topic: Topic, locale: Locale, opts: { inline?: boolean } = {}): Outbound {
  if (opts.inline) return { text: answerText(topic, locale) };
  return {
    text: `${answerText(topic, locale)}\n\n${t('qa.helpful', locale)}`,
    choices: [
      { id: CHOICE.more, label: t('qa.choice_more', locale) },
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

function mainChoices(locale: Locale): Choice[] {
  return [
    { id: 'm:qa', label: t('qa.choice_rules', locale) },
    { id: 'm:hoax', label: t('qa.choice_hoax', locale) },
  ];
}

/** What the bot says when it will not answer: not sure, out of domain, partisan, or an unknown claim. */
export function renderDecline(
  result: SearchResult,
  locale: Locale,
  opts: { hoax?: boolean } = {},
): Outbound[] {
  if (result.kind === 'partisan') return [{ text: t('qa.partisan', locale), choices: mainChoices(locale) }];
  if (result.kind === 'offtopic' || result.kind === 'empty') {
    return [{ text: t('qa.offtopic', locale), choices: mainChoices(locale) }];
  }
  const near = result.hits.slice(0, 3).map((h) => topicChoice(h.topic, locale));
  const lead = opts.hoax
    ? t('qa.hoax_unknown', locale)
    : t(near.length ? 'qa.unsure' : 'qa.unsure_none', locale);
  const text = opts.hoax ? lead : `${lead}\n\n${t('qa.ask_person', locale)}`;
  if (opts.hoax && near.length) return [{ text }, { text: t('qa.related_title', locale), choices: near }];
  return [{ text, ...(near.length ? { choices: near } : {}) }];
}

export interface QaReply {
  result: SearchResult;
  /** The topic answered, or null when the bot declined. */
  topic: Topic | null;
  messages: Outbound[];
}

/** One question in, what the bot replies out: the single path the flow, the CLI and the eval share. */
export function replyTo(
  index: QaIndex,
  text: string,
  locale: Locale,
  opts: { hoax?: boolean; inline?: boolean } = {},
): QaReply {
  const result = index.search(text, opts.hoax ? { kind: 'hoax' } : {});
  const best = result.hits[0]?.topic;
  if (result.kind === 'answer' && best) {
    return {
      result,
      topic: best,
      messages: [renderAnswer(best, locale, opts.inline ? { inline: true } : {})],
    };
  }
  return { result, topic: null, messages: renderDecline(result, locale, opts.hoax ? { hoax: true } : {}) };
}
