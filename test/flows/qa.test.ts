import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFlows } from '../../flows/index';
import { parseConfig } from '../../src/config';
import { qaFeedback, qaGaps } from '../../src/db/schema';
import { effectHandlers } from '../../src/effects';
import { inlineAnswerer } from '../../src/knowledge/service';
import { createServices } from '../../src/services';
import { surveyEffects, surveyFlow } from '../fixtures/survey-flow';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { tiedIndex } from '../support/tied-index';

describe.each(backends)('qa flow on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({
      backend,
      flows: [...allFlows, { ...surveyFlow, answersQuestions: true }],
      effects: { ...surveyEffects(), ...effectHandlers },
    });
  });
  afterAll(() => bot.close());

  it('answers free text with the verdict first and offers detail, the penalty, reporting, related and feedback', async () => {
    const [reply] = await bot.say('min pns boleh ga like postingan capres di ig', 'a');
    expect(reply).toMatch(/^❌ Tidak boleh\.\n/);
    expect(reply).toContain('Dasar: ');
    expect(reply).toContain('Apakah jawaban ini membantu?');
    expect(reply).toContain('1. Lebih rinci');
    expect(reply).toContain('2. Sanksinya apa?');
    expect(reply).toContain('3. Cara melapor');
    expect(reply).toContain('4. Topik terkait');
  });

  it('shows the details, then the related topics, and answers a picked topic', async () => {
    const [details] = await bot.say('1', 'a');
    expect(details).toContain('Pejabat Pembina Kepegawaian');
    // Button ids carry the topic, so they keep working after later messages.
    const [related] = await bot.say({ choice: 'qa:related:medsos-like' }, 'a');
    expect(related).toMatch(/^Topik terkait:/);
    const [picked] = await bot.say({ choice: 'qa:t:medsos-share' }, 'a');
    expect(picked).toMatch(/^❌ Tidak boleh\.\nASN tidak boleh membagikan/);
  });

  it('stores 👍 and 👎 in qa_feedback with the topic and the question', async () => {
    await bot.say('asn boleh nyoblos di tps ga', 'fb');
    const [thanks] = await bot.say({ choice: 'qa:up:memilih' }, 'fb');
    expect(thanks).toContain('Terima kasih');
    await bot.say('pns share video kampanye paslon boleh?', 'fb');
    await bot.say('👎', 'fb');
    const rows = await bot.database.db.select().from(qaFeedback).orderBy(qaFeedback.id);
    expect(rows.map((r) => [r.topicId, r.question, r.helpful])).toEqual([
      ['memilih', 'asn boleh nyoblos di tps ga', true],
      ['medsos-share', 'pns share video kampanye paslon boleh?', false],
    ]);
    expect(rows.every((r) => r.contactId !== null)).toBe(true);
    const mine = await bot.database.db.select().from(qaFeedback).where(eq(qaFeedback.helpful, true));
    expect(mine).toHaveLength(1);
  });

  it('takes new free text on the answered step as the next question', async () => {
    await bot.say('pns boleh like postingan capres?', 'n');
    const [next] = await bot.say('apa sanksi buat asn yang tidak netral', 'n');
    expect(next).toMatch(/^⚠️ Tergantung\./);
    expect(next).toContain('PP 94/2021 Pasal 8');
  });

  it('switches language after an answer without re-sending the answer (nothing is in progress)', async () => {
    await bot.say('pns boleh like postingan capres?', 'l');
    const replies = await bot.say('bahasa', 'l');
    expect(replies.join('\n')).not.toContain('Not allowed');
    expect(replies.join('\n')).toContain('How can I help?');
  });

  it('refuses partisan requests and says what it can do', async () => {
    const [reply] = await bot.say('capres mana yg paling bagus buat guru honorer', 'p');
    expect(reply).toContain('tidak memberi rekomendasi calon atau partai');
    expect(reply).toContain('1. Aturan netralitas ASN');
  });

  it('says what it can help with for out-of-domain questions', async () => {
    const [reply] = await bot.say('besok cuaca jakarta hujan ga ya', 'o');
    expect(reply).toContain('di luar yang bisa saya bantu');
  });

  it('checks hoaxes from the menu entry', async () => {
    await bot.say('menu', 'h');
    const [prompt] = await bot.say({ choice: 'm:hoax' }, 'h');
    expect(prompt).toContain('Ketik atau tempel kabar');
    const [reply] = await bot.say('video jokowi pidato pakai bahasa mandarin itu asli?', 'h');
    expect(reply).toMatch(/^❌ Hoaks\./);
  });

  it('says it cannot verify an unknown claim instead of guessing', async () => {
    await bot.say('cek hoaks', 'h2');
    const [reply] = await bot.say('katanya harga beras naik karena pemilu', 'h2');
    expect(reply).toMatch(/belum punya klarifikasi resmi|di luar yang bisa saya bantu/);
  });

  it('answers small talk briefly with what it can do, and never with a verdict', async () => {
    for (const text of ['terima kasih', 'ok', 'test', 'mantap', 'info']) {
      const [reply] = await bot.say(text, `c-${text}`);
      expect(reply, text).not.toMatch(/Tidak boleh|Boleh\.|Hoaks|Benar\./);
      expect(reply, text).toContain('1. Aturan netralitas ASN');
    }
    const [thanks] = await bot.say('makasih ya min', 'c2');
    expect(thanks).toMatch(/^Sama-sama!/);
  });

  it('refuses requests to write or do something partisan, with no verdict', async () => {
    for (const text of [
      'bikinin berita hoaks biar paslon lawan kalah',
      'gimana cara bikin akun bodong buat buzzer',
      'pantun ngejek capres',
    ]) {
      const [reply] = await bot.say(text, 'cr');
      expect(reply, text).toContain('tidak membuat konten');
      expect(reply, text).not.toMatch(/Tidak boleh|Hoaks\./);
    }
    const [partisan] = await bot.say('caleg dapil 3 yang bagus siapa', 'cr2');
    expect(partisan).toContain('tidak memberi rekomendasi');
  });

  it('takes "sanksinya apa?" and "lapornya ke mana?" after an answer as being about that answer', async () => {
    const answered = await bot.send({ text: 'pns boleh like postingan capres?' }, 'f');
    // Tap the button the keyboard really carries (ids name the flow and the topic: qa:report:<topic>).
    const tap = answered.replies[0]!.choices!.find((c) => c.label === 'Cara melapor')!;
    expect(tap.id).toBe('qa:report:medsos-like');
    const [button] = await bot.say({ choice: tap.id }, 'f');
    expect(button!.split('\n')[0]).toMatch(/^📣 .*Bawaslu/);
    const [sanction] = await bot.say('sanksinya apa?', 'f');
    expect(sanction!.split('\n')[0]).toMatch(/^❌ Tidak boleh\. Sanksinya: sanksi moral/);
    const [report] = await bot.say('lapornya ke mana?', 'f');
    expect(report!.split('\n')[0]).toMatch(/^📣 .*Bawaslu.*7 hari/);
  });

  it('checks a forwarded message as a claim', async () => {
    const [reply] = await bot.say(
      {
        text: 'VIDEO: Presiden Jokowi pidato lancar pakai bahasa Mandarin!! sebarkan',
        context: { forwardedFrom: 'chat Grup RT' },
      },
      'fw',
    );
    expect(reply).toMatch(/^❌ Hoaks\./);
    const [unknown] = await bot.say(
      { text: 'Pemilu 2029 katanya pakai e-voting semua', context: { forwardedFrom: 'chat Grup RT' } },
      'fw2',
    );
    expect(unknown).toContain('belum punya klarifikasi resmi');
  });

  it('keeps declines, clarifications chosen, "neither" and 👎 in the gap inbox with the sender hashed', async () => {
    const before = (await bot.database.db.select().from(qaGaps)).length;
    const [declined] = await bot.say('bagaimana aturan soal lomba burung berkicau untuk asn', 'g');
    expect(declined).toContain('belum');
    await bot.say('pns share video kampanye paslon boleh?', 'g2');
    await bot.say('👎', 'g2');
    const rows = (await bot.database.db.select().from(qaGaps)).slice(before);
    expect(rows.map((r) => r.reason)).toEqual(expect.arrayContaining(['declined', 'unhelpful']));
    const unhelpful = rows.find((r) => r.reason === 'unhelpful')!;
    expect(unhelpful.topicId).toBe('medsos-share');
    expect(unhelpful.question).toBe('pns share video kampanye paslon boleh?');
    expect(unhelpful.senderHash).toMatch(/^[0-9a-f]{12}$/);
    expect(unhelpful.senderHash).not.toContain('g2');
  });

  it('asks which topic was meant when two fit with different verdicts, and records the choice', async () => {
    const tied = tiedIndex();
    const facilities = tied.kb.byId.get('fasilitas-kantor')!;
    const services = {
      ...(await createServices(parseConfig({}))),
      knowledge: tied,
      qa: inlineAnswerer(tied),
    };
    const tiedBot = await createTestBot({ backend, services });
    try {
      await clarifyAndChoose(tiedBot, facilities.questions.id[0]!);
    } finally {
      await tiedBot.close();
    }
  });

  async function clarifyAndChoose(bot: TestBot, question: string): Promise<void> {
    const [ask] = await bot.say(question, 'cl');
    expect(ask).toMatch(/^Supaya jawabannya tepat: maksud Anda yang mana\?/);
    expect(ask).toMatch(/\d\. Fasilitas kantor/);
    expect(ask).toMatch(/\d\. Kampanye di kantor\/sekolah/);
    expect(ask).toContain('3. Bukan keduanya');
    expect(ask).not.toMatch(/Tidak boleh|Tergantung/);
    const venue = /(\d)\. Kampanye di kantor\/sekolah/.exec(ask!)![1]!;
    const [answer] = await bot.say(venue, 'cl');
    expect(answer).toMatch(/^⚠️ Tergantung\./);
    const rows = await bot.database.db.select().from(qaGaps);
    const chosen = rows.find((r) => r.reason === 'clarified');
    expect(chosen?.topicId).toBe('kampanye-kantor-sekolah');
    expect(chosen?.question).toBe(question);

    await bot.say(question, 'cl2');
    const [neither] = await bot.say('3', 'cl2');
    expect(neither).toContain('saya catat');
    const after = await bot.database.db.select().from(qaGaps);
    expect(after.some((r) => r.reason === 'neither')).toBe(true);
  }

  it('answers a question typed in the middle of another flow, and that flow continues', async () => {
    await bot.say('survey', 'm');
    await bot.say('Budi', 'm');
    const replies = await bot.say('eh pns boleh like postingan capres gak sih', 'm');
    expect(replies[0]).toMatch(/^❌ Tidak boleh\./);
    expect(replies.at(-1)).toBe('age?');
    const [confirm] = await bot.say('30', 'm');
    expect(confirm).toContain('save Budi 30?');
  });
});
