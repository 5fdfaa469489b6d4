import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/core/markup';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import { loadScopeModel, outOfScopeProbability, trainScopeModel } from '../../src/knowledge/scope-model';
import { loadLearnedModels, QaIndex } from '../../src/knowledge/search';

const kb = loadKnowledge();
const withModel = new QaIndex(kb);
const { refusal, topics, relative } = loadLearnedModels();
const withoutScope = new QaIndex(kb, undefined, undefined, undefined, { refusal, topics, relative });

describe('the scope model file', () => {
  it('loads as trained', () => {
    const m = loadScopeModel();
    expect(m.totals[0]).toBeGreaterThan(m.totals[1]);
    expect(m.totals[1]).toBeGreaterThan(1000);
  });

  it('is refused when a weight is not a number', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'scope-')), 'model.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 1, trainedOn: [], totals: [1, 1], bias: 0, weights: { gaji: null } }),
    );
    expect(() => loadScopeModel(bad)).toThrow(/feature "gaji"/);
  });
});

describe('training', () => {
  const lex = withModel.lex;
  const model = trainScopeModel(
    [
      { question: 'gaji pns naik berapa persen?', kind: 'offtopic', verdict: null },
      { question: 'cara bikin skck online?', kind: 'offtopic', verdict: null },
      { question: 'honor kpps berapa?', kind: 'rule', verdict: null },
      { question: 'pns boleh ikut kampanye?', kind: 'rule', verdict: 'tidak_boleh' },
      { question: 'pns boleh like postingan caleg?', kind: 'rule', verdict: 'tidak_boleh' },
      // A claim or a request nobody answers has a reply of its own: not what this model learns.
      { question: 'katanya gaji pns dipotong buat kampanye, bener?', kind: 'claim', verdict: null },
      { question: 'bikinin pantun buat caleg', kind: 'creation', verdict: null },
    ],
    lex,
    ['toy'],
  );

  it('learns which messages no topic answers: off-topic ones and questions without a verdict', () => {
    expect(model.totals).toEqual([4, 3]);
    expect(outOfScopeProbability(model, 'gaji pppk berapa?', lex)).toBeGreaterThan(0.5);
    expect(outOfScopeProbability(model, 'pns boleh ikut kampanye caleg?', lex)).toBeLessThan(0.5);
  });
});

describe('a message the rules answered that no topic answers', () => {
  it('gets no verdict: an election question gets the topics found, with whom to ask', () => {
    const q = 'honor jadi anggota KPPS berapa ya?';
    // Without the model the rules answer or, torn between two honorer topics, ask which one: either
    // is wrong for a question about a poll worker's fee.
    expect(['answer', 'clarify']).toContain(replyTo(withoutScope, q, 'id').result.kind);
    const r = replyTo(withModel, q, 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unsure');
    expect(r.result.features?.fallback).toMatch(/^scope model/);
    expect(toPlainText(r.messages[0]!.text)).toMatch(/Bawaslu/);
  });

  it('gets no verdict: a message outside elections is told what the bot can help with', () => {
    const q = 'cara bikin SKCK online gimana min?';
    expect(replyTo(withoutScope, q, 'id').topic).not.toBeNull();
    const r = replyTo(withModel, q, 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('offtopic');
    expect(r.result.features?.fallback).toMatch(/^scope model/);
    expect(toPlainText(r.messages[0]!.text)).toMatch(/di luar yang bisa saya bantu/);
  });

  it('keeps the answer to a question a topic answers', () => {
    const r = replyTo(withModel, 'pns boleh like postingan capres?', 'id');
    expect(r.topic?.id).toBe('medsos-like');
  });

  it('leaves text the user did not write (a forward, a screenshot) to the hoax check', () => {
    const q = 'cara bikin SKCK online gimana min?';
    expect(withModel.search(q, { forwarded: true }).kind).toBe(
      withoutScope.search(q, { forwarded: true }).kind,
    );
  });
});
