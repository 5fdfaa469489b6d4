import { describe, expect, it } from 'vitest';
import { matchChoice } from '../../src/core/choices';
import { escapeMarkup, parseMarkup, toPlainText } from '../../src/core/markup';
import { cleanText, hasWords, normalizeWord } from '../../src/core/text';

describe('cleanText', () => {
  it('removes control characters and repairs invalid UTF-16', () => {
    expect(cleanText('a\u0000b\u0007c\u200Bd', 100).text).toBe('abcd');
    expect(cleanText('x\uD800y', 100).text).toBe('x\uFFFDy');
    expect(cleanText('\uDC00', 100).text).toBe('\uFFFD');
    expect(cleanText('ok 👍', 100).text).toBe('ok 👍');
  });

  it('cuts 10,000 characters to the limit without splitting a surrogate pair', () => {
    const r = cleanText('a'.repeat(10_000), 4000);
    expect(r).toEqual({ text: 'a'.repeat(4000), truncated: true });
    const emoji = cleanText(`${'a'.repeat(3999)}😀`, 4000);
    expect(emoji.text).toBe('a'.repeat(3999));
  });
});

describe('normalizeWord and hasWords', () => {
  it('normalises commands and words', () => {
    expect(normalizeWord('/Start@PantauBot')).toBe('start');
    expect(normalizeWord('  MENU!! ')).toBe('menu');
    expect(hasWords('🙏🙏')).toBe(false);
    expect(hasWords('ok 🙏')).toBe(true);
  });
});

describe('markup', () => {
  it('round-trips escaped user text as literal characters', () => {
    const user = 'a*b_c\\d';
    expect(toPlainText(`*Nama:* ${escapeMarkup(user)}`)).toBe(`Nama: ${user}`);
    expect(parseMarkup('*tebal* dan _miring_')).toEqual([
      { text: 'tebal', bold: true },
      { text: ' dan ' },
      { text: 'miring', italic: true },
    ]);
    expect(toPlainText('file_name_here')).toBe('file_name_here');
  });
});

describe('matchChoice', () => {
  const choices = [
    { id: 'asn', label: 'Laporkan pelanggaran ASN' },
    { id: 'hoax', label: 'Cek hoaks', aliases: ['hoax'] },
    { id: 'none', label: 'Tidak jadi' },
  ];
  it('accepts the number, the words, an alias, a prefix or a small typo', () => {
    expect(matchChoice('2', choices)).toBe('hoax');
    expect(matchChoice('no 3', choices)).toBe('none');
    expect(matchChoice('cek hoaks', choices)).toBe('hoax');
    expect(matchChoice('hoax', choices)).toBe('hoax');
    expect(matchChoice('lapor', choices)).toBe('asn');
    expect(matchChoice('cek hoaxs', choices)).toBe('hoax');
    expect(matchChoice('9', choices)).toBeUndefined();
    expect(matchChoice('apa ini', choices)).toBeUndefined();
  });
});
