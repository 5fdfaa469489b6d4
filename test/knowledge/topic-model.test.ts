import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import { loadLearnedModels, QaIndex } from '../../src/knowledge/search';
import { loadTopicModel, topicPosterior, trainTopicModel } from '../../src/knowledge/topic-model';

const kb = loadKnowledge();
const models = loadLearnedModels();
const withModel = new QaIndex(kb);
const retrievalOnly = new QaIndex(kb, undefined, undefined, undefined, { refusal: models.refusal });

describe('the topic model file', () => {
  it('is refused when a feature row is malformed', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'topics-')), 'model.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 1, trainedOn: [], topics: { a: 2 }, features: { pns: { a: 0 } } }),
    );
    expect(() => loadTopicModel(bad)).toThrow(/feature "pns"/);
  });
});

describe('training', () => {
  const lex = withModel.lex;
  const model = trainTopicModel(
    [
      { question: 'pns boleh like postingan caleg', topic: 'like' },
      { question: 'asn like foto capres', topic: 'like' },
      { question: 'pns pasang spanduk caleg', topic: 'spanduk' },
      { question: 'asn tempel spanduk di rumah', topic: 'spanduk' },
      { question: 'pns pasang stiker', topic: 'spanduk' },
    ],
    lex,
    ['toy'],
  );

  it('counts examples per topic and keeps features seen twice or more', () => {
    expect(model.topics).toEqual({ like: 2, spanduk: 3 });
    expect(model.features.spanduk).toEqual({ spanduk: 2 });
    expect(model.features.foto).toBeUndefined();
  });

  it('gives each candidate a probability, the one whose examples share the words first', () => {
    const p = topicPosterior(model, 'bolehkah asn like postingan', lex, ['spanduk', 'like']);
    expect(p.get('like')!).toBeGreaterThan(0.9);
    expect(p.get('like')! + p.get('spanduk')!).toBeCloseTo(1, 9);
  });
});

describe('a question retrieval ranks a sibling topic first for', () => {
  it('what a sanction means, asked before the story: the sanction, not the act', () => {
    const q = 'hukuman disiplin sedang itu apa aja? rekan sy pns kena karena pasang spanduk caleg';
    expect(retrievalOnly.search(q).hits[0]?.topic.id).toBe('kampanye-spanduk');
    const r = withModel.search(q);
    expect(r.hits[0]?.topic.id).toBe('sanksi-disiplin');
    expect(r.features?.fallback).toMatch(/^topic model/);
  });

  it("sharing KPU's own poster: allowed, not the rule against sharing campaign content", () => {
    const q = 'pns boleh share poster kpu di grup wa?';
    expect(retrievalOnly.search(q).hits[0]?.topic.verdict).toBe('tidak_boleh');
    const r = replyTo(withModel, q, 'id');
    expect(r.topic?.id).toBe('medsos-info-kpu');
    expect(r.topic?.verdict).toBe('boleh');
  });
});

describe('a question the topic model reads as another rule, short of sure', () => {
  // Retrieval reads "cuti di luar tanggungan negara" as the rule that annual leave is not enough
  // for a candidate; the model leans (0.57) to the spouse's leave, whose verdict differs.
  const q =
    'Apakah ASN yang mendampingi suaminya (calon bupati) wajib mengambil cuti di luar tanggungan negara, atau cukup cuti tahunan?';

  it('is asked back, both topics as choices, with no verdict', () => {
    expect(retrievalOnly.search(q)).toMatchObject({ kind: 'answer' });
    expect(retrievalOnly.search(q).hits[0]?.topic.id).toBe('calon-cuti-tidak-cukup');
    const r = replyTo(withModel, q, 'id');
    expect(r.result.kind).toBe('clarify');
    expect(r.result.hits.map((h) => h.topic.id)).toEqual(['calon-cuti-tidak-cukup', 'pasangan-calon-cltn']);
    expect(r.result.features?.fallback).toMatch(/ask which$/);
    expect(r.topic ?? null).toBeNull();
    expect(r.messages[0]!.choices?.length).toBeGreaterThanOrEqual(2);
  });

  it('is not asked back for a sanction question: either answer gives the penalty first', () => {
    // The model leans (0.87) to the ethics sanction over the rule on likes; both lead with the penalty.
    const r = replyTo(withModel, 'pns like postingan caleg sanksinya apa min', 'id');
    expect(r.result.understanding?.kind).toBe('sanction');
    expect(r.result.kind).toBe('answer');
    expect(r.topic?.id).toBe('medsos-like');
  });
});

describe('the topic model', () => {
  it('never moves a rule for the actor asked about behind one written for someone else', () => {
    const r = withModel.search('pensiunan guru boleh jd saksi partai di tps?');
    expect(r.understanding?.actor).toBe('retiree');
    expect(r.hits[0]?.topic.id).toBe('pensiunan');
  });

  it('never reorders hoax clarifications', () => {
    const q = 'katanya sirekap itu hasil resmi pemilu, bener ga?';
    expect(withModel.search(q).hits[0]?.topic.id).toBe(retrievalOnly.search(q).hits[0]?.topic.id);
    expect(withModel.search(q).hits[0]?.topic.kind).toBe('hoax');
  });
});
