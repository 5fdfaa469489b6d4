import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/hot';
import { contacts, evidenceFiles, reports } from '../../src/db/schema';
import {
  currentKeyId,
  installDataKeys,
  newDataKey,
  openBytes,
  openText,
  sealBytes,
  sealId,
  sealText,
} from '../../src/privacy/crypto';
import { pendingRekey, rekeyAll } from '../../src/privacy/rekey';
import { pgEvidenceStore } from '../../src/reports/evidence';
import { TEST_DATA_KEY } from '../support/data-key';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';
import { allTables } from '../support/scan';

const NAME = 'Dewi Lestari';
const PHONE = '085712340099';
const OCR = 'Kepala Dinas Pendidikan mengajak memilih calon nomor satu';

describe('sealing', () => {
  it('round-trips text, bytes and ids; ids are deterministic, text is not', () => {
    expect(openText(sealText(NAME))).toBe(NAME);
    expect(sealText(NAME)).not.toBe(sealText(NAME));
    expect(sealId('telegram:1')).toBe(sealId('telegram:1'));
    expect(openText(sealId('telegram:1'))).toBe('telegram:1');
    const bytes = Buffer.from('\x89PNG fake image');
    expect(openBytes(sealBytes(bytes)).equals(bytes)).toBe(true);
    // Values from before encryption read as they are.
    expect(openText('plain')).toBe('plain');
    expect(openBytes(bytes).equals(bytes)).toBe(true);
  });

  it('refuses a tampered value and a value under a key it does not have', () => {
    const sealed = sealText(NAME);
    const tampered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => openText(tampered)).toThrow();
    installDataKeys(newDataKey());
    expect(() => openText(sealed)).toThrow(/DATA_KEY_OLD/);
    installDataKeys(TEST_DATA_KEY);
    expect(openText(sealed)).toBe(NAME);
  });
});

describe.each(backends)('encryption at rest on %s', (backend) => {
  let database: TestDatabase;
  let image: Buffer;
  beforeAll(async () => {
    installDataKeys(TEST_DATA_KEY);
    database = await openTestDatabase(backend);
    image = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c0ffee' } })
      .png()
      .toBuffer();
    const db = database.db;
    const [c] = await db
      .insert(contacts)
      .values({ channel: 'whatsapp', externalId: '6285700001111' })
      .returning();
    await db.insert(reports).values({
      ticket: 'PN-CRYP-T2',
      contactId: c!.id,
      category: 'asn',
      fields: { who: 'Pak Joko', chronology: `Saksi: ${NAME}, ${PHONE}` },
      anonymous: false,
      reporterName: NAME,
      reporterContact: PHONE,
    });
    const { createHash } = await import('node:crypto');
    const { id } = await pgEvidenceStore.put(db, {
      sha256: createHash('sha256').update(image).digest('hex'),
      mime: 'image/png',
      bytes: image,
    });
    await db.update(evidenceFiles).set({ ocrText: OCR, ocrStatus: 'done' }).where(eq(evidenceFiles.id, id));
  });
  afterAll(async () => {
    installDataKeys(TEST_DATA_KEY);
    await database.close();
  });

  /** Everything a dump holds, as text: every table, every column, no key. */
  async function dump(): Promise<string> {
    let out = '';
    for (const { schema, table } of await allTables(database)) {
      const r = await database.db.execute(
        sql`select * from ${sql.identifier(schema)}.${sql.identifier(table)}`,
      );
      for (const row of rowsOf<Record<string, unknown>>(r)) {
        for (const v of Object.values(row)) {
          out += v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : JSON.stringify(v);
          out += '\n';
        }
      }
    }
    return out;
  }

  it('a dump without the key shows no name, phone number, report text, screenshot or OCR text', async () => {
    const text = await dump();
    for (const s of [NAME, PHONE, 'Pak Joko', OCR.slice(0, 20), '6285700001111', '85700001111']) {
      expect(text).not.toContain(s);
    }
    // Not even the image's own bytes (a re-encoded PNG still starts with its signature).
    const [raw] = rowsOf<{ bytes: Uint8Array }>(
      await database.db.execute(sql`select bytes from evidence_files`),
    );
    expect(Buffer.from(raw!.bytes).includes(Buffer.from('IHDR'))).toBe(false);
    // With the key, the data-access functions give plaintext.
    const [r] = await database.db.select().from(reports).where(eq(reports.ticket, 'PN-CRYP-T2'));
    expect(r).toMatchObject({ reporterName: NAME, reporterContact: PHONE });
    const [f] = await database.db.select().from(evidenceFiles);
    expect(f!.ocrText).toBe(OCR);
    expect((await sharp(f!.bytes).metadata()).format).toBe('png');
  });

  it('rotates: a new key with the old one kept for reading, re-encryption, then the old key can go', async () => {
    const oldId = currentKeyId();
    const next = newDataKey();
    installDataKeys(next, [TEST_DATA_KEY]);
    expect(currentKeyId()).not.toBe(oldId);
    // Old rows still read; new rows are sealed with the new key.
    const [before] = await database.db.select().from(reports).where(eq(reports.ticket, 'PN-CRYP-T2'));
    expect(before!.reporterName).toBe(NAME);
    const pending = await pendingRekey(database.db);
    expect(pending['reports.reporter_name']).toBe(1);
    expect(pending['evidence_files.bytes']).toBe(1);
    expect(pending['contacts.external_id']).toBe(1);
    const done = await rekeyAll(database.db);
    expect(done['reports.fields']).toBe(1);
    expect(Object.values(await pendingRekey(database.db)).every((n) => n === 0)).toBe(true);
    // Without the old key everything still reads.
    installDataKeys(next);
    const [after] = await database.db.select().from(reports).where(eq(reports.ticket, 'PN-CRYP-T2'));
    expect(after).toMatchObject({ reporterName: NAME, reporterContact: PHONE });
    expect(after!.fields).toMatchObject({ who: 'Pak Joko' });
    // A platform id is still found by equality under the new key.
    const [c] = await database.db.select().from(contacts).where(eq(contacts.externalId, '6285700001111'));
    expect(c?.id).toBe(after!.contactId);
    const [f] = await database.db.select().from(evidenceFiles);
    expect(f!.ocrText).toBe(OCR);
    expect((await sharp(f!.bytes).metadata()).format).toBe('png');
    // And nothing reads under the key that was retired and forgotten.
    installDataKeys(TEST_DATA_KEY);
    await expect(database.db.select().from(reports)).rejects.toThrow(/DATA_KEY_OLD/);
    installDataKeys(next);
  });

  it('seals rows written before encryption existed (plain text and plain bytes)', async () => {
    await database.db.execute(
      sql`update reports set reporter_name = 'Plain Name', fields = '{"who":"Legacy"}' where ticket = 'PN-CRYP-T2'`,
    );
    const [r] = await database.db.select().from(reports).where(eq(reports.ticket, 'PN-CRYP-T2'));
    expect(r).toMatchObject({ reporterName: 'Plain Name', fields: { who: 'Legacy' } });
    expect((await pendingRekey(database.db))['reports.reporter_name']).toBe(1);
    await rekeyAll(database.db);
    expect(await dump()).not.toContain('Plain Name');
    const [again] = await database.db.select().from(reports).where(eq(reports.ticket, 'PN-CRYP-T2'));
    expect(again).toMatchObject({ reporterName: 'Plain Name', fields: { who: 'Legacy' } });
  });
});
