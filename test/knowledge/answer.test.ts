import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/core/markup';
import { answerText, CHOICE, renderDetails, renderRelated, replyTo } from '../../src/knowledge/answer';
import { loadSplit } from '../../src/knowledge/eval';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';
import { inlineAnswerer } from '../../src/knowledge/service';
import { tiedIndex } from '../support/tied-index';

const index = new QaIndex(loadKnowledge());
const plain = (q: string, locale: 'id' | 'en' = 'id') =>
  replyTo(index, q, locale).messages.map((m) => toPlainText(m.text));

describe('a clarifying question', () => {
  it('comes when two topics with different verdicts fit equally, and carries no verdict', () => {
    const kb = loadKnowledge();
    const a = kb.byId.get('fasilitas-kantor')!;
    expect(a.verdict).not.toBe(kb.byId.get('kampanye-kantor-sekolah')!.verdict);
    const tied = tiedIndex();
    const r = replyTo(tied, a.questions.id[0]!, 'id');
    expect(r.result.kind).toBe('clarify');
    expect(r.topic ?? null).toBeNull();
    expect(r.messages[0]!.choices?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('an answer', () => {
  it('to a complaint apologises and shows how to ask again, with no verdict', () => {
    expect(plain('jawabannya ga nyambung min')[0]).toMatch(/^Maaf, jawaban saya belum pas/);
  });

  it('to a claim that mixes a true rule with a false penalty says it is misleading', () => {
    const r = replyTo(index, 'katanya pns yang like status caleg bisa dibui, bener?', 'id');
    expect(r.topic?.verdict).toBe('menyesatkan');
    expect(plain('katanya pns yang like status caleg bisa dibui, bener?')[0]).toMatch(/bukan penjara/);
  });

  it('to "is this official?" says who the bot is, that it is no official channel, and gives no verdict', () => {
    const r = replyTo(index, 'apa ini nomor resmi bawaslu?', 'id');
    expect(r.topic ?? null).toBeNull();
    expect(plain('apa ini nomor resmi bawaslu?')[0]).toMatch(
      /^Saya Pantau Netral.*bukan nomor atau akun resmi Bawaslu/,
    );
    expect(plain('are you a bot from the KPU?', 'en')[0]).toMatch(/not an official number or account/);
  });

  it('leads with the verdict, then the one-sentence answer, then the legal basis', () => {
    const r = replyTo(index, 'boleh ga pns like postingan capres', 'id');
    expect(r.topic?.id).toBe('medsos-like');
    const lines = toPlainText(r.messages[0]!.text).split('\n');
    expect(lines[0]).toBe('❌ Tidak boleh.');
    expect(lines[1]).toBe(r.topic!.answer.id);
    expect(lines[2]).toMatch(/^Dasar: SKB Netralitas ASN 2022 .*\.$/);
    expect(lines.at(-1)).toBe('Apakah jawaban ini membantu?');
  });

  it('offers more detail, the penalty, where to report, related topics and 👍/👎 as choices', () => {
    const r = replyTo(index, 'pns share video kampanye paslon boleh?', 'id');
    expect(r.messages[0]!.choices?.map((c) => c.id)).toEqual([
      CHOICE.more,
      CHOICE.sanction,
      CHOICE.report,
      CHOICE.related,
      CHOICE.up,
      CHOICE.down,
    ]);
  });

  it('answers in English with the English verdict', () => {
    const [text] = plain('can a civil servant vote in the election', 'en');
    expect(text!.split('\n')[0]).toBe('✅ Allowed.');
  });

  it('hedges a topic whose sources are only partial', () => {
    const r = replyTo(index, 'pns boleh datang nonton kampanye akbar gak', 'id');
    expect(r.topic?.certainty).toBe('partial');
    const text = toPlainText(r.messages[0]!.text);
    expect(text.split('\n')[0]).toBe('⚠️ Tergantung.');
    expect(text).toContain('belum sepenuhnya pasti');
  });

  it('labels a hoax with its own verdict and cites who clarified it', () => {
    const r = replyTo(index, 'video jokowi pidato bahasa mandarin asli?', 'id', { hoax: true });
    const text = toPlainText(r.messages[0]!.text);
    expect(text.split('\n')[0]).toBe('❌ Hoaks.');
    expect(text).toContain('Sumber: Kominfo');
  });

  it('gives details and related topics when asked', () => {
    const topic = index.kb.byId.get('medsos-like')!;
    expect(toPlainText(renderDetails(topic, 'id').text)).toContain('Pejabat Pembina Kepegawaian');
    const rel = renderRelated(topic, index, 'id');
    expect(rel.choices?.map((c) => c.id)).toContain('t:medsos-share');
  });
});

describe('declining', () => {
  it('does not guess below the threshold: says so, offers up to three topics, names Bawaslu and BKN', () => {
    const strict = new QaIndex(index.kb, 0.99);
    const r = replyTo(strict, 'asn kampanye gimana', 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unsure');
    const msg = r.messages[0]!;
    expect(toPlainText(msg.text)).toContain('belum yakin');
    expect(msg.text).toContain('Bawaslu');
    expect(msg.text).toContain('BKN');
    expect(msg.choices!.length).toBeGreaterThan(0);
    expect(msg.choices!.length).toBeLessThanOrEqual(3);
    expect(msg.choices!.every((c) => c.id.startsWith('t:'))).toBe(true);
  });

  it.each([
    ['katanya no urut capres di kertas suara dituker ya? bener?', 'hoaks-nomor-urut-surat-suara'],
    ["heard voters won't receive invitation letters this year, true?", 'hoaks-undangan-memilih'],
  ])('finds a known hoax told in the words people use ("dituker", "voters"): %s', (q, topic) => {
    expect(replyTo(index, q, 'id').topic?.id).toBe(topic);
  });

  it('checks a known hoax passed on, whatever logistics it names, and leaves logistics passed on off-topic', () => {
    const pasted = replyTo(
      index,
      'Diteruskan:\n"Info KPU: tahun ini TIDAK ADA surat pemberitahuan memilih. Silakan cek TPS anda di cekdptonline."\nbetul ini?',
      'id',
    );
    expect(pasted.topic?.id).toBe('hoaks-undangan-memilih');
    const logistics = replyTo(
      index,
      'Pesan berantai:\n"Honor KPPS tahun ini naik"\nHonor kpps sekarang berapa?',
      'id',
    );
    expect(logistics.topic).toBeNull();
    expect(logistics.result.kind).toBe('offtopic');
  });

  it.each([
    ['tni kampanye', 'tni-netral'],
    ['kades kampanye', 'kepala-desa-kampanye'],
    ['pppk hak pilih', 'hak-pilih-pppk-honorer'],
    ['polisi hak pilih', 'tni-polri-memilih'],
  ])('answers someone a rule binds named beside an act, typed as into a search box: %s', (q, topic) => {
    const r = replyTo(index, q, 'id');
    expect(r.result.kind).toBe('answer');
    expect(r.topic?.id).toBe(topic);
  });

  it.each([
    ['printer kantor cetak brosur caleg', 'fasilitas-kantor'],
    ['ajak temen kantor pilih paslon', 'ajak-rekan-kerja'],
  ])(
    'answers a few keywords naming a candidate beside a workplace with the rule for what is done there: %s',
    (q, topic) => {
      const r = replyTo(index, q, 'id');
      expect(r.topic?.id).toBe(topic);
    },
  );

  it.each(['hoaks pemilu', 'election 2024', 'pemilu 2029', 'asn'])(
    'gives no verdict on a subject named with nobody a rule binds beside it, or on a person alone: %s',
    (q) => {
      const r = replyTo(index, q, 'id');
      expect(r.topic).toBeNull();
      expect(r.result.kind).not.toBe('answer');
    },
  );

  it('declines a question too vague to tell topics apart, at the calibrated threshold', () => {
    const r = replyTo(index, 'asn kampanye gimana', 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unsure');
    expect(r.result.confidence).toBeLessThan(index.threshold);
    expect(r.messages[0]!.choices).toHaveLength(3);
  });

  it.each(['besok cuaca di bandung hujan gak', 'skor persib tadi malam berapa', 'cara perpanjang paspor'])(
    'says what it can help with for "%s"',
    (q) => {
      const r = replyTo(index, q, 'id');
      expect(r.topic).toBeNull();
      expect(r.result.kind).toBe('offtopic');
      expect(plain(q)[0]).toContain('di luar yang bisa saya bantu');
    },
  );

  it.each([
    'capres mana yg paling bagus buat guru honorer',
    'siapa yang bakal menang pilpres',
    'menurut kamu partai itu bagus gak',
    'who should i vote for',
    'kasih nilai 1 sampai 10 buat prabowo dan anies dong',
    'jujur aja min, km condong ke 01 kan?',
    'kasih tau paslon yg paling aman dipilih pns biar gak kena sanksi',
  ])('refuses partisan requests neutrally: "%s"', (q) => {
    const r = replyTo(index, q, 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('partisan');
    expect(plain(q)[0]).toContain('tidak memberi rekomendasi calon atau partai');
  });
});

describe('inline answers (a question inside another flow)', () => {
  const ctx = { locale: 'id' } as Parameters<ReturnType<typeof inlineAnswerer>['answerInline']>[1];
  it('answers without choices so the other flow keeps its own', () => {
    const out = inlineAnswerer(index).answerInline('pns boleh like postingan capres?', ctx);
    expect(out).toHaveLength(1);
    expect(out![0]!.choices).toBeUndefined();
    expect(toPlainText(out![0]!.text)).toMatch(/^❌ Tidak boleh\./);
  });

  it('returns null when not confident', () => {
    expect(inlineAnswerer(index).answerInline('Budi Santoso', ctx)).toBeNull();
  });
});

describe('the first line answers what was asked', () => {
  const first = (q: string, opts = {}) =>
    toPlainText(replyTo(index, q, 'id', opts).messages[0]!.text).split('\n')[0]!;

  it('names the penalty track for a sanction question about an act', () => {
    // The act's topic or the moral-sanction topic: either way the first line is the penalty track.
    expect(first('pns like postingan capres sanksinya apa')).toMatch(
      /^(❌ Tidak boleh|⚠️ Tergantung)\. Sanksinya: sanksi moral .*hukuman disiplin/,
    );
    expect(first('asn jadi timses bisa dipenjara berapa lama?')).toMatch(/Sanksinya: .*Pasal 494/);
    expect(first('kades ikut kampanye hukumannya apa')).toMatch(/Sanksinya: .*UU Desa.*Pasal 494/);
  });

  it('names the channel and the deadline for a where-to-report question, never KASN as the place', () => {
    const line = first('pns kampanye lapornya ke mana');
    expect(line).toMatch(/^📣 .*Bawaslu.*7 hari sejak/);
    expect(line).toMatch(/BKN/);
    expect(first('lapor pns tidak netral ke kasn bisa?')).toMatch(/^📣 Bukan ke KASN.*BKN/);
  });

  it('gives the right and its condition for "can X vote / run"', () => {
    expect(first('pppk punya hak pilih?')).toMatch(/^✅ Boleh\. PPPK .*hak pilih/);
    expect(first('polisi aktif boleh nyalon bupati?')).toMatch(
      /^⚠️ Tergantung.*setelah mengundurkan diri atau pensiun/,
    );
  });

  it('every rule topic that forbids or conditions names its penalty, and every report topic its channel', () => {
    for (const topic of index.kb.topics) {
      if (topic.kind !== 'rule') continue;
      if (topic.asks === 'report') {
        expect(topic.channel, topic.id).toBeDefined();
        const line = toPlainText(answerText(topic, 'id', 'report')).split('\n')[0]!;
        expect(line, topic.id).toMatch(/Bawaslu|BKN|Komdigi|Inspektorat|atasan|SigapLapor/);
        expect(line, topic.id).not.toMatch(/lapor(kan)? ke KASN/i);
      } else if (topic.verdict !== 'boleh' && topic.id !== 'surat-suara-kuala-lumpur') {
        expect(topic.penalty, topic.id).toBeDefined();
        const line = toPlainText(answerText(topic, 'id', 'sanction')).split('\n')[0]!;
        expect(line, topic.id).toMatch(
          /Sanksinya: .*(sanksi|hukuman|pidana|penjara|kurungan|diberhentikan|pemutusan|syarat)/,
        );
      }
    }
  });

  it('on the dev and dev2 splits, every sanction answer names a penalty and every report answer a channel on its first line', () => {
    const items = [...(loadSplit('dev') ?? []), ...(loadSplit('dev2') ?? [])];
    let checked = 0;
    for (const item of items.filter((i) => i.kind === 'sanction' || i.kind === 'report')) {
      const r = replyTo(index, item.question, item.lang ?? 'id');
      if (r.topic?.kind !== 'rule') continue;
      checked++;
      const line = toPlainText(r.messages[0]!.text).split('\n')[0]!;
      if (r.mode === 'sanction') expect(line, item.question).toMatch(/Sanksinya:|penalty:/i);
      if (r.mode === 'report')
        expect(line, item.question).toMatch(
          /^📣 .*(Bawaslu|BKN|Komdigi|Inspe[ck]tora|atasan|superior|SigapLapor)/,
        );
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe('hoax clarifications answer claims only, and only on their own entities', () => {
  it.each(['01 02 03', '14 Februari', 'deepfake', 'mending pilih capres 01, 02 atau 03?'])(
    'never a hoax verdict for "%s"',
    (q) => {
      const r = replyTo(index, q, 'id');
      expect(r.topic?.kind).not.toBe('hoax');
      expect(r.topic).toBeNull();
    },
  );

  it('answers a claim whose entities match', () => {
    expect(
      replyTo(index, 'katanya hasil pilpres di malaysia udah keluar sebelum 14 februari, bener?', 'id').topic
        ?.id,
    ).toBe('hoaks-hasil-luar-negeri');
    expect(replyTo(index, 'sirekap itu hasil resmi kpu kan?', 'id').topic?.id).toBe('hoaks-sirekap');
  });

  it("answers the rumour about a court ruling with the rule it is about, and still checks that rule's own claims", () => {
    const school = replyTo(index, 'sekarang kampanye di sekolah udah dibolehin MK katanya. yakin?', 'id');
    expect(school.topic?.id).toBe('kampanye-kantor-sekolah');
    expect(toPlainText(school.messages[0]!.text)).toContain('Tergantung');
    // A rule question about the place needs no court in it.
    expect(replyTo(index, 'calon bupati boleh kampanye di aula sekolah negeri?', 'id').topic?.id).toBe(
      'kampanye-kantor-sekolah',
    );
    // The court named with no school or office in it is not this rule.
    expect(replyTo(index, 'katanya MK bakal batalin hasil pilkada kita, bener?', 'id').topic?.id).not.toBe(
      'kampanye-kantor-sekolah',
    );
  });

  it('says plainly it does not know an unknown claim', () => {
    const r = replyTo(index, 'katanya tps tutup jam 10 pagi tahun ini, bener ga?', 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unknown_claim');
    expect(toPlainText(r.messages[0]!.text)).toContain('belum punya klarifikasi resmi');
  });
});

describe('the asker and the actor', () => {
  it.each([
    ['pensiunan tni boleh ikut kampanye?', 'pensiunan', 'boleh'],
    ['polisi boleh like postingan capres?', 'polri-netral', 'tidak_boleh'],
    ['kades endorse paslon di ig boleh?', 'kepala-desa-kampanye', 'tidak_boleh'],
    ['Saya PNS, boleh lapor rekan kerja yang kampanye?', 'asn-lapor-rekan', 'boleh'],
    ['pppk punya hak pilih?', 'hak-pilih-pppk-honorer', 'boleh'],
    ['istri pns boleh jadi tim sukses caleg?', 'keluarga-asn', 'boleh'],
    [
      'Suami saya (bukan PNS) mau jadi relawan caleg, saya sendiri PNS. Suami saya boleh kan?',
      'keluarga-asn',
      'boleh',
    ],
    ['gw pns, abang gw maju dprd. gw boleh bantuin kampanyenya ga', 'kerabat-calon', 'tidak_boleh'],
    [
      'PNS yang ketahuan jadi timses bisa dipenjara atau cuma dipotong tunjangan?',
      'sanksi-pidana-494',
      'tergantung',
    ],
  ])('%s → %s (%s)', (q, topic, verdict) => {
    const r = replyTo(index, q, 'id');
    expect(r.topic?.id).toBe(topic);
    expect(r.topic?.verdict).toBe(verdict);
  });

  it('answers "can they be jailed?" with the Article 494 track, and keeps a crime of its own (Pasal 490)', () => {
    expect(replyTo(index, 'asn foto bareng capres bisa dipenjara ga', 'id').topic?.id).toBe(
      'sanksi-pidana-494',
    );
    expect(replyTo(index, 'kades yg jd timses caleg bisa dipenjara?', 'id').topic?.id).toBe(
      'sanksi-pidana-494',
    );
    expect(
      replyTo(index, 'kades bikin keputusan yang menguntungkan caleg bisa dipidana?', 'id').topic?.id,
    ).toBe('kepala-desa-keputusan');
  });

  it.each([
    'katanya like video paslon bisa masuk bui, serius?',
    'kalo ngelike postingan caleg bisa dipenjara ga sih?',
  ])('answers prison for a like, with nobody named, with the clarification about civil servants: %s', (q) => {
    const r = replyTo(index, q, 'id');
    expect(r.topic?.id).toBe('hoaks-asn-like-dipenjara');
    expect(r.topic?.verdict).toBe('menyesatkan');
  });

  it.each([
    [
      'Benar ga sih PNS yang jadi tim kampanye bisa dipenjara? atau itu cuma gertakan?',
      'hoaks-timses-asn-dipenjara',
    ],
    [
      'a friend claims Indonesian soldiers cannot vote. surely that is wrong?',
      'hoaks-tni-polri-tidak-memilih',
    ],
    // Nobody a rule binds need be asked about ("is that correct" asks of the claim, not of an act).
    ['bener ya polisi aktif ga nyoblos? kirain mitos', 'hoaks-tni-polri-tidak-memilih'],
    ['Is it correct that police officers do not vote here?', 'hoaks-tni-polri-tidak-memilih'],
    // Asked without doubting what someone said, it is the rule's own answer.
    ['pns yg jadi timses bisa dipenjara?', 'sanksi-pidana-494'],
    // A report asked beside a doubt stays a report.
    ['liat pns like postingan caleg, layak dilaporin ga ke bawaslu atau lebay?', 'lapor-bawaslu'],
  ])('answers a rule someone said, checked, with the clarification that confirms it: %s', (q, topic) => {
    expect(replyTo(index, q, 'id').topic?.id).toBe(topic);
  });

  it.each([
    ['timses yg ngelibatin pns di kampanye bisa dipidana?', 'sanksi-pelibat-521'],
    ['caleg yang ngajak PNS ikut kampanye bisa kena pidana?', 'sanksi-pelibat-521'],
    // Even when the words of the act (a school, a team, a rally) point elsewhere or nowhere sure.
    ['caleg yg ngajak guru2 PPPK ke acara kampanyenya bisa kena pidana ga?', 'sanksi-pelibat-521'],
    ['timses nyuruh pak kades ikut kampanye. yg nyuruh kena pidana?', 'sanksi-pelibat-521'],
    [
      'Apakah caleg yang mengajak kepala sekolah dan guru PNS ikut kampanye bisa dipidana juga, atau hanya PNS-nya yang dihukum?',
      'sanksi-pelibat-521',
    ],
    ['yg ngasih sanksi ke pns gak netral itu bawaslu ya?', 'sanksi-siapa-memutuskan'],
    ['who decides the punishment for a civil servant who campaigned?', 'sanksi-siapa-memutuskan'],
  ])("answers the organiser's offence and who decides a sanction by their own topics: %s", (q, topic) => {
    expect(replyTo(index, q, 'id').topic?.id).toBe(topic);
  });

  it.each([
    ['pns yg jadi timses caleg bisa dipenjara?', 'sanksi-pidana-494'],
    ['nenek saya terima 100rb dari timses pilkada, nenek bisa kena pidana?', 'politik-uang-penerima'],
  ])('keeps the penalty of whoever acts when nobody draws a civil servant in: %s', (q, topic) => {
    expect(replyTo(index, q, 'id').topic?.id).toBe(topic);
  });

  // A civil servant's rule told to a private citizen is a verdict about somebody else.
  it.each([
    'driver ojol pasang stiker caleg di jaket, dilarang aplikator ga?',
    'sy perawat di RS swasta, boleh pake pin partai pas kerja?',
    'ibu2 pkk boleh ikut kampanye?',
  ])('gives a citizen no civil-servant verdict: %s', (q) => {
    const r = replyTo(index, q, 'id');
    expect(r.topic).toBeNull();
    expect(r.result.kind).toBe('unsure');
  });

  it.each([
    ['pns boleh nyoblos?', 'memilih'],
    ['can a civil servant vote?', 'memilih'],
    ['ngajak rekan sekantor milih 02 boleh ga?', 'ajak-rekan-kerja'],
  ])('answers a short rule question whose only telling word is the act: %s', (q, topic) => {
    expect(replyTo(index, q, 'id').topic?.id).toBe(topic);
  });

  it('checks a known hoax passed on inside a prediction as a claim', () => {
    const r = replyTo(index, 'katanya hasil luar negeri udah keluar, 02 menang telak di malaysia', 'id');
    expect(r.topic?.id).toBe('hoaks-hasil-luar-negeri');
  });

  it.each(['chat di sini aman kan? takut ketahuan kantor', 'who funds this bot?'])(
    'answers a question about the bot itself without a verdict: %s',
    (q) => {
      const r = replyTo(index, q, 'id');
      expect(r.topic).toBeNull();
      expect(plain(q).join('\n')).toMatch(/bukan\* nomor atau akun resmi|privasi/);
    },
  );
});
