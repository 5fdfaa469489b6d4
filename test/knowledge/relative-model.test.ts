import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import {
  loadRelativeModel,
  relativeProbability,
  trainRelativeModel,
} from '../../src/knowledge/relative-model';
import { DEFAULT_TUNING, loadLearnedModels, QaIndex } from '../../src/knowledge/search';
import { trainTopicModel } from '../../src/knowledge/topic-model';

const kb = loadKnowledge();
const withModel = new QaIndex(kb);
const { refusal, topics } = loadLearnedModels();
const rulesOnly = new QaIndex(kb, undefined, undefined, undefined, { refusal, topics });

describe('the relative model file', () => {
  it('loads as trained', () => {
    const m = loadRelativeModel();
    expect(m.totals[0]).toBeGreaterThan(m.totals[1]);
    expect(m.totals[1]).toBeGreaterThan(100);
  });

  it('is refused when a weight is not a number', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'relative-')), 'model.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 1, trainedOn: [], totals: [1, 1], bias: 0, weights: { pns: 'x' } }),
    );
    expect(() => loadRelativeModel(bad)).toThrow(/feature "pns"/);
  });
});

describe('training', () => {
  const lex = withModel.lex;
  const model = trainRelativeModel(
    [
      { question: 'bapak saya pns, boleh saya jadi relawan?', actor: 'relative' },
      { question: 'suami saya pns, saya boleh pasang spanduk?', actor: 'relative' },
      { question: 'bapak saya pns, saya boleh ikut kampanye?', actor: 'relative' },
      { question: 'saya pns, boleh jadi relawan?', actor: 'asn' },
      { question: 'saya pns, boleh pasang spanduk?', actor: 'asn' },
      { question: 'pns boleh ikut kampanye?', actor: 'asn' },
    ],
    lex,
    ['toy'],
  );

  it('learns that naming a relative of the civil servant is about the relative', () => {
    expect(model.totals).toEqual([3, 3]);
    expect(relativeProbability(model, 'suami saya pns, saya boleh jadi relawan?', lex)).toBeGreaterThan(0.5);
    expect(relativeProbability(model, 'saya pns, boleh ikut kampanye?', lex)).toBeLessThan(0.5);
  });
});

describe('a story the rules read as about a civil servant', () => {
  it("is about the relative when the model is sure: the relative's rule, not the civil servants'", () => {
    for (const q of [
      'adek aku mau jadi relawan paslon, tapi abang aku asn. aman kan?',
      // Where the model lands moves as it is retrained: after 175 writers 'saya PNS, adik saya mau jadi timses.
      // saya kena masalah ga?' fell below the threshold, after 191 'kakak saya PNS, adik saya mau jadi relawan
      // capres. aman ga?' did, and after 263 'abang aku asn, adek aku mau jadi relawan paslon. aman ga?'.
      // Pick another such story when this one does.
      'suami saya PNS saya mau tempel stiker calon di warung saya boleh ga',
    ]) {
      expect(rulesOnly.search(q).understanding?.actor).toBe('asn');
      const r = replyTo(withModel, q, 'id');
      expect(r.result.understanding?.actor).toBe('relative');
      expect(r.topic?.id).toBe('keluarga-asn');
      expect(r.topic?.verdict).toBe('boleh');
    }
  });

  it('stays about the civil servant when the civil servant asks for themself', () => {
    const r = replyTo(withModel, 'saya pns, boleh jadi relawan capres?', 'id');
    expect(r.result.understanding?.actor).toBe('asn');
    expect(r.topic?.verdict).toBe('tidak_boleh');
  });
});

describe('a relative the model reads', () => {
  it('is not switched by the topic model to a rule written for serving officials', () => {
    const q = 'suami sy pns, sy mau pasang bendera partai di depan rumah. sy yg pasang lho bukan dia';
    const models = loadLearnedModels();
    expect(relativeProbability(models.relative!, q, withModel.lex)).toBeGreaterThan(0.9);
    // A topic model that has only seen banner questions asked about civil servants leans to the banner
    // rule, which binds the civil servant, not the wife who puts the flag up; switching is made easy
    // (0.5) so that only the guard keeps the relatives' rule.
    const examples = ['depan rumah', 'pagar rumah', 'teras', 'garasi', 'halaman'].flatMap((place) => [
      { question: `suami saya pns, boleh pasang bendera partai di ${place}?`, topic: 'kampanye-spanduk' },
      { question: `pns mau pasang bendera partai di ${place}`, topic: 'kampanye-spanduk' },
    ]);
    const topics = trainTopicModel(
      [...examples, { question: 'adik pns ikut kampanye boleh?', topic: 'keluarga-asn' }],
      withModel.lex,
      ['toy'],
    );
    const easy = { ...DEFAULT_TUNING, topicModelSwitchAbove: 0.5, topicModelAskAbove: 0.5 };
    const index = new QaIndex(kb, undefined, undefined, easy, { ...models, topics });
    const r = replyTo(index, q, 'id');
    expect(r.result.understanding?.actor).toBe('relative');
    expect(r.topic?.id).toBe('keluarga-asn');
    expect(r.topic?.verdict).toBe('boleh');
  });
});
