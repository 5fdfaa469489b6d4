import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import { loadLearnedModels, QaIndex } from '../../src/knowledge/search';
import { loadVerdictModel, oppositeProbability, trainVerdictModel } from '../../src/knowledge/verdict-model';

const kb = loadKnowledge();
const models = loadLearnedModels();
const withModel = new QaIndex(kb);
const lex = withModel.lex;

describe('the verdict model file', () => {
  it('loads as trained, with every verdict seen', () => {
    const m = loadVerdictModel();
    expect(m.totals).toHaveLength(7);
    for (const n of m.totals) expect(n).toBeGreaterThan(50);
  });

  it('is refused when a feature row is malformed', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'verdict-')), 'model.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        trainedOn: [],
        totals: [1, 1, 1, 1, 1, 1, 1],
        bias: [0, 0, 0, 0, 0, 0, 0],
        weights: { pns: [1, 2] },
      }),
    );
    expect(() => loadVerdictModel(bad)).toThrow(/feature "pns"/);
  });
});

describe('an answer whose verdict the words contradict', () => {
  // A toy model sure that liking a post is allowed: the rule topic says it is not.
  const toy = trainVerdictModel(
    [
      ...Array.from({ length: 6 }, () => ({ question: 'pns boleh like postingan capres', verdict: 'boleh' })),
      { question: 'pns boleh ikut kampanye', verdict: 'tidak_boleh' },
      { question: 'hari ini cerah', verdict: null },
    ],
    lex,
    ['toy'],
  );
  const contradicted = new QaIndex(kb, undefined, undefined, undefined, { ...models, verdict: toy });
  const q = 'pns boleh like postingan capres?';

  it('reads the opposite verdict from the words', () => {
    expect(oppositeProbability(toy, q, lex, 'tidak_boleh')).toBeGreaterThan(0.95);
    expect(oppositeProbability(toy, q, lex, 'tergantung')).toBe(0);
  });

  it('gets neither verdict: the topics found are offered instead', () => {
    expect(replyTo(withModel, q, 'id').topic?.id).toBe('medsos-like');
    const r = replyTo(contradicted, q, 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unsure');
    expect(r.result.features?.fallback).toMatch(/^verdict model/);
    expect(r.messages[0]?.choices?.map((c) => c.id)).toContain('t:medsos-like');
  });

  it('keeps an answer the trained model agrees with', () => {
    const r = replyTo(
      withModel,
      'istri saya PNS, saya pedagang. boleh saya tempel stiker caleg di gerobak saya?',
      'id',
    );
    expect(r.topic?.id).toBe('keluarga-asn');
  });
});
