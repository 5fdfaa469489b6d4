import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFlows } from '../../flows/index';
import { qaFeedback } from '../../src/db/schema';
import { effectHandlers } from '../../src/effects';
import { surveyEffects, surveyFlow } from '../fixtures/survey-flow';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';

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

  it('answers free text with the verdict first and offers detail, related and feedback', async () => {
    const [reply] = await bot.say('min pns boleh ga like postingan capres di ig', 'a');
    expect(reply).toMatch(/^❌ Tidak boleh\.\n/);
    expect(reply).toContain('Dasar: ');
    expect(reply).toContain('Apakah jawaban ini membantu?');
    expect(reply).toContain('1. Lebih rinci');
    expect(reply).toContain('2. Topik terkait');
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
