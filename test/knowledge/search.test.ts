import { describe, expect, it } from 'vitest';
import { loadWordLists } from '../../src/content/words';
import { replyTo } from '../../src/knowledge/answer';
import { loadKnowledge } from '../../src/knowledge/load';
import {
  DEFAULT_THRESHOLD,
  DEFAULT_TUNING,
  loadLearnedModels,
  QaIndex,
  someStartsWith,
} from '../../src/knowledge/search';

describe('whether an indexed word starts with a prefix', () => {
  const sorted = ['kampanye', 'kampus', 'pns', 'pnsd'].sort();

  it('finds a word that extends the prefix, or is it', () => {
    expect(someStartsWith(sorted, 'kampa')).toBe(true);
    expect(someStartsWith(sorted, 'kampu')).toBe(true);
    expect(someStartsWith(sorted, 'pns')).toBe(true);
    expect(someStartsWith(sorted, 'pnsd')).toBe(true);
  });

  it('finds none before the first word, between words or after the last', () => {
    expect(someStartsWith(sorted, 'aaa')).toBe(false);
    expect(someStartsWith(sorted, 'kampz')).toBe(false);
    expect(someStartsWith(sorted, 'pnsx')).toBe(false);
    expect(someStartsWith(sorted, 'zzz')).toBe(false);
    expect(someStartsWith([], 'pns')).toBe(false);
  });
});

describe('an index warmed at start', () => {
  const kb = loadKnowledge();
  const lists = loadWordLists();
  const models = loadLearnedModels();
  const warmed = new QaIndex(kb, DEFAULT_THRESHOLD, lists, DEFAULT_TUNING, models);
  warmed.warm();
  const cold = new QaIndex(kb, DEFAULT_THRESHOLD, lists, DEFAULT_TUNING, models);

  it('answers exactly as one that searches each word when first asked', () => {
    for (const [q, lang] of [
      ['boleh ga pns like postingan capres', 'id'],
      ['pns kampa di medsos boleh?', 'id'],
      // Long, with words the index lacks, a word cut short ("kampa") and a typo ("kampnye").
      [
        'Saya guru PNS di sekolah negeri. Kemarin kepala sekolah nyuruh kami semua ikut acara kampa caleg di aula, katanya cuma silaturahmi. Saya takut ditegur kalau nolak. Kalau ikut kampnye begitu, saya bisa kena sanksi apa?',
        'id',
      ],
      ['May a civil servant share a campaign poster in the family WhatsApp group?', 'en'],
      ['terima kasih', 'id'],
    ] as const) {
      const a = replyTo(warmed, q, lang);
      const b = replyTo(cold, q, lang);
      expect(a.result.kind).toBe(b.result.kind);
      expect(a.result.hits.map((h) => [h.topic.id, h.score])).toEqual(
        b.result.hits.map((h) => [h.topic.id, h.score]),
      );
      expect(a.messages).toEqual(b.messages);
    }
  });
});
