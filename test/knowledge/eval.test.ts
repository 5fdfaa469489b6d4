import { describe, expect, it } from 'vitest';
import { loadEvalSet, runEval, score } from '../../src/knowledge/eval';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';

/**
 * Accuracy floors, set just under what `npm run eval` reaches, so a change to content, slang or
 * retrieval that makes answers worse fails CI. Latency is measured by `npm run bench`, not here.
 */
const FLOORS = {
  topicAccuracy: 0.9,
  verdictAccuracy: 0.94,
  oosPrecision: 0.95,
  oosRecall: 0.92,
};

describe('eval set test/eval/qa.jsonl', () => {
  const items = loadEvalSet();
  const s = score(runEval(new QaIndex(loadKnowledge()), items));

  it('is big enough and holds out-of-scope questions', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(items.filter((i) => i.topic === null).length).toBeGreaterThanOrEqual(30);
  });

  it('names only topics that exist, with their verdicts', () => {
    const kb = loadKnowledge();
    for (const i of items) {
      if (i.topic === null) {
        expect(i.verdict).toBeNull();
        continue;
      }
      expect(kb.byId.get(i.topic)?.verdict, i.question).toBe(i.verdict);
    }
  });

  it('keeps its questions out of the content question lists', () => {
    const kb = loadKnowledge();
    const norm = (q: string) =>
      q
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    const content = new Set(kb.topics.flatMap((t) => [...t.questions.id, ...t.questions.en]).map(norm));
    expect(items.filter((i) => content.has(norm(i.question))).map((i) => i.question)).toEqual([]);
  });

  it.each(Object.entries(FLOORS))('%s stays at or above its floor', (key, floor) => {
    expect(s[key as keyof typeof FLOORS]).toBeGreaterThanOrEqual(floor);
  });
});
