import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../src/knowledge/eval';
import { type HeldOutAnswer, scoreThresholds, underSetting } from '../../src/knowledge/leave-one-out';

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
