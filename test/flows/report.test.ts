import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFiles, reportEvents, reportEvidence, reports, sessions } from '../../src/db/schema';
import { createTestBot, mediaOf, type TestBot } from '../support/chat';
import { backends, openTestDatabase } from '../support/db';
import {
  ASN_AFTER_FILE,
  ASN_BEFORE_FILE,
  asnToReview,
  CHRONOLOGY,
  copy,
  png,
  script,
  sendFile,
  TICKET_RE,
} from '../support/report';

describe.each(backends)('report flow on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend });
  });
  afterAll(() => bot.close());

  it('files an ASN report end to end: ticket, first status, evidence linked, anonymous', async () => {
    const first = await bot.say('lapor', 'asn');
    expect(first.join('\n')).toContain(copy('report.category'));
    const intro = (await bot.say('1', 'asn')).join('\n');
    expect(intro).toContain(copy('report.intro', { count: 11, minutes: 4 }));
    expect(intro).toContain('batal');
    await script(bot, 'asn', ASN_BEFORE_FILE.slice(2));
    const attached = await sendFile(bot, await png(), 'asn');
    expect(attached.join('\n')).toContain(copy('report.file_attached', { n: 1 }));
    const review = await script(bot, 'asn', ASN_AFTER_FILE);
    expect(review).toContain('Periksa laporan Anda');
    expect(review).toContain('Terlapor: Budi Santoso');
    expect(review).toContain('Instansi/jabatan: Dinas Pendidikan Kab. Sleman, guru');
    expect(review).toContain('Tempat terlihat: Facebook');
    expect(review).toContain('https://www.facebook.com/budi.s/posts/123');
    expect(review).toMatch(/Lokasi: .*SLEMAN/i);
    expect(review).toContain('Bukti: 1 file');
    expect(review).toContain('Pelapor: anonim');
    const done = (await bot.say('Kirim', 'asn')).join('\n');
    const ticket = TICKET_RE.exec(done)?.[0];
    expect(ticket).toBeDefined();
    expect(done).toContain(`cek ${ticket}`);
    expect(done).toContain('BKN');
    expect(done).toContain(copy('report.choice.handoff.asn'));

    const db = bot.database.db;
    const [row] = await db.select().from(reports).where(eq(reports.ticket, ticket!));
    expect(row).toMatchObject({ category: 'asn', status: 'baru', anonymous: true, reporterName: null });
    expect(row!.fields).toMatchObject({ who: 'Budi Santoso', behaviour: 'social', platform: 'facebook' });
    expect(row!.fields).not.toHaveProperty('editing');
    const events = await db.select().from(reportEvents).where(eq(reportEvents.reportId, row!.id));
    expect(events.map((e) => e.status)).toEqual(['baru']);
    const linked = await db.select().from(reportEvidence).where(eq(reportEvidence.reportId, row!.id));
    expect(linked).toHaveLength(1);

    // The ready-to-paste summary is one choice away, so the citizen never types it twice.
    const summary = (await bot.say('1', 'asn')).join('\n');
    expect(summary).toContain(copy('report.handoff_intro.asn'));
    expect(summary).toContain(ticket!);
    expect(summary).toContain(CHRONOLOGY);
    // And the status one more.
    await bot.say('lapor', 'asn');
    await bot.say('batal', 'asn');
    await bot.say('ya', 'asn');
  });

  it('files a hoax report (claim, where seen, screenshot, why false)', async () => {
    await script(bot, 'hoax', ['laporkan', '2']);
    await bot.say('Surat suara sudah dicoblos duluan di TPS 5', 'hoax');
    await bot.say('whatsapp', 'hoax');
    await bot.say('tidak ada', 'hoax'); // refused: online with no link and no screenshot yet
    await sendFile(bot, await png(), 'hoax');
    const links = (await bot.say('tidak ada', 'hoax')).join('\n');
    expect(links).toContain(copy('report.evidence_more', { n: 1 }));
    await bot.say('selesai', 'hoax');
    await bot.say('KPU sudah membantah kabar ini di situs resminya', 'hoax');
    await bot.say('anonim', 'hoax');
    const review = (await bot.say('setuju', 'hoax')).join('\n');
    expect(review).toContain('Klaim: Surat suara sudah dicoblos duluan di TPS 5');
    expect(review).toContain('Alasan keliru: KPU sudah membantah');
    const done = (await bot.say('kirim', 'hoax')).join('\n');
    expect(done).toMatch(TICKET_RE);
    expect(done).toContain('aduankonten.id');
    expect(done).toContain('belum kami verifikasi');
  });

  it.each([
    ['money', '3', 'Bawaslu'],
    ['other', '4', 'Bawaslu'],
  ])('files a %s report with a named reporter', async (category, pick, dest) => {
    const user = `c-${category}`;
    await script(bot, user, ['lapor', pick, 'Tim sukses calon A, Pak Joko']);
    await bot.say(
      'Pak Joko membagikan amplop berisi uang lima puluh ribu kepada warga RT 3 sambil meminta memilih calon A',
      user,
    );
    await script(bot, user, ['sleman', '3 hari lalu']);
    await bot.say('tidak ada bukti', user);
    await bot.say('saya melihatnya langsung tanpa sempat memotret', user);
    await bot.say('cantumkan nama', user);
    await bot.say('Siti Aminah', user);
    await bot.say('0812 3456 7890', user);
    const review = (await bot.say('setuju', user)).join('\n');
    expect(review).toContain('Pelapor: Siti Aminah, 0812 3456 7890');
    expect(review).toContain('Bukti: tidak ada (saya melihatnya langsung');
    const done = (await bot.say('kirim', user)).join('\n');
    expect(done).toContain(dest);
    expect(done).toContain('7 hari');
    const [row] = await bot.database.db
      .select()
      .from(reports)
      .where(eq(reports.ticket, TICKET_RE.exec(done)![0]));
    expect(row).toMatchObject({ category, anonymous: false, reporterName: 'Siti Aminah' });
  });

  it('answers every bad answer at every step with a reason and the same step', async () => {
    const u = 'bad';
    const check = async (input: string, errKey: string, promptKey: string, vars = {}) => {
      const out = (await bot.say(input, u)).join('\n');
      expect(out, `"${input}" at ${promptKey}`).toContain(copy(errKey));
      expect(out, `"${input}" at ${promptKey}`).toContain(copy(promptKey, vars));
    };
    await bot.say('lapor', u);
    await check('mobil', 'report.category_pick', 'report.category');
    await bot.say('1', u);
    await check('12345', 'report.who_bad', 'report.who_asn');
    await bot.say('tidak tahu', u);
    await check('!!!???', 'report.agency_bad', 'report.agency');
    await bot.say('Kantor Camat', u);
    await check('bagus', 'report.what_bad', 'report.what');
    await bot.say('memasang stiker calon di mobil dinas kantor', u);
    await check('friendster', 'report.platform_pick', 'report.platform');
    await bot.say('instagram', u);
    await check('ada di hp saya', 'report.links_bad', 'report.links');
    await check('tidak ada', 'report.links_needed', 'report.links');
    await bot.say('instagram.com/p/abc123 dan https://www.instagram.com/p/def456', u);
    await check('besok', 'report.when_future', 'report.when');
    await check('pokoknya dulu sekali', 'report.when_unclear', 'report.when');
    await bot.say('12/1/2024', u);
    await check('12', 'report.where_bad', 'report.where');
    await check('Atlantis Raya', 'report.where_unknown', 'report.where');
    await bot.say('tidak tahu', u);
    await check('ada di laptop', 'report.evidence_bad', 'report.evidence', { n: 0 });
    const refused = (await bot.say({ media: mediaOf(new TextEncoder().encode('MZ not an image')) }, u)).join(
      '\n',
    );
    expect(refused).toContain(copy('core.file_type_refused'));
    expect(refused).toContain(copy('report.evidence', { n: 0 }));
    await bot.say('tidak ada bukti', u);
    await check('hilang', 'report.evidence_reason_bad', 'report.evidence_reason');
    await bot.say('sudah dihapus oleh pemiliknya', u);
    await check('', 'core.empty', 'report.chronology');
    await check('korupsi', 'report.chrono_short', 'report.chronology');
    await check(
      'tes tes tes coba coba halo halo test test asdf asdf wkwk wkwk haha',
      'report.chrono_offtopic',
      'report.chronology',
    );
    await check(
      'asdfg hjkl qwrty zxcvb mnbvc lkjhg poiuy trwq',
      'report.chrono_offtopic',
      'report.chronology',
    );
    await bot.say(CHRONOLOGY, u);
    await check('mungkin', 'report.identity_pick', 'report.identity');
    await bot.say('cantumkan nama', u);
    await check('007', 'report.name_bad', 'report.identity_name');
    await bot.say('Rina', u);
    await check('rumah saya', 'report.contact_bad', 'report.identity_contact');
    await bot.say('lewati', u);
    await check('hmm', 'report.consent_pick', 'report.consent');
    await check('tidak setuju', 'report.consent_needed', 'report.consent');
    const review = (await bot.say('setuju', u)).join('\n');
    expect(review).toContain('Terlapor: tidak tahu');
    expect(review).toContain('Kejadian: memasang stiker calon di mobil dinas kantor');
    expect(review).toContain('Waktu: 12 Januari 2024');
    expect(review).toContain('Pelapor: Rina');
    // Long ago: the 7-day note was given at the "when" step; the review refuses a stray answer.
    const stray = (await bot.say('entahlah', u)).join('\n');
    expect(stray).toContain(copy('report.review_pick'));
    expect(stray).toContain('Periksa laporan Anda');
    await bot.say('batal', u);
    await bot.say('ya', u);
  });

  it('warns that Bawaslu takes reports within 7 days of becoming known', async () => {
    await script(bot, 'old', ['lapor', '1', 'tidak tahu', 'tidak tahu', '1', 'facebook', 'fb.com/x/posts/1']);
    const out = (await bot.say('12 Januari 2024', 'old')).join('\n');
    expect(out).toContain('paling lambat 7 hari sejak diketahui');
    expect(out).toContain(copy('report.where'));
    await bot.say('batal', 'old');
    await bot.say('ya', 'old');
  });

  it('offers choices when the place is ambiguous', async () => {
    await script(bot, 'amb', ['lapor', '3', 'tidak tahu', CHRONOLOGY]);
    const out = (await bot.say('bandung', 'amb')).join('\n');
    expect(out).toContain(copy('report.where_which'));
    expect(out).toMatch(/KAB(UPATEN|\.)? BANDUNG/i);
    expect(out).toMatch(/KOTA BANDUNG/i);
    const picked = (await bot.say('2', 'amb')).join('\n');
    expect(picked).toContain(copy('report.when'));
    await bot.say('kemarin', 'amb');
    await bot.say('tidak ada bukti', 'amb');
    await bot.say('dihapus pemiliknya kemarin', 'amb');
    await bot.say('anonim', 'amb');
    const review = (await bot.say('setuju', 'amb')).join('\n');
    expect(review).toMatch(/Lokasi: .*BANDUNG, JAWA BARAT/i);
    await bot.say('batal', 'amb');
    await bot.say('ya', 'amb');
  });

  it('edits any field from the review and comes back to the review', async () => {
    const { review } = await asnToReview(bot, 'edit');
    expect(review).toContain('Terlapor: Budi Santoso');
    const fields = (await bot.say('Ubah', 'edit')).join('\n');
    expect(fields).toContain(copy('report.edit_pick'));
    const who = (await bot.say('Terlapor', 'edit')).join('\n');
    expect(who).toContain(copy('report.who_asn'));
    const back = (await bot.say('Budi Santosa', 'edit')).join('\n');
    expect(back).toContain('Terlapor: Budi Santosa');
    expect(back).toContain('Periksa laporan Anda');
    // Typed "ubah waktu" goes straight to that field.
    const when = (await bot.say('ubah waktu', 'edit')).join('\n');
    expect(when).toContain(copy('report.when'));
    const back2 = (await bot.say('12 Januari 2024', 'edit')).join('\n');
    expect(back2).toContain('Waktu: 12 Januari 2024');
    // Changing the reporter walks its sub-questions, then returns.
    await bot.say('ubah pelapor', 'edit');
    await bot.say('cantumkan nama', 'edit');
    await bot.say('Dewi', 'edit');
    const back3 = (await bot.say('dewi@contoh.id', 'edit')).join('\n');
    expect(back3).toContain('Pelapor: Dewi, dewi@contoh.id');
    const done = (await bot.say('kirim', 'edit')).join('\n');
    const [row] = await bot.database.db
      .select()
      .from(reports)
      .where(eq(reports.ticket, TICKET_RE.exec(done)![0]));
    expect(row!.fields).toMatchObject({ who: 'Budi Santosa', when: '2024-01-12' });
    expect(row).toMatchObject({ reporterName: 'Dewi', reporterContact: 'dewi@contoh.id' });
  });

  it('attaches a file sent at any step and carries on with that step', async () => {
    await script(bot, 'any', ['lapor', '1']);
    const out = (await sendFile(bot, await png(), 'any')).join('\n');
    expect(out).toContain(copy('report.file_attached', { n: 1 }));
    expect(out).toContain(copy('report.who_asn'));
    const again = (await bot.say('Pak Ahmad', 'any')).join('\n');
    expect(again).toContain(copy('report.agency'));
    const f = await png();
    await sendFile(bot, f, 'any');
    const dup = (await sendFile(bot, f, 'any')).join('\n');
    expect(dup).toContain(copy('report.file_again'));
    const [s] = await bot.database.db.select().from(sessions);
    expect(s).toBeDefined();
    await bot.say('batal', 'any');
    await bot.say('ya', 'any');
  });

  it('uses OCR text of the attached screenshot as a draft and pre-fills links', async () => {
    await script(bot, 'ocr', ['lapor', '1', 'tidak tahu', 'tidak tahu', '1']);
    const file = await png();
    await sendFile(bot, file, 'ocr');
    const sha = createHash('sha256').update(file).digest('hex');
    await bot.database.db
      .update(evidenceFiles)
      .set({
        ocrText:
          'Pak Camat ikut kampanye calon nomor 2 di lapangan desa https://tiktok.com/@camat/video/9 #coblos2',
        ocrStatus: 'done',
      })
      .where(eq(evidenceFiles.sha256, sha));
    const links = (await bot.say('tiktok', 'ocr')).join('\n');
    expect(links).toContain('https://tiktok.com/@camat/video/9');
    expect(links).toContain(copy('report.choice.use_image_links'));
    await bot.say('Pakai yang dari gambar', 'ocr');
    await script(bot, 'ocr', ['kemarin', 'sleman']);
    const chrono = (await bot.say('selesai', 'ocr')).join('\n');
    expect(chrono).toContain('Pak Camat ikut kampanye calon nomor 2');
    await bot.say('Pakai teks dari gambar', 'ocr');
    await bot.say('anonim', 'ocr');
    const review = (await bot.say('setuju', 'ocr')).join('\n');
    expect(review).toContain('Kronologi: Pak Camat ikut kampanye');
    expect(review).toContain('#coblos2');
    await bot.say('batal', 'ocr');
    await bot.say('ya', 'ocr');
  });

  it('asks once on batal, then discards; "tidak" keeps the draft where it was', async () => {
    await script(bot, 'cancel', ['lapor', '1', 'Pak Ahmad']);
    const ask = (await bot.say('batal', 'cancel')).join('\n');
    expect(ask).toContain(copy('report.cancel_confirm'));
    const kept = (await bot.say('tidak', 'cancel')).join('\n');
    expect(kept).toContain(copy('report.kept'));
    expect(kept).toContain(copy('report.agency'));
    await bot.say('batal', 'cancel');
    const gone = (await bot.say('ya', 'cancel')).join('\n');
    expect(gone).toContain(copy('report.discarded'));
    const fresh = (await bot.say('lapor', 'cancel')).join('\n');
    expect(fresh).not.toContain('Lanjutkan laporan sebelumnya');
    expect(fresh).toContain(copy('report.category'));
    // batal twice in a row also discards.
    await bot.say('batal', 'cancel');
    expect((await bot.say('batal', 'cancel')).join('\n')).toContain(copy('report.discarded'));
  });

  it('parks the draft on menu and offers to continue it', async () => {
    await script(bot, 'park', ['lapor', '1', 'Pak Ahmad', 'Kantor Camat']);
    await bot.say('menu', 'park');
    const back = (await bot.say('Laporkan pelanggaran', 'park')).join('\n');
    expect(back).toContain('Lanjutkan laporan sebelumnya?');
    const cont = (await bot.say('lanjutkan', 'park')).join('\n');
    expect(cont).toContain(copy('report.what'));
    await bot.say('menu', 'park');
    await bot.say('lapor', 'park');
    const fresh = (await bot.say('mulai baru', 'park')).join('\n');
    expect(fresh).toContain(copy('report.category'));
  });

  it('speaks English after "language"', async () => {
    await bot.say('language', 'en');
    const cat = (await bot.say('report', 'en')).join('\n');
    expect(cat).toContain(copy('report.category', {}, 'en'));
    const who = (await bot.say('1', 'en')).join('\n');
    expect(who).toContain(copy('report.intro', { count: 11, minutes: 4 }, 'en'));
    expect(who).toContain(copy('report.who_asn', {}, 'en'));
    const bad = (await bot.say('12345', 'en')).join('\n');
    expect(bad).toContain(copy('report.who_bad', {}, 'en'));
    await bot.say('cancel', 'en');
    expect((await bot.say('yes', 'en')).join('\n')).toContain(copy('report.discarded', {}, 'en'));
  });

  it('tells a stranger nothing about a file that is already evidence in another report', async () => {
    const file = await png();
    await script(bot, 'dup1', ASN_BEFORE_FILE);
    await sendFile(bot, file, 'dup1');
    await script(bot, 'dup1', ASN_AFTER_FILE);
    expect((await bot.say('kirim', 'dup1')).join('\n')).toMatch(TICKET_RE);
    await script(bot, 'dup2', ['lapor', '1']);
    await script(bot, 'dup3', ['lapor', '1']);
    const out = (await sendFile(bot, file, 'dup2')).join('\n');
    const fresh = (await sendFile(bot, await png(), 'dup3')).join('\n');
    // Exactly what a file nobody sent before gets: not a word about other reports.
    expect(out).toBe(fresh);
    expect(out).not.toMatch(TICKET_RE);
    expect(out).toContain(copy('report.file_attached', { n: 1 }));
    expect(out).toContain(copy('report.who_asn'));
    const sha = createHash('sha256').update(file).digest('hex');
    const rows = await bot.database.db.select().from(evidenceFiles).where(eq(evidenceFiles.sha256, sha));
    expect(rows).toHaveLength(1);
    await bot.say('batal', 'dup2');
    await bot.say('ya', 'dup2');
    await bot.say('batal', 'dup3');
    await bot.say('ya', 'dup3');
  });

  it('keeps the draft when the daily cap is reached', async () => {
    const capped = await createTestBot({ backend, database: bot.database, env: { REPORTS_PER_DAY: '1' } });
    await asnToReview(capped, 'cap');
    expect((await capped.say('kirim', 'cap')).join('\n')).toMatch(TICKET_RE);
    await asnToReview(capped, 'cap');
    const refused = (await capped.say('kirim', 'cap')).join('\n');
    expect(refused).toContain(copy('report.cooldown', { max: 1 }));
    expect(refused).not.toMatch(TICKET_RE);
    // Still at the review: the draft is there to send tomorrow.
    const still = (await capped.say('entahlah', 'cap')).join('\n');
    expect(still).toContain('Periksa laporan Anda');
  });
});

describe.each(backends)('report resume after restart on %s', (backend) => {
  it('continues a half-filled report in a new bot on the same database', async () => {
    const database = await openTestDatabase(backend);
    try {
      const first = await createTestBot({ backend, database });
      await script(first, 'r', ['lapor', '1', 'Pak Ahmad', 'Kantor Camat', '2']);
      // A new engine (a restart) on the same database.
      const second = await createTestBot({ backend, database });
      const offer = (await second.say('lapor', 'r')).join('\n');
      expect(offer).toContain('Lanjutkan laporan sebelumnya?');
      const cont = (await second.say('lanjutkan', 'r')).join('\n');
      expect(cont).toContain(copy('report.platform'));
      // Parked with "menu", then another restart: the menu entry offers it too.
      await second.say('menu', 'r');
      const third = await createTestBot({ backend, database });
      expect((await third.say('Laporkan pelanggaran', 'r')).join('\n')).toContain(
        'Lanjutkan laporan sebelumnya?',
      );
      const review = await script(third, 'r', [
        'lanjutkan',
        'facebook',
        'fb.com/x/posts/1',
        'kemarin',
        'sleman',
      ]);
      expect(review).toContain(copy('report.evidence', { n: 0 }));
    } finally {
      await database.close();
    }
  });
});
