import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/core/markup';
import { replyTo } from '../../src/knowledge/answer';
import { citation } from '../../src/knowledge/citation';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';

describe('legal citations in the answer language', () => {
  it.each([
    ['UU 7/2017 Pasal 280 ayat (3) huruf h', 'Law 7/2017 Article 280(3)(h)'],
    ['PP 94/2021', 'Government Regulation 94/2021'],
    ['Pasal 5 huruf n angka 1', 'Article 5(n)(1)'],
    ['Pasal 280 ayat (2)-(3) jo. Pasal 494', 'Article 280(2)-(3) in conjunction with Article 494'],
    ['Pasal 52 ayat (3) huruf j dan ayat (4)', 'Article 52(3)(j) and (4)'],
    ['Pasal 6 huruf h; Pasal 12 huruf e', 'Article 6(h); Article 12(e)'],
    ['SKB Netralitas ASN 2022', 'Joint Decree on ASN Neutrality (2022)'],
    ['Perbawaslu 7/2022', 'Bawaslu Regulation 7/2022'],
    ['Putusan MK 65/PUU-XXI/2023', 'Constitutional Court Decision 65/PUU-XXI/2023'],
    ['Pasal 5 huruf n (hanya mengikat ASN)', 'Article 5(n) (binds ASN only)'],
  ])('%s', (id, en) => {
    expect(citation(id, 'en')).toBe(en);
    expect(citation(id, 'id')).toBe(id);
  });

  it('leaves no Indonesian citation words in any English legal basis of content/qa', () => {
    const kb = loadKnowledge();
    const left: string[] = [];
    for (const topic of kb.topics) {
      for (const b of topic.legal_basis) {
        for (const part of [b.law, b.article ?? '']) {
          const en = citation(part, 'en');
          // Citation words, and the Indonesian words notes in parentheses are made of.
          if (
            /\b(Pasal|ayat|huruf|angka|UU|PP|Perpres|SKB|Lampiran|jo\.|dan|sanksi|syarat|kini|dicabut|sebagai|sejarah|dengan|perubahannya|pendampingan|tentang|yang|hanya|bukan|calon|laporan)\b/.test(
              en,
            )
          )
            left.push(`${part} → ${en}`);
        }
      }
    }
    expect(left).toEqual([]);
  });

  it('shows an English answer with the law in English form, and the Indonesian one as written', () => {
    const index = new QaIndex(loadKnowledge());
    const en = toPlainText(
      replyTo(index, 'can a civil servant like a candidate post on instagram', 'en').messages[0]!.text,
    );
    // The ban on likes comes from the 2022 joint decree (SKB); PP 94/2021 Article 5(n) does not list likes.
    expect(en).toMatch(/Basis: Joint Decree on ASN Neutrality \(2022\) list of violations, item 6; /);
    expect(en).toContain('Government Regulation 42/2004 Article 15 (moral sanction)');
    expect(en).not.toMatch(/Pasal|sanksi|Government Regulation 94\/2021 Article 5\(n\)/);
    const id = toPlainText(replyTo(index, 'pns boleh like postingan capres', 'id').messages[0]!.text);
    expect(id).toContain('SKB Netralitas ASN 2022 daftar pelanggaran butir 6');
    expect(id).toContain('PP 42/2004 Pasal 15 (sanksi moral)');
  });
});
