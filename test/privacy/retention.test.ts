import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bossDb } from '../../src/broadcast/boss-db';
import { BOSS_SCHEMA } from '../../src/broadcast/workers';
import { contacts, evidenceFiles, outbox, reportEvidence, reports, sessions } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { formatCounts, runPrivacyCli } from '../../src/privacy/cli';
import { RETENTION_CRON, RETENTION_QUEUE, startPrivacyJobs } from '../../src/privacy/jobs';
import { retentionPolicy, runRetention } from '../../src/privacy/retention';
import { createTestBot, mediaOf, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { ASN_AFTER_FILE, ASN_BEFORE_FILE, png, script, sendFile, TICKET_RE } from '../support/report';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.each(backends)('retention on a fake clock (%s)', (backend) => {
  let bot: TestBot;
  const start = Date.now();
  beforeAll(async () => {
    bot = await createTestBot({ backend, channel: 'telegram' });
  });
  afterAll(() => bot.close());

  const at = (ms: number) => new Date(start + ms);
  const rowsFor = (file: Uint8Array) =>
    bot.database.db
      .select()
      .from(evidenceFiles)
      .where(eq(evidenceFiles.sha256, sha(file)));
  const policy = () => retentionPolicy(bot.config);

  it('deletes stray files after 24 hours, abandoned drafts after 30 days, idle sessions after 90', async () => {
    const db = bot.database.db;
    // A report that was sent keeps its file; a screenshot left at "what do you want to do?" does not.
    const kept = await png();
    await script(bot, '1001', ASN_BEFORE_FILE);
    await sendFile(bot, kept, '1001');
    await script(bot, '1001', ASN_AFTER_FILE);
    expect((await bot.say('kirim', '1001')).join('\n')).toMatch(TICKET_RE);
    const stray = await png();
    await bot.say({ media: mediaOf(stray) }, '1002');
    // A draft with a name in it, parked and forgotten.
    await script(bot, '1003', ['lapor', '1', 'Pak Joko Widagdo']);
    await bot.say('menu', '1003');

    expect(await runRetention(db, policy(), { now: at(23 * HOUR) })).toMatchObject({
      evidence: 0,
      drafts: 0,
    });
    const dry = await runRetention(db, policy(), { now: at(25 * HOUR), dryRun: true });
    expect(dry.evidence).toBe(1);
    expect(await rowsFor(stray)).toHaveLength(1);
    expect(await runRetention(db, policy(), { now: at(25 * HOUR) })).toEqual(dry);
    expect(await rowsFor(stray)).toHaveLength(0);
    expect(await rowsFor(kept)).toHaveLength(1);

    const drafts = await runRetention(db, policy(), { now: at(31 * DAY) });
    expect(drafts.drafts).toBeGreaterThanOrEqual(2); // 1002's screenshot question and 1003's parked report
    const [c] = await db.select().from(contacts).where(eq(contacts.externalId, '1003'));
    const [s] = await db.select().from(sessions).where(eq(sessions.contactId, c!.id));
    expect(s!.state.parked).toBeUndefined();
    expect(JSON.stringify(s!.state)).not.toContain('Joko');
    expect((await bot.say('lapor', '1003')).join('\n')).not.toContain('Lanjutkan');

    const before = await db.select().from(sessions);
    const idle = await runRetention(db, policy(), { now: at(91 * DAY) });
    expect(idle.sessions).toBe(before.length);
    expect(await db.select().from(sessions)).toHaveLength(0);
    // Replies sent long ago (they quote what people typed) are gone too.
    expect(idle.sentReplies + drafts.sentReplies).toBeGreaterThan(0);
    expect(
      await db.select().from(outbox).where(sql`${outbox.sentAt} is not null and ${outbox.sentAt} < now()`),
    ).toHaveLength(0);
  });

  it('after a closed report’s year: its files go, its text stays pseudonymised', async () => {
    const db = bot.database.db;
    const file = await png();
    await script(bot, '2001', ASN_BEFORE_FILE);
    await sendFile(bot, file, '2001');
    await script(bot, '2001', [
      'selesai',
      'Saya Rina Marlina melihat Budi Santoso mengunggah foto kampanye; nomor saya 081355501234 bisa dihubungi.',
      'nama',
      'Rina Marlina',
      '081355501234',
      'setuju',
    ]);
    const ticket = TICKET_RE.exec((await bot.say('kirim', '2001')).join('\n'))![0];
    await db
      .update(reports)
      .set({ status: 'selesai', updatedAt: new Date(start) })
      .where(eq(reports.ticket, ticket));
    const [r] = await db.select().from(reports).where(eq(reports.ticket, ticket));

    expect((await runRetention(db, policy(), { now: at(364 * DAY) })).closedReports).toBe(0);
    expect(await db.select().from(reportEvidence).where(eq(reportEvidence.reportId, r!.id))).toHaveLength(1);
    const counts = await runRetention(db, policy(), { now: at(366 * DAY) });
    expect(counts.closedReports).toBe(1);
    expect(await rowsFor(file)).toHaveLength(0);
    const [after] = await db.select().from(reports).where(eq(reports.ticket, ticket));
    expect(after).toMatchObject({
      reporterName: null,
      reporterContact: null,
      contactId: null,
      anonymous: true,
    });
    expect(after!.pseudonymisedAt).toBeInstanceOf(Date);
    const text = JSON.stringify(after!.fields);
    expect(text).not.toMatch(/Rina|Budi Santoso|081355501234/);
    expect(text).toContain('[pelapor]');
    expect(text).toContain('[nomor]');
    expect(text).toMatch(/orang-[0-9a-f]{6}/);
    expect(text).toContain('kampanye');
    // Once is enough.
    expect((await runRetention(db, policy(), { now: at(400 * DAY) })).closedReports).toBe(0);
  });

  it('prints what would go from the command line, changing nothing with --dry-run', async () => {
    await bot.say({ media: mediaOf(await png()) }, '3001');
    const out: string[] = [];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => out.push(s),
      open: async () => bot.database,
      config: bot.config,
      now: () => at(500 * DAY),
    };
    expect(await runPrivacyCli(['retention', '--dry-run'], io)).toBe(0);
    expect(out.join('')).toContain('Dry run: nothing was changed.');
    expect(out.join('')).toContain('files no submitted report keeps (would delete): 1');
    expect(await runPrivacyCli(['retention'], io)).toBe(0);
    expect(out.join('')).toContain('files no submitted report keeps (deleted): 1');
    expect(
      formatCounts(
        {
          closedReports: 0,
          evidence: 0,
          drafts: 0,
          sessions: 0,
          sentReplies: 0,
          whatsappSent: 0,
          tombstones: 0,
        },
        true,
      ),
    ).toContain('would delete');
  });

  it('is a daily job on pg-boss that runs retention when it fires', async () => {
    const boss = new PgBoss({
      db: bossDb(bot.database),
      schema: BOSS_SCHEMA,
      schedule: true,
    } as PgBoss.ConstructorOptions);
    boss.on('error', () => {});
    await boss.start();
    try {
      const stray = await png();
      await bot.say({ media: mediaOf(stray) }, '4001');
      const ran = new Promise<void>((resolve) => {
        const log = Object.assign(Object.create(silentLogger), {
          info: (o: unknown, msg?: string) => {
            if (msg === 'retention applied') resolve();
            return o;
          },
        });
        void startPrivacyJobs(boss, {
          database: bot.database,
          config: bot.config,
          log,
          now: () => at(600 * DAY),
        }).then(() => boss.send(RETENTION_QUEUE, {}));
      });
      await ran;
      expect(await rowsFor(stray)).toHaveLength(0);
      const schedules = await boss.getSchedules();
      expect(schedules.find((s) => s.name === RETENTION_QUEUE)?.cron).toBe(RETENTION_CRON);
    } finally {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 } as PgBoss.StopOptions);
    }
  });
});
