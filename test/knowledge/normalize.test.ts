import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load';
import { basicTokens, buildLexicon, normalizeWords, searchTerms, stem } from '../../src/knowledge/normalize';
import { QaIndex } from '../../src/knowledge/search';

const lex = buildLexicon();
const words = (s: string) => normalizeWords(s, lex).join(' ');

describe('normalizeWords', () => {
  it('lower-cases and drops punctuation and emoji', () => {
    expect(words('Boleh?? PNS, like!!! 👍')).toBe('boleh pns suka');
  });

  it('expands slang and abbreviations from content/words/slang.yaml', () => {
    expect(words('gak ga nggak gk enggak')).toBe('tidak tidak tidak tidak tidak');
    expect(words('gmn knp yg utk')).toBe('bagaimana kenapa yang untuk');
    expect(words('fb ig wa')).toBe('facebook instagram whatsapp');
    // A multi-word term becomes one search word, so "calon presiden" and "capres" match alike.
    expect(words('pasangan calon calon presiden media sosial')).toBe('paslon capres medsos');
    expect(words('paslon capres medsos')).toBe('paslon capres medsos');
  });

  it('maps multi-word variants', () => {
    expect(words('pegawai negeri sipil ikut tim sukses')).toBe('pns ikut timses');
  });

  it('collapses repeated letters typed for emphasis', () => {
    expect(words('bolehhh gaaak')).toBe('boleh tidak');
    // A doubled letter is collapsed only when that gives a known word.
    expect(words('bolehh')).toBe('boleh');
    expect(words('saat')).toBe('saat');
  });

  it('maps an English plural through its singular, and leaves Indonesian words ending in s alone', () => {
    expect(normalizeWords('campaigns near churches and motorcades', lex)).toEqual(
      normalizeWords('campaign near church and motorcade', lex),
    );
    expect(normalizeWords('status bagus', lex)).toEqual(['status', 'bagus']);
  });

  it('reads the Minang and Palembang "-nyo" as "-nya" and the Sundanese "-keun" as "-kan"', () => {
    expect(normalizeWords('tanggalnyo', lex)).toEqual(['tanggalnya']);
    expect(normalizeWords('KASN tos dibubarkeun', lex)).toEqual(['kasn', 'sudah', 'dibubarkan']);
    expect(normalizeWords('tuliskeun', lex)).toEqual(['tuliskan']);
  });

  it('reads the Betawi "-nye" as "-nya", and leaves words that end so alone', () => {
    expect(normalizeWords('lapornye ke mana, hukumannye apa', lex)).toEqual(
      normalizeWords('lapornya ke mana, hukumannya apa', lex),
    );
    expect(normalizeWords('kampanye', lex)).toEqual(['kampanye']);
  });

  it('maps code-mixed English words to the Indonesian ones', () => {
    expect(words('asn share postingan campaign')).toBe('asn bagikan unggah kampanye');
  });

  it('writes spelled-out compound numbers as digits, as voice typing leaves them', () => {
    expect(basicTokens('tanggal dua puluh delapan februari')).toEqual(['tanggal', '28', 'februari']);
    expect(basicTokens('empat belas februari, dua belas juta')).toEqual(['14', 'februari', '12', 'juta']);
    expect(basicTokens('tiga ratus dua puluh lima ribu')).toEqual(['325', 'ribu']);
    expect(basicTokens('sepuluh tahun, seratus dua')).toEqual(['10', 'tahun', '102']);
    // A single number word stays a word.
    expect(basicTokens('dua calon satu orang')).toEqual(['dua', 'calon', 'satu', 'orang']);
  });

  it('keeps words that are names of built-in object properties as words', () => {
    expect(basicTokens('is a constructor allowed to campaign, dua constructor')).toEqual([
      'is',
      'a',
      'constructor',
      'allowed',
      'to',
      'campaign',
      'dua',
      'constructor',
    ]);
    expect(basicTokens('toString valueOf sebelas')).toEqual(['tostring', 'valueof', '11']);
  });

  it('drops accents and emphasis, in plain and accented messages alike', () => {
    expect(basicTokens('Café PNS bolehhh??')).toEqual(['cafe', 'pns', 'boleh']);
    expect(basicTokens('Cafe PNS bolehhh??')).toEqual(['cafe', 'pns', 'boleh']);
    expect(basicTokens('  ')).toEqual([]);
  });

  it('keeps one copy of a plural written with 2', () => {
    expect(words('teman2 kantor')).toBe('teman kantor');
  });
});

describe('stem and searchTerms', () => {
  it('stems Indonesian words with sastrawijs', () => {
    expect(stem('menyukai')).toBe('suka');
    expect(stem('membagikan')).toBe('bagi');
    expect(stem('pemilihan')).toBe('pilih');
  });

  it('drops stopwords and stems the rest', () => {
    expect(searchTerms('apakah pns boleh membagikan postingan capres?', lex)).toEqual([
      'pns',
      'bagi',
      'unggah',
      'capres',
    ]);
    // The stemmer would cut "pemilu" to "ilu"; root words in content/words/qa.yaml stay whole.
    expect(searchTerms('pemilu', lex)).toEqual(['pemilu']);
  });
});

describe('typos and informal spelling still find the topic', () => {
  const index = new QaIndex(loadKnowledge());
  it.each([
    ['pns boleh ngelike postingan capres di ig ga', 'medsos-like'],
    ['asn boleh komenn di postingan caleg?', 'medsos-komentar'],
    ['apa sanksy buat pns yg tdk netral', 'sanksi-disiplin'],
    ['video jokowi ngomong mandarin beneran?', 'hoaks-jokowi-mandarin'],
  ])('%s → %s', (q, topic) => {
    expect(index.search(q).hits[0]?.topic.id).toBe(topic);
  });
});
