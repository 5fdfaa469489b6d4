import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, evidenceFiles, reportEvents, reportEvidence, reports } from '../../src/db/schema';
import { hashId } from '../../src/log';
import { runPrivacyCli } from '../../src/privacy/cli';
import { createTestBot, mediaOf, plain, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { ASN_BEFORE_FILE, CHRONOLOGY, copy, png, script, sendFile, TICKET_RE } from '../support/report';
import { findEverywhere } from '../support/scan';

/** A Telegram user id and what they typed about themselves: none of it may survive a deletion. */
const SITI = '7391046628';
const NAME = 'Siti Rahmawati';
const PHONE = '081298765432';
const CHRONO = `Saya ${NAME} melihat sendiri Budi mengunggah foto bersama calon bupati nomor dua di Facebook. Hubungi saya di ${PHONE}.`;

describe.each(backends)('deleting a person’s data on %s', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ backend, channel: 'telegram' });
  });
  afterAll(() => bot.close());

  const say = (text: string, user = SITI) => bot.say(text, user);
  const admin = (x: { text?: string; choice?: string }) => bot.send({ ...x, isAdmin: true }, '5550001');

  async function namedReport(user: string, file: Uint8Array): Promise<string> {
    await script(bot, user, ASN_BEFORE_FILE);
    await sendFile(bot, file, user);
    await script(bot, user, ['selesai', CHRONO, 'nama', NAME, PHONE, 'setuju']);
    const ticket = TICKET_RE.exec((await bot.say('kirim', user)).join('\n'))?.[0];
    if (!ticket) throw new Error('no ticket');
    return ticket;
  }

  it('says what goes and what stays, deletes on confirmation, and leaves nothing that names the person', async () => {
    const db = bot.database.db;
    // Siti: two reports (one forwarded by an admin), a subscription, feedback, a draft with a file.
    const forwardedFile = await png();
    const ownFile = await png();
    const shared = await png();
    const kept = await namedReport(SITI, forwardedFile);
    const dropped = await namedReport(SITI, ownFile);
    await say('langganan');
    // An admin opens the report (the admin's chat now quotes her name and number) and forwards it.
    await admin({ text: '/laporan' });
    const opened = (await admin({ choice: `laporan:open:${kept}` })).replies.map(plain).join('\n');
    expect(opened).toContain(NAME);
    await admin({ choice: 'laporan:set:diteruskan' });
    await admin({ text: 'Bawaslu Kab. Sleman' });
    // Another citizen is halfway through a report with the same screenshot Siti has in her draft.
    await script(bot, '8800112233', ['lapor', '1']);
    await sendFile(bot, shared, '8800112233');
    await script(bot, SITI, ['lapor', '1', 'Pak Joko']);
    await sendFile(bot, shared, SITI);
    await sendFile(bot, await png(), SITI);

    // From the middle of the report: the preview says exactly what goes and what stays.
    const preview = (await say('hapus data saya')).join('\n');
    expect(preview).toContain(copy('privacy.delete_keeps', { reports: 2 }));
    expect(preview).toContain(copy('privacy.delete_keeps_forwarded', { forwarded: 1 }));
    expect(preview).toContain(copy('privacy.delete_draft'));
    expect(preview).toContain(copy('privacy.delete_subscribed'));
    // Her draft's private file and the unforwarded report's file go; the shared one stays the other citizen's.
    expect(preview).toContain(copy('privacy.delete_files', { files: 2 }));
    const done = (await say('ya')).join('\n');
    expect(done).toContain(
      copy('privacy.deleted', {
        files: 2,
        feedback: 0,
        reports: 2,
        subscribed: copy('privacy.deleted_subscription'),
      }),
    );

    // Nothing, in any table or column (read with the key), names her.
    const hits = await findEverywhere(bot.database, [SITI, `telegram:${SITI}`, NAME, PHONE]);
    expect(hits).toEqual([]);

    // Her reports stay for the authorities, unlinked; only the forwarded one keeps its file.
    const [k] = await db.select().from(reports).where(eq(reports.ticket, kept));
    const [d] = await db.select().from(reports).where(eq(reports.ticket, dropped));
    for (const r of [k!, d!]) {
      expect(r).toMatchObject({
        contactId: null,
        anonymous: true,
        reporterName: null,
        reporterContact: null,
      });
      expect(r.identityWithdrawnAt).toBeInstanceOf(Date);
      expect(JSON.stringify(r.fields)).toContain('[dihapus]');
      expect(r.fields).toMatchObject({ who: 'Budi Santoso' });
    }
    expect(await db.select().from(reportEvidence).where(eq(reportEvidence.reportId, k!.id))).toHaveLength(1);
    expect(await db.select().from(reportEvidence).where(eq(reportEvidence.reportId, d!.id))).toHaveLength(0);
    const notes = await db.select().from(reportEvents).where(eq(reportEvents.reportId, k!.id));
    expect(notes.map((n) => n.note)).toContain('Bawaslu Kab. Sleman');

    // Nobody can check her tickets any more, not even she (she is a new person now).
    expect((await say(`cek ${kept}`)).join('\n')).toContain(
      copy('report.status_not_found', { ticket: kept }),
    );
    const fresh = (await say('lapor')).join('\n');
    expect(fresh).not.toContain('Lanjutkan');

    // The other citizen lost nothing: the shared screenshot is still there and their report goes through.
    const other = '8800112233';
    await script(bot, other, ASN_BEFORE_FILE.slice(2));
    const review = await script(bot, other, ['selesai', CHRONOLOGY, 'anonim', 'setuju']);
    expect(review).toContain('Bukti: 1 file');
    const theirs = TICKET_RE.exec((await bot.say('kirim', other)).join('\n'))?.[0];
    const [t] = await db.select().from(reports).where(eq(reports.ticket, theirs!));
    expect(await db.select().from(reportEvidence).where(eq(reportEvidence.reportId, t!.id))).toHaveLength(1);
  });

  it('"tidak" deletes nothing, and the report in progress is still there to resume', async () => {
    const user = '6600770088';
    await script(bot, user, ['lapor', '1', 'Pak Joko']);
    await bot.say('hapus data saya', user);
    expect((await bot.say('tidak', user)).join('\n')).toContain(copy('privacy.delete_kept'));
    expect((await bot.say('lapor', user)).join('\n')).toContain('Lanjutkan');
    const [c] = await bot.database.db.select().from(contacts).where(eq(contacts.externalId, user));
    expect(c?.deletedAt).toBeNull();
  });

  it('works the same from the command line, by ticket or by the pseudonym in logs and exports', async () => {
    const user = '4455667788';
    const ticket = await namedReport(user, await png());
    const out: string[] = [];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => out.push(s),
      open: async () => bot.database,
    };
    expect(
      await runPrivacyCli(['delete', '--ticket', ticket], {
        ...io,
        config: bot.config,
        confirm: async () => false,
      }),
    ).toBe(0);
    expect(out.join('')).toContain('Nothing was deleted');
    expect(await runPrivacyCli(['delete', '--ticket', ticket, '--yes'], { ...io, config: bot.config })).toBe(
      0,
    );
    expect(out.join('')).toContain('1 report(s) kept without identity');
    expect(await findEverywhere(bot.database, [user, NAME, PHONE])).toEqual([]);
    // The report no longer leads to anyone.
    expect(await runPrivacyCli(['delete', '--ticket', ticket, '--yes'], { ...io, config: bot.config })).toBe(
      3,
    );

    const other = '9988776655';
    await bot.say('langganan', other);
    const pseudonym = hashId(`telegram:${other}`);
    expect(
      await runPrivacyCli(['delete', '--contact', pseudonym, '--yes'], { ...io, config: bot.config }),
    ).toBe(0);
    expect(await findEverywhere(bot.database, [other])).toEqual([]);
    expect(
      await runPrivacyCli(['delete', '--contact', 'ffffffffffff', '--yes'], { ...io, config: bot.config }),
    ).toBe(3);
    expect(await runPrivacyCli(['delete'], { ...io, config: bot.config })).toBe(2);
  });

  it('leaves no file behind a discarded draft or a "Tidak jadi" screenshot', async () => {
    const user = '3344556677';
    const a = await png();
    await bot.say({ media: mediaOf(a) }, user);
    await bot.say('Tidak jadi', user);
    await script(bot, user, ['lapor', '1']);
    const b = await png();
    await sendFile(bot, b, user);
    await bot.say('batal', user);
    expect((await bot.say('ya', user)).join('\n')).toContain(copy('report.discarded'));
    for (const file of [a, b]) {
      const sha = createHash('sha256').update(file).digest('hex');
      expect(await bot.database.db.select().from(evidenceFiles).where(eq(evidenceFiles.sha256, sha))).toEqual(
        [],
      );
    }
  });
});
