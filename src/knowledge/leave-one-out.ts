import { replyTo } from './answer';
import { type EvalItem, isHarmful, loadSplit, TUNED_SPLITS } from './eval';
import type { KnowledgeBase } from './load';
import type { Lexicon } from './normalize';
import { judgeRefusal, trainRefusal } from './refusal';
import { trainRelativeModel } from './relative-model';
import { trainScopeModel } from './scope-model';
import { DEFAULT_THRESHOLD, DEFAULT_TUNING, QaIndex, type Tuning } from './search';
import { trainTopicModel } from './topic-model';
import { trainVerdictModel } from './verdict-model';

/**
 * How the learned models' thresholds would do on a writer the models never saw: each tuned split in
 * turn is left out, the models are trained on the others, and that split's questions are answered
 * without the refusal model's veto, once per topic-model setting asked for. The veto at each
 * threshold then only withholds verdicts, so one pass scores every refusal threshold.
 */

/** A topic-model setting to try. */
export type TopicSetting = Pick<Tuning, 'topicModelAbove' | 'topicModelScoreRatio'> & Partial<Tuning>;

export interface HeldOutAnswer {
  item: EvalItem;
  /** The verdict without the refusal model's veto, under the default topic-model setting. */
  verdict: string | null;
  /** The same under each extra setting asked for, in order. */
  verdicts: (string | null)[];
  /** The refusal model's probability that the message must not get a verdict. */
  p: number;
}

export interface ThresholdRow {
  threshold: number;
  strict: number;
  harmful: number;
  /** Verdicts withheld where none was expected. */
  fixed: number;
  /** Right verdicts withheld. */
  broken: number;
}

export function heldOutAnswers(
  kb: KnowledgeBase,
  lists: Map<string, string[]>,
  lex: Lexicon,
  progress: (split: string) => void = () => {},
  settings: readonly TopicSetting[] = [],
  splits: readonly { name: string; items: readonly EvalItem[] }[] = TUNED_SPLITS.map((name) => ({
    name,
    items: loadSplit(name) ?? [],
  })),
): HeldOutAnswer[] {
  const rules = new Set(kb.topics.filter((t) => t.kind === 'rule').map((t) => t.id));
  const phrasings = kb.topics
    .filter((t) => rules.has(t.id))
    .flatMap((t) => [...t.questions.id, ...t.questions.en].map((question) => ({ question, topic: t.id })));
  const out: HeldOutAnswer[] = [];
  for (const fold of splits) {
    const others = splits.filter((s) => s !== fold).flatMap((s) => s.items);
    const refusal = trainRefusal(
      others.map((i) => ({ question: i.question, kind: i.kind ?? 'rule' })),
      lex,
      [],
    );
    const topics = trainTopicModel(
      [
        ...phrasings,
        ...others.flatMap((i) =>
          i.topic && rules.has(i.topic) ? [{ question: i.question, topic: i.topic }] : [],
        ),
      ],
      lex,
      [],
    );
    const relative = trainRelativeModel(
      others.flatMap((i) => (i.actor ? [{ question: i.question, actor: i.actor }] : [])),
      lex,
      [],
    );
    const scope = trainScopeModel(others, lex, []);
    const verdict = trainVerdictModel(others, lex, []);
    // One index per fold: building it costs more than answering the split, and only the
    // topic-model setting (read at each question) changes between passes.
    const tuning: Tuning = { ...DEFAULT_TUNING };
    const index = new QaIndex(kb, DEFAULT_THRESHOLD, lists, tuning, { topics, relative, scope, verdict });
    const verdictOf = (item: EvalItem) =>
      replyTo(index, item.question, item.lang ?? 'id').topic?.verdict ?? null;
    const extra = settings.map((setting) => {
      Object.assign(tuning, DEFAULT_TUNING, setting);
      return fold.items.map(verdictOf);
    });
    Object.assign(tuning, DEFAULT_TUNING);
    fold.items.forEach((item, i) => {
      out.push({
        item,
        verdict: verdictOf(item),
        verdicts: extra.map((v) => v[i]!),
        p: judgeRefusal(refusal, item.question, lex).p,
      });
    });
    progress(fold.name);
  }
  return out;
}

/** The answers as they were under the `setting`-th extra topic-model setting. */
export function underSetting(answers: readonly HeldOutAnswer[], setting: number): HeldOutAnswer[] {
  return answers.map((a) => ({ ...a, verdict: a.verdicts[setting] ?? null }));
}

export function scoreThresholds(
  answers: readonly HeldOutAnswer[],
  thresholds: readonly number[],
): ThresholdRow[] {
  return thresholds.map((threshold) => {
    let strict = 0;
    let harmful = 0;
    let fixed = 0;
    let broken = 0;
    for (const a of answers) {
      const vetoed = a.verdict !== null && a.p > threshold;
      const verdict = vetoed ? null : a.verdict;
      if (verdict === a.item.verdict) strict++;
      if (isHarmful({ item: a.item, verdict })) harmful++;
      if (vetoed && a.item.verdict === null) fixed++;
      if (vetoed && a.verdict === a.item.verdict) broken++;
    }
    return { threshold, strict: strict / answers.length, harmful, fixed, broken };
  });
}
