import { describe, expect, it } from 'vitest';
import { loadWordLists } from '../../src/content/words';
import { buildDictation, withoutDictation } from '../../src/knowledge/dictation';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';

const lists = loadWordLists();
const dictation = buildDictation(
  lists.get('understand.spoken_question_marks') ?? [],
  lists.get('understand.spoken_full_stops') ?? [],
  lists.get('understand.spoken_stop_nouns_before') ?? [],
  lists.get('understand.spoken_stop_nouns_after') ?? [],
);
const spoken = (text: string) => withoutDictation(text, dictation);

describe('punctuation spoken into voice typing', () => {
  it('writes "tanda tanya" as a question mark and "titik" between sentences as a full stop', () => {
    expect(spoken('pns boleh nyetir mobil caleg nggak tanda tanya')).toBe(
      'pns boleh nyetir mobil caleg nggak?',
    );
    expect(spoken('selamat pagi min titik saya mau tanya')).toBe('selamat pagi min. saya mau tanya');
    expect(spoken('Is this allowed question mark')).toBe('Is this allowed?');
  });

  it('keeps "titik" where it is a noun: after a preposition or a number, or before a place word', () => {
    expect(spoken('posko kami mau dijadiin titik pengaduan warga')).toBe(
      'posko kami mau dijadiin titik pengaduan warga',
    );
    expect(spoken('kumpul di titik kumpul depan kantor')).toBe('kumpul di titik kumpul depan kantor');
    expect(spoken('baliho dipasang di 5 titik')).toBe('baliho dipasang di 5 titik');
    expect(spoken('titik rawan politik uang di mana aja')).toBe('titik rawan politik uang di mana aja');
  });
});

describe('a dictated question', () => {
  const index = new QaIndex(loadKnowledge());

  it('asks before the thanks that close it, as if typed with marks', () => {
    // Without the marks the thanks seem to close a remark, and the bot would only say "sama-sama".
    expect(index.search('pns ikut grup wa paslon aman nggak makasih').kind).toBe('chitchat');
    const asked = index.search('pns ikut grup wa paslon aman nggak titik makasih');
    expect(asked.kind).toBe('answer');
    expect(asked.hits[0]?.topic.id).toBe('medsos-grup-kampanye');
    expect(index.search('pns ikut grup wa paslon aman nggak tanda tanya makasih').kind).toBe('answer');
  });
});
