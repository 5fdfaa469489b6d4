import { describe, expect, it } from 'vitest';
import { loadWordLists } from '../../src/content/words';
import { replyTo } from '../../src/knowledge/answer';
import { type EvalItem, loadSplit, type Split } from '../../src/knowledge/eval';
import {
  type HeldOutAnswer,
  heldOutAnswers,
  scoreThresholds,
  underSetting,
} from '../../src/knowledge/leave-one-out';
import { loadKnowledge } from '../../src/knowledge/load';
import { DEFAULT_THRESHOLD, DEFAULT_TUNING, NO_MODELS, QaIndex } from '../../src/knowledge/search';

const item = (over: Partial<EvalItem>): EvalItem => ({
  question: 'q',
  topic: null,
  verdict: null,
  kind: 'rule',
  ...over,
});

// A chit-chat message answered with a verdict, a right rule answer, a wrong one and a right decline.
const answers: HeldOutAnswer[] = [
  { item: item({ kind: 'chitchat' }), verdict: 'tidak_boleh', verdicts: [null], p: 0.8 },
  { item: item({ topic: 't', verdict: 'boleh' }), verdict: 'boleh', verdicts: ['boleh'], p: 0.6 },
  { item: item({ topic: 't', verdict: 'boleh' }), verdict: 'tidak_boleh', verdicts: ['boleh'], p: 0.1 },
  { item: item({ kind: 'offtopic' }), verdict: null, verdicts: [null], p: 0.99 },
];

describe('scoreThresholds', () => {
  it('withholds only verdicts the model is surer of than the threshold', () => {
    const [high, mid, low] = scoreThresholds(answers, [0.9, 0.7, 0.5]);
    expect(high).toEqual({ threshold: 0.9, strict: 0.5, harmful: 2, fixed: 0, broken: 0 });
    expect(mid).toEqual({ threshold: 0.7, strict: 0.75, harmful: 1, fixed: 1, broken: 0 });
    expect(low).toEqual({ threshold: 0.5, strict: 0.5, harmful: 1, fixed: 1, broken: 1 });
  });

  it('scores the verdicts another topic-model setting gave', () => {
    const [row] = scoreThresholds(underSetting(answers, 0), [0.9]);
    expect(row).toEqual({ threshold: 0.9, strict: 1, harmful: 0, fixed: 0, broken: 0 });
  });
});

describe('heldOutAnswers', () => {
  it('answers each split with models trained on the others, under each topic-model setting', () => {
    const kb = loadKnowledge();
    const lists = loadWordLists();
    const lex = new QaIndex(kb, DEFAULT_THRESHOLD, lists, DEFAULT_TUNING, NO_MODELS).lex;
    const splits = ['dev', 'dev2', 'dev3'].map((name) => ({
      name,
      items: (loadSplit(name as Split) ?? []).slice(0, 40),
    }));
    const seen: string[] = [];
    const answers = heldOutAnswers(
      kb,
      lists,
      lex,
      (s) => seen.push(s),
      [
        {
          topicModelAbove: 2,
          topicModelScoreRatio: 0.4,
          topicModelClarifyAbove: 2,
          topicModelSwitchAbove: 2,
          topicModelAskAbove: 2,
          topicModelRescueAbove: 2,
          topicModelResolveAbove: 2,
          relativeAbove: 2,
          scopeAbove: 2,
          oppositeAbove: 2,
        },
      ],
      splits,
    );
    expect(seen).toEqual(['dev', 'dev2', 'dev3']);
    expect(answers.map((a) => a.item)).toEqual(splits.flatMap((s) => s.items));
    // Without the topic model and the other second opinions, a split's verdicts are those of an index with no models at all.
    const bare = new QaIndex(kb, DEFAULT_THRESHOLD, lists, DEFAULT_TUNING, NO_MODELS);
    for (const a of answers) {
      expect(a.p).toBeGreaterThanOrEqual(0);
      expect(a.p).toBeLessThanOrEqual(1);
      expect(a.verdicts[0]).toBe(replyTo(bare, a.item.question, a.item.lang ?? 'id').topic?.verdict ?? null);
    }
    // The models trained on two small splits do change some answers from the bare index's.
    expect(answers.some((a) => a.verdict !== a.verdicts[0] || a.p > 0.7)).toBe(true);
  });
});
