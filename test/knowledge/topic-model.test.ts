import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import { DEFAULT_TUNING, loadLearnedModels, QaIndex } from '../../src/knowledge/search';
import {
  loadTopicModel,
  topicBest,
  topicPosterior,
  topicPosteriorAmong,
  trainTopicModel,
} from '../../src/knowledge/topic-model';

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

describe('the best of every rule topic', () => {
  const lex = withModel.lex;
  const rules = kb.topics.filter((t) => t.kind === 'rule').map((t) => t.id);

  it('is the topic and probability the full posterior gives', () => {
    for (const q of [
      'boleh ga pns like postingan capres',
      'amplop dari caleg terima aja terus dilaporin, boleh?',
      'halo',
      'kades jadi timses caleg, sanksinya apa? bisa dipenjara?',
    ]) {
      const p = topicPosterior(models.topics!, q, lex, rules);
      const [topic, prob] = [...p].reduce((a, b) => (b[1] > a[1] ? b : a));
      const best = topicBest(models.topics!, q, lex, rules)!;
      expect(best.topic).toBe(topic);
      expect(best.p).toBeCloseTo(prob, 9);
    }
  });

  it('has none among no candidates', () => {
    expect(topicBest(models.topics!, 'pns like', lex, [])).toBeUndefined();
  });

  it("gives a few topics' posterior from the scores of all of them, as the posterior among those few", () => {
    const few = ['medsos-like', 'medsos-share', 'kampanye-kantor-sekolah'].filter((t) => rules.includes(t));
    expect(few).toHaveLength(3);
    for (const q of [
      'boleh ga pns like postingan capres',
      'guru pns share poster caleg di grup wali murid',
    ]) {
      // Asked right after the best of all, as the bot does, and again on its own.
      topicBest(models.topics!, q, lex, rules);
      const among = topicPosteriorAmong(models.topics!, q, lex, rules, few);
      const direct = topicPosterior(models.topics!, q, lex, few);
      for (const t of few) expect(among.get(t)).toBeCloseTo(direct.get(t)!, 9);
      // The next message is scored afresh, not given the scores kept from this one.
      const next = `${q} tapi cuma share ke grup keluarga`;
      expect(topicPosteriorAmong(models.topics!, next, lex, rules, few).get(few[1]!)).toBeCloseTo(
        topicPosterior(models.topics!, next, lex, few).get(few[1]!)!,
        9,
      );
    }
    // A topic outside the list asked about falls back to the posterior itself.
    const outside = topicPosteriorAmong(models.topics!, 'pns like', lex, rules, [
      'medsos-like',
      'no-such-topic',
    ]);
    expect([...outside.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
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
  // Retrieval reads a superior taking staff by bus to a rally as the rule on attending a campaign;
  // the model leans to the rule on urging colleagues, whose verdict differs. Which questions sit in
  // this band moves as the model is retrained (a campus grant spent on a lecturer-candidate's event,
  // used until the 271-writer model, is now answered): pick another when it does.
  const q =
    'bos gue eselon III ngajak anak buah rame-rame ke lapangan buat kampanye paslon, naik bus sewaan. Itu kan ngerahin PNS, emang boleh?';

  it('is asked back, both topics as choices, with no verdict', () => {
    expect(retrievalOnly.search(q)).toMatchObject({ kind: 'answer' });
    expect(retrievalOnly.search(q).hits[0]?.topic.id).toBe('kampanye-hadir');
    const r = replyTo(withModel, q, 'id');
    expect(r.result.kind).toBe('clarify');
    expect(r.result.hits.map((h) => h.topic.id)).toEqual(['kampanye-hadir', 'ajak-rekan-kerja']);
    expect(r.result.features?.fallback).toMatch(/ask which$/);
    expect(r.topic ?? null).toBeNull();
    expect(r.messages[0]!.choices?.length).toBeGreaterThanOrEqual(2);
  });

  it('is not asked back for a sanction question: either answer gives the penalty first', () => {
    // The model leaned (0.87) to the ethics sanction over the rule on likes; trained on 150 writers it
    // is sure of it (0.997) and answers with it. Either way the reply is an answer, never a question back.
    const r = replyTo(withModel, 'pns like postingan caleg sanksinya apa min', 'id');
    expect(r.result.understanding?.kind).toBe('sanction');
    expect(r.result.kind).toBe('answer');
    expect(['medsos-like', 'sanksi-etik']).toContain(r.topic?.id);
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

describe('the topic model reading every rule topic', () => {
  it('answers a question the rules were not sure of, when it has no doubt', () => {
    const q = 'aturan netral asn itu intinya apa sih? jelasin yg simpel aja';
    expect(retrievalOnly.search(q).kind).toBe('unsure');
    const r = replyTo(withModel, q, 'id');
    expect(r.result.kind).toBe('answer');
    expect(r.topic?.id).toBe('netralitas-asn');
    expect(r.result.features?.fallback).toMatch(/\(rules unsure\)$/);
  });

  // Which questions the rules leave between two moves with each retraining: pick another if this one stops.
  it('settles a clarifying question it has no doubt about: a civil servant keeps the vote', () => {
    const q = 'Saya tuli. PNS kemenag. Teman bilang ASN netral artinya golput. Saya tetap boleh coblos?';
    expect(retrievalOnly.search(q).kind).toBe('clarify');
    const r = replyTo(withModel, q, 'id');
    expect(r.topic?.id).toBe('memilih');
    expect(r.topic?.verdict).toBe('boleh');
    expect(r.result.features?.fallback).toMatch(/\(of two\)$/);
  });

  it('answers with another topic when sure its verdict is the right one: a firefighter on duty does vote', () => {
    const q = 'Petugas damkar yg piket 24 jam pas tgl 14, boleh izin keluar nyoblos dulu?';
    // The rules read the duty hours, whose rule forbids campaigning then.
    expect(retrievalOnly.search(q).hits[0]?.topic.id).toBe('jam-kerja');
    const r = replyTo(withModel, q, 'id');
    expect(r.topic?.id).toBe('memilih');
    expect(r.topic?.verdict).toBe('boleh');
    expect(r.result.features?.fallback).toMatch(/\(all topics\)$/);
  });

  it('answers with a topic retrieval ranked second: a state bank employee may serve at a polling station', () => {
    const r = replyTo(withModel, 'saya karyawan bank bumn, mau daftar jadi kpps di rt saya, boleh ga?', 'id');
    expect(r.topic?.id).toBe('penyelenggara-pemilu');
  });

  it('asks which was meant when a little less sure', () => {
    // (After retraining on 167 writers the honorer-in-a-PPK example became sure enough to answer,
    // after 231 writers the campaign-field one, after 271 the photo without the candidate's gesture,
    // and after 279 the candidate asking a headmaster for a welcome speech.)
    const q = 'pemda minjemin aula buat kampanye salah satu calon aja, calon lain ga dikasih. itu gmn';
    const r = replyTo(withModel, q, 'id');
    expect(r.result.kind).toBe('clarify');
    expect(r.result.hits.map((h) => h.topic.id)).toEqual(['kampanye-kantor-sekolah', 'fasilitas-kantor']);
    expect(r.result.features?.fallback).toMatch(/\(all topics\): ask which$/);
    expect(r.topic ?? null).toBeNull();
    expect(r.messages[0]!.choices?.length).toBeGreaterThanOrEqual(2);
    // Surer, it would have answered with the rule on office facilities.
    const surer = new QaIndex(kb, undefined, undefined, { ...DEFAULT_TUNING, topicModelSwitchAbove: 0.99 });
    expect(replyTo(surer, q, 'id').topic?.id).toBe('fasilitas-kantor');
  });

  it('never gives a private citizen or a retiree a rule written for serving officials', () => {
    const nurse = replyTo(withModel, 'sy perawat di RS swasta, boleh pake pin partai pas kerja?', 'id');
    expect(nurse.actor).toBe('citizen');
    expect(nurse.topic ?? null).toBeNull();
    const retiree = replyTo(withModel, 'pensiunan guru boleh jd saksi partai di tps?', 'id');
    expect(retiree.topic?.id).toBe('pensiunan');
  });

  it('gives a citizen whose relative serves the family rule, which is about them', () => {
    // The rules alone are unsure; the model, sure, answers with the rule for an ASN's family.
    for (const q of [
      'bapak saya PNS, saya sendiri karyawan swasta. boleh saya upload poster caleg di instagram saya?',
    ]) {
      expect(retrievalOnly.search(q).kind).toBe('unsure');
      const r = replyTo(withModel, q, 'id');
      expect(r.actor).toBe('citizen');
      expect(r.topic?.id).toBe('keluarga-asn');
    }
  });

  it('leaves a sanction question with the act whose answer leads with its penalty', () => {
    const r = replyTo(
      withModel,
      'guru pns ketahuan ikut kampanye pake kaos partai, biasanya dihukum apa?',
      'id',
    );
    expect(r.kind).toBe('sanction');
    expect(r.topic?.id).toBe('kampanye-atribut');
  });
});

/** A topic model trained on these examples only, and an index reading with it and the shipped models. */
function toyIndex(examples: Record<string, string[]>) {
  const topics = trainTopicModel(
    Object.entries(examples).flatMap(([topic, qs]) => qs.map((question) => ({ question, topic }))),
    withModel.lex,
    ['toy'],
  );
  return { topics, index: new QaIndex(kb, undefined, undefined, undefined, { ...models, topics }) };
}

/** The probability of `a` against `b` alone. */
function pickOf(topics: ReturnType<typeof trainTopicModel>, q: string, a: string, b: string): number {
  return topicPosteriorAmong(topics, q, withModel.lex, [a, b], [a, b]).get(a)!;
}

describe('a question the understanding routes to a topic of its own', () => {
  // A model whose writers only ever wrote "di luar" for "outside working hours": for it, "tugas
  // belajar di luar negeri" reads as that topic, though the question asks one's own vote.
  const { topics, index } = toyIndex({
    'di-luar-jam-kerja': [
      'pns kampanye di luar jam kerja',
      'asn di luar kantor boleh kampanye',
      'di luar jam dinas pns bebas',
    ],
    memilih: ['pns tetap boleh memilih', 'asn punya hak pilih'],
  });
  const q = 'Apakah PNS yang sedang tugas belajar di luar negeri tetap berhak memilih?';

  it('keeps its answer when the topic model reads the story as another act', () => {
    expect(pickOf(topics, q, 'di-luar-jam-kerja', 'memilih')).toBeGreaterThan(0.5);
    expect(index.understand(q).asksVote).toBe(true);
    const r = replyTo(index, q, 'id');
    expect(r.topic?.id).toBe('memilih');
    expect(r.result.features?.fallback ?? '').not.toMatch(/topic model/);
  });
});

describe('a reporting topic for a message that reports nothing', () => {
  // A model whose writers told colleague stories only when asking whether to report them.
  const story = (s: string) => [
    `${s}, saya lapor boleh?`,
    `${s}. boleh saya laporkan?`,
    `${s}, saya pns boleh melapor?`,
  ];
  const { topics, index } = toyIndex({
    'asn-lapor-rekan': [
      'rekan satu ruangan bujuk saya pilih paslon',
      'rekan sesama pns tiap hari bujuk pilih paslon',
      'saya gak nyaman rekan kerja bujuk pilih paslon',
    ].flatMap(story),
    'ajak-rekan-kerja': ['pns ajak rekan kerja pilih calon', 'asn mengajak teman kantor memilih'],
    'keputusan-menguntungkan': [
      'kepala dinas buat keputusan menguntungkan calon',
      'pejabat bikin kebijakan untungkan paslon',
    ],
    'fasilitas-kantor': ['pakai aula kantor buat kampanye', 'fasilitas kantor dipinjam timses'],
    'kampanye-mobilisasi-asn': [
      'atasan suruh semua staf ikut kampanye',
      'kadis kerahkan pegawai ke kampanye',
    ],
  });
  const q =
    'Saya staf PNS di dinas. Rekan satu ruangan saya, sesama PNS, tiap hari bujuk saya pilih paslon tertentu. Saya gak nyaman. Sebenarnya dia boleh gak begitu?';

  it('is no pick for the topic model, however sure', () => {
    expect(pickOf(topics, q, 'asn-lapor-rekan', 'ajak-rekan-kerja')).toBeGreaterThan(0.99);
    expect(index.search(q).hits.map((h) => h.topic.id)).toContain('asn-lapor-rekan');
    const r = replyTo(index, q, 'id');
    expect(r.topic?.id).toBe('ajak-rekan-kerja');
    expect(r.result.features?.fallback).toMatch(/^topic model/);
  });
});
