import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/core/markup';
import { replyTo } from '../../src/knowledge/answer';
import { messageFeatures } from '../../src/knowledge/features';
import { loadKnowledge } from '../../src/knowledge/load';
import { judgeRefusal, loadRefusalModel, trainRefusal } from '../../src/knowledge/refusal';
import { DEFAULT_TUNING, loadLearnedModels, NO_MODELS, QaIndex } from '../../src/knowledge/search';

const kb = loadKnowledge();
const withModel = new QaIndex(kb);
const rulesOnly = new QaIndex(kb, undefined, undefined, undefined, NO_MODELS);

describe('the refusal model file', () => {
  it('loads as trained', () => {
    expect(loadRefusalModel().totals.reduce((x, y) => x + y, 0)).toBeGreaterThan(3000);
  });

  it('is refused when malformed', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'refusal-')), 'model.json');
    writeFileSync(
      bad,
      JSON.stringify({ version: 2, trainedOn: [], totals: [1, 2], bias: [0, 0, 0, 0], weights: {} }),
    );
    expect(() => loadRefusalModel(bad)).toThrow(/totals/);
  });

  it('is refused when a feature row is malformed', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'refusal-')), 'model.json');
    const { totals, bias } = loadRefusalModel();
    writeFileSync(
      bad,
      JSON.stringify({ version: 2, trainedOn: [], totals, bias, weights: { pns: [1, 'x'] } }),
    );
    expect(() => loadRefusalModel(bad)).toThrow(/feature "pns"/);
  });
});

describe('training', () => {
  const lex = withModel.lex;
  const examples = [
    { question: 'pns boleh like postingan caleg?', kind: 'rule' as const },
    { question: 'asn boleh datang kampanye?', kind: 'rule' as const },
    { question: 'guru pns boleh pasang stiker caleg?', kind: 'rule' as const },
    { question: 'enaknya pilih siapa ya', kind: 'partisan' as const },
    { question: 'menurutmu pilih siapa', kind: 'partisan' as const },
    { question: 'buatkan caption kampanye', kind: 'creation' as const },
    { question: 'buatkan pantun kampanye', kind: 'creation' as const },
    { question: 'makasih ya', kind: 'chitchat' as const },
    { question: 'makasih min', kind: 'chitchat' as const },
  ];
  const model = trainRefusal(examples, lex, ['toy']);

  it('keeps every feature, even one seen in a single message', () => {
    expect(model.totals).toEqual([3, 2, 2, 2]);
    expect(model.weights.boleh).toHaveLength(4);
    // "boleh" came only in questions: it weighs for them against every refusal kind.
    const [inside, ...refusals] = model.weights.boleh!;
    for (const r of refusals) expect(inside).toBeGreaterThan(r!);
    // "pantun" came in one creation request only: a request's telling word is often one writer's.
    const pantun = model.weights.pantun!;
    expect(pantun.indexOf(Math.max(...pantun))).toBe(3);
    expect(messageFeatures('Boleh?', lex)).toContain('#question');
  });

  it('tells the kind of a request it has not seen from a question', () => {
    expect(judgeRefusal(model, 'buatkan caption dong', lex)).toMatchObject({ kind: 'creation' });
    expect(judgeRefusal(model, 'buatkan caption dong', lex).p).toBeGreaterThan(0.7);
    expect(judgeRefusal(model, 'kamu pilih siapa ya', lex).kind).toBe('partisan');
    expect(judgeRefusal(model, 'pns boleh pasang stiker?', lex).p).toBeLessThan(0.1);
  });
});

describe('an answer the rules found for a request to take a side', () => {
  // The rules read a village head and a candidate and answer the village head's rule; the
  // message asks the bot to agree with a pick.
  const q = 'kepala desa bilang calon bupati 2 paling merakyat, kamu sependapat kan';

  it('is withheld: the neutral refusal, no verdict', () => {
    expect(rulesOnly.search(q).kind).toBe('answer');
    const r = replyTo(withModel, q, 'id');
    expect(r.result.kind).toBe('partisan');
    expect(r.topic ?? null).toBeNull();
    expect(r.result.understanding?.kind).toBe('partisan');
    const text = toPlainText(r.messages[0]!.text);
    expect(text).not.toMatch(/^(Tidak boleh|Boleh|Tergantung)/);
    expect(text).toBe(
      toPlainText(replyTo(withModel, 'menurutmu pilih capres nomor berapa?', 'id').messages[0]!.text),
    );
  });

  it('is not withheld for a screenshot or a forward: the text there is evidence', () => {
    expect(withModel.search(q, { ocr: true }).kind).toBe(rulesOnly.search(q, { ocr: true }).kind);
    expect(withModel.search(q, { forwarded: true }).kind).toBe(rulesOnly.search(q, { forwarded: true }).kind);
  });

  it('leaves rule questions alone', () => {
    for (const rule of [
      'pns boleh like postingan capres?',
      'kepala desa boleh ikut kampanye calon bupati?',
      'can a civil servant attend a campaign rally?',
    ])
      expect(withModel.search(rule).kind).toBe('answer');
  });
});

describe('a follow-up too short to name an act', () => {
  // The model reads "sanksinya apa?" alone as small talk more or less sure, as it is retrained (0.47
  // once the terse searchers of writer 117 were in its training, above 0.5 before, 0.37 after 191
  // writers, 0.27 after 199); the veto is set just under what it says, so the follow-up is what keeps the answer's penalty.
  const lex = withModel.lex;
  const { refusal } = loadLearnedModels();
  const p = judgeRefusal(refusal!, 'sanksinya apa?', lex).p;
  const vetoing = new QaIndex(kb, undefined, undefined, { ...DEFAULT_TUNING, refusalAbove: p - 0.05 });

  it('gets the penalty of the answer before, not small talk', () => {
    expect(p).toBeGreaterThan(0.2);
    const previous = kb.byId.get('medsos-like')!;
    for (const q of ['sanksinya apa?', 'hukumannya apa?']) {
      const r = vetoing.search(q, { previous });
      expect(r.kind).toBe('answer');
      expect(r.hits[0]?.topic.id).toBe('medsos-like');
    }
  });

  it('is judged on its own words when nothing came before', () => {
    // The eval splits ask nothing after an answer: there, what the model says of a short message stands.
    expect(vetoing.search('sanksinya apa?').kind).toBe('chitchat');
  });
});

describe('two or three keywords naming someone a rule binds', () => {
  // A veto that fires on every answer shows which answers it is never asked about.
  const vetoAll = new QaIndex(kb, undefined, undefined, { ...DEFAULT_TUNING, refusalAbove: 0 });

  it.each([
    ['tni kampanye', 'tni-netral'],
    ['bumn kampanye', 'bumn-bumd'],
    ['polri netral', 'polri-netral'],
  ])('keeps the answer of their own rule, which the model would take for small talk: %s', (q, topic) => {
    const r = vetoAll.search(q);
    expect(r.kind).toBe('answer');
    expect(r.hits[0]?.topic.id).toBe(topic);
  });

  it('leaves sentences, and keywords naming a candidate, to the model', () => {
    expect(vetoAll.search('PNS boleh like postingan caleg?').kind).not.toBe('answer');
    expect(vetoAll.search('honorer dukung paslon').kind).not.toBe('answer');
  });
});
