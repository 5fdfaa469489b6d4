import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFiles, reportEvidence, reports } from '../../src/db/schema';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { CHRONOLOGY, copy, png, script, sendFile, TICKET_RE } from '../support/report';

describe.each(backends)('screenshot first on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend });
  });
  afterAll(() => bot.close());

  it('keeps a file sent outside any flow and asks what to do with it', async () => {
    const out = (await sendFile(bot, await png(), 'shot')).join('\n');
    expect(out).toContain(copy('report.shot_ask'));
    expect(out).toContain(copy('report.shot.asn'));
    expect(out).toContain(copy('report.shot.hoax'));
    expect(out).toContain(copy('report.shot.none'));
    expect(await bot.database.db.select().from(evidenceFiles)).not.toHaveLength(0);
    expect((await bot.say('3', 'shot')).join('\n')).toContain(copy('report.shot_none_ok'));
  });

  it('(1) starts an ASN report with the file already attached', async () => {
    const file = await png();
    await sendFile(bot, file, 'shot1');
    const start = (await bot.say('1', 'shot1')).join('\n');
    expect(start).toContain(copy('report.intro', { count: 11, minutes: 4 }));
    expect(start).toContain(copy('report.who_asn'));
    await script(bot, 'shot1', ['Pak Ahmad', 'tidak tahu', '2', 'offline', 'tidak ada', 'kemarin', 'sleman']);
    const evidence = (await bot.say('selesai', 'shot1')).join('\n');
    expect(evidence).toContain(copy('report.chronology'));
    await script(bot, 'shot1', [CHRONOLOGY, 'anonim']);
    const review = (await bot.say('setuju', 'shot1')).join('\n');
    expect(review).toContain('Bukti: 1 file');
    const done = (await bot.say('kirim', 'shot1')).join('\n');
    const [row] = await bot.database.db
      .select()
      .from(reports)
      .where(eq(reports.ticket, TICKET_RE.exec(done)![0]));
    expect(
      await bot.database.db.select().from(reportEvidence).where(eq(reportEvidence.reportId, row!.id)),
    ).toHaveLength(1);
  });

  async function withOcr(user: string, text: string): Promise<void> {
    const { createHash } = await import('node:crypto');
    const file = await png();
    await sendFile(bot, file, user);
    const sha = createHash('sha256').update(file).digest('hex');
    await bot.database.db
      .update(evidenceFiles)
      .set({ ocrText: text, ocrStatus: 'done' })
      .where(eq(evidenceFiles.sha256, sha));
  }

  it('(2) checks the text of a hoax screenshot: the clarification first, then the offer to report', async () => {
    await withOcr(
      'shot2h',
      'VIRAL!! Video Presiden Jokowi pidato pakai bahasa Mandarin lancar di depan investor. Sebarkan!\n1,2 rb suka',
    );
    const out = await bot.say('2', 'shot2h');
    expect(out.join('\n')).toContain('Jokowi pidato pakai bahasa Mandarin');
    const answer = out.find((m) => m.startsWith('❌'));
    expect(answer).toMatch(/^❌ Hoaks\./);
    expect(out.at(-1)).toContain(copy('qa.shot_offer'));
    expect(out.indexOf(answer!)).toBeLessThan(out.length - 1);
    // Taking the offer starts a hoax report with the screenshot attached.
    const report = (await bot.say('1', 'shot2h')).join('\n');
    expect(report).toContain(copy('report.claim'));
    expect(report).toContain(copy('report.choice.use_image_text'));
  });

  it('(2) says plainly when a screenshot holds no claim it knows, and still offers the report', async () => {
    await withOcr('shot2', 'BREAKING: pemilu diundur ke tahun depan');
    const out = (await bot.say('2', 'shot2')).join('\n');
    expect(out).toContain('pemilu diundur ke tahun depan');
    expect(out).toContain(copy('qa.shot_unknown'));
    expect(out).not.toMatch(/❌|✅|⚠️/);
    expect(out).toContain(copy('qa.shot_offer'));
    await bot.say('Laporkan sebagai hoaks', 'shot2');
    await bot.say('Pakai teks dari gambar', 'shot2');
    await bot.say('facebook', 'shot2');
    await bot.say('tidak ada', 'shot2'); // a screenshot is attached, so no link is fine
    const evidence = (await bot.say('selesai', 'shot2')).join('\n');
    expect(evidence).toContain(copy('report.why'));
  });

  it('(2) says so when it could not read the image yet, and the offer can be declined', async () => {
    await sendFile(bot, await png(), 'shot2n');
    const out = (await bot.say('2', 'shot2n')).join('\n');
    expect(out).toContain(copy('qa.shot_nothing_read'));
    expect((await bot.say('tidak', 'shot2n')).join('\n')).toContain(copy('report.shot_none_ok'));
  });

  it('asks again on an answer that is none of the three', async () => {
    await sendFile(bot, await png(), 'shot3');
    const out = (await bot.say('entahlah', 'shot3')).join('\n');
    expect(out).toContain(copy('report.shot_pick'));
    expect(out).toContain(copy('report.shot_ask'));
  });
});
