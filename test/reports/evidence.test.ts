import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/content/copy';
import { defineFlow } from '../../src/core/flow';
import { contacts, evidenceFiles, evidenceSenders, reportEvidence, reports } from '../../src/db/schema';
import {
  discardEvidence,
  linkEvidence,
  ocrTextFor,
  otherReportsWith,
  pgEvidenceStore,
  storedSha256s,
  stripImageMetadata,
  UnreadableImageError,
} from '../../src/reports/evidence';
import { createTestBot, mediaOf, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { gpsOf, photoWithGps } from '../support/images';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Stands in for the real screenshot flow: keeps any file sent outside a flow as evidence. */
const keepFlow = defineFlow({
  name: 'screenshot',
  version: 1,
  steps: {},
  start: (_ctx, args) =>
    args.media
      ? {
          to: 'end',
          replies: [{ text: 'kept' }],
          effects: [
            {
              type: 'evidence.store',
              sha256: args.media.sha256,
              mime: args.media.mime ?? '',
              kind: args.media.kind,
              bytes: args.media.bytes,
              ...(args.media.fileName ? { fileName: args.media.fileName } : {}),
            },
          ],
        }
      : { to: 'end' },
});

describe.each(backends)('evidence on %s', (backend) => {
  let bot: TestBot;
  let photo: Buffer;
  beforeAll(async () => {
    bot = await createTestBot({ backend, flows: [keepFlow] });
    photo = await photoWithGps('jpeg');
  });
  afterAll(() => bot.close());

  const rowsFor = (hash: string) =>
    bot.database.db.select().from(evidenceFiles).where(eq(evidenceFiles.sha256, hash));

  async function fakeReport(ticket: string): Promise<number> {
    const [c] = await bot.database.db
      .insert(contacts)
      .values({ channel: 'console', externalId: `reporter-${ticket}` })
      .returning();
    const [r] = await bot.database.db
      .insert(reports)
      .values({ ticket, contactId: c!.id, category: 'asn', fields: {} })
      .returning();
    return r!.id;
  }

  it('stores the same file once, whoever sends it and however often', async () => {
    expect(await bot.say({ media: mediaOf(photo) }, 'alice')).toEqual(['kept']);
    expect(await bot.say({ media: mediaOf(photo) }, 'alice')).toEqual(['kept']);
    expect(await bot.say({ media: mediaOf(photo, 'document', { fileName: 'bukti.jpg' }) }, 'bob')).toEqual([
      'kept',
    ]);
    const rows = await rowsFor(sha(photo));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.mime).toBe('image/jpeg');
    expect(rows[0]!.ocrStatus).toBe('pending');
    const again = await pgEvidenceStore.put(bot.database.db, {
      sha256: sha(photo),
      mime: 'image/jpeg',
      bytes: photo,
    });
    expect(again).toEqual({ id: rows[0]!.id, created: false });
  });

  it('strips GPS and EXIF from a JPEG, keeping its orientation and the hash of the original', async () => {
    const before = await sharp(photo).metadata();
    expect(gpsOf(before.exif)).toEqual({ latRef: 'S', lat: [7, 47, 0], lonRef: 'E', lon: [110, 22, 0] });
    expect(before.exif?.toString('latin1')).toContain('TestPhone');
    expect([before.width, before.height, before.orientation]).toEqual([64, 48, 6]);

    const [row] = await rowsFor(sha(photo));
    const stored = await pgEvidenceStore.get(bot.database.db, row!.id);
    expect(stored).toBeDefined();
    expect(stored!.sha256).toBe(sha(photo));
    expect(stored!.size).toBe(stored!.bytes.length);
    const after = await sharp(stored!.bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(gpsOf(after.exif)).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(stored!.bytes.includes(Buffer.from('TestPhone'))).toBe(false);
    // Rotated into the pixels, so it looks as it did on the phone.
    expect([after.width, after.height, after.orientation]).toEqual([48, 64, undefined]);
  });

  it.each(['png', 'webp'] as const)('strips GPS from a %s too', async (format) => {
    const img = await photoWithGps(format);
    expect(gpsOf((await sharp(img).metadata()).exif)?.latRef).toBe('S');
    expect(await bot.say({ media: mediaOf(img) }, 'carol')).toEqual(['kept']);
    const [row] = await rowsFor(sha(img));
    const after = await sharp(row!.bytes).metadata();
    expect(after.format).toBe(format);
    expect(after.exif).toBeUndefined();
    expect([after.width, after.height]).toEqual([48, 64]);
  });

  it('never tells a sender that the same file is already evidence elsewhere; records who sent it', async () => {
    const reportId = await fakeReport('PN-TEST-A1');
    await bot.database.db.transaction((tx) => linkEvidence(tx, reportId, [sha(photo)]));
    expect(await otherReportsWith(bot.database.db, sha(photo))).toEqual(['PN-TEST-A1']);

    // A stranger sending the same screenshot gets exactly what a new file gets: no hint.
    expect(await bot.say({ media: mediaOf(photo) }, 'dave')).toEqual(['kept']);
    expect(await bot.say({ media: mediaOf(photo), locale: 'en' }, 'erin')).toEqual(['kept']);
    const [row] = await rowsFor(sha(photo));
    expect(await rowsFor(sha(photo))).toHaveLength(1);
    const senders = await bot.database.db
      .select({ contactId: evidenceSenders.contactId })
      .from(evidenceSenders)
      .where(eq(evidenceSenders.evidenceId, row!.id));
    expect(senders.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a discarded file that someone else also sent, and deletes one nobody keeps', async () => {
    const own = await sharp({
      create: { width: 20, height: 20, channels: 3, background: { r: 7, g: 99, b: 3 } },
    })
      .png()
      .toBuffer();
    expect(await bot.say({ media: mediaOf(own) }, 'frank')).toEqual(['kept']);
    expect(await bot.say({ media: mediaOf(own) }, 'gina')).toEqual(['kept']);
    const ids = async (name: string) => {
      const [c] = await bot.database.db.select().from(contacts).where(eq(contacts.externalId, name));
      return c!;
    };
    const frank = await ids('frank');
    const gina = await ids('gina');
    expect(await bot.database.db.transaction((tx) => discardEvidence(tx, frank.id, [sha(own)]))).toBe(0);
    expect(await rowsFor(sha(own))).toHaveLength(1);
    expect(await bot.database.db.transaction((tx) => discardEvidence(tx, gina.id, [sha(own)]))).toBe(1);
    expect(await rowsFor(sha(own))).toHaveLength(0);
    // A file a submitted report keeps is never deleted by a discard.
    expect(await bot.database.db.transaction((tx) => discardEvidence(tx, frank.id, [sha(photo)]))).toBe(0);
    expect(await rowsFor(sha(photo))).toHaveLength(1);
  });

  it('refuses an .exe renamed .jpg through the whole engine, in the user language, storing nothing', async () => {
    const exe = Buffer.alloc(4096);
    exe.write('MZ');
    exe.write('This program cannot be run in DOS mode.', 78);
    const before = await bot.database.db.select({ n: sql<number>`count(*)::int` }).from(evidenceFiles);
    const id = await bot.say(
      { media: mediaOf(exe, 'document', { fileName: 'x.jpg', mime: 'image/jpeg' }) },
      'mallory',
    );
    // The refusal first; the engine then shows where the user can go on (the menu, for an idle user).
    expect(id[0]).toBe(t('core.file_type_refused', 'id'));
    const en = await bot.say({ media: mediaOf(exe, 'image', { fileName: 'x.jpg' }), locale: 'en' }, 'trent');
    expect(en[0]).toBe(t('core.file_type_refused', 'en'));
    const after = await bot.database.db.select({ n: sql<number>`count(*)::int` }).from(evidenceFiles);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await rowsFor(sha(exe))).toHaveLength(0);
  });

  it('tells the user when an image cannot be decoded, and stores nothing', async () => {
    // JPEG magic bytes (so file-type accepts it) followed by garbage.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    await expect(stripImageMetadata(broken, 'image/jpeg')).rejects.toBeInstanceOf(UnreadableImageError);
    expect(await bot.say({ media: mediaOf(broken) }, 'frank')).toEqual([
      'kept',
      t('evidence.unreadable', 'id'),
    ]);
    expect(await rowsFor(sha(broken))).toHaveLength(0);
    expect(await storedSha256s(bot.database.db, [sha(broken), sha(photo)])).toEqual([sha(photo)]);
  });

  it('keeps a PDF as sent, not queued for OCR', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expect(await bot.say({ media: mediaOf(pdf, 'document', { fileName: 'surat.pdf' }) }, 'grace')).toEqual([
      'kept',
    ]);
    const [row] = await rowsFor(sha(pdf));
    expect(row!.mime).toBe('application/pdf');
    expect(row!.ocrStatus).toBe('none');
    expect(Buffer.compare(row!.bytes, pdf)).toBe(0);
  });

  it('links files to a report once, skipping unknown hashes', async () => {
    const reportId = await fakeReport('PN-TEST-C3');
    const png = await photoWithGps('png');
    await bot.database.db.transaction(async (tx) => {
      await linkEvidence(tx, reportId, [sha(photo), sha(png), sha(photo), 'f'.repeat(64)]);
      await linkEvidence(tx, reportId, [sha(photo)]);
      await linkEvidence(tx, reportId, []);
    });
    const links = await bot.database.db
      .select()
      .from(reportEvidence)
      .where(eq(reportEvidence.reportId, reportId));
    expect(links).toHaveLength(2);
    expect(await otherReportsWith(bot.database.db, sha(photo))).toEqual(['PN-TEST-A1', 'PN-TEST-C3']);
    expect(await otherReportsWith(bot.database.db, 'f'.repeat(64))).toEqual([]);
  });

  it('gives OCR text only for files that were read', async () => {
    const png = await photoWithGps('png');
    await bot.database.db
      .update(evidenceFiles)
      .set({ ocrStatus: 'done', ocrText: '  Ayo dukung paslon 02  ' })
      .where(eq(evidenceFiles.sha256, sha(png)));
    expect(await ocrTextFor(bot.database.db, [sha(png), sha(photo), 'f'.repeat(64)])).toEqual({
      [sha(png)]: 'Ayo dukung paslon 02',
    });
    expect(await ocrTextFor(bot.database.db, [])).toEqual({});
  });

  it('stores one row when the same file arrives in two transactions at once', async () => {
    const img = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const file = { sha256: sha(img), mime: 'image/png', bytes: img };
    const results = await Promise.all([
      bot.database.db.transaction((tx) => pgEvidenceStore.put(tx, file)),
      bot.database.db.transaction((tx) => pgEvidenceStore.put(tx, file)),
      bot.database.db.transaction((tx) => pgEvidenceStore.put(tx, file)),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await rowsFor(sha(img))).toHaveLength(1);
  });

  it('refuses bytes that do not match the hash given', async () => {
    await expect(
      pgEvidenceStore.put(bot.database.db, { sha256: 'a'.repeat(64), mime: 'image/jpeg', bytes: photo }),
    ).rejects.toThrow(/sha256/);
  });
});
