import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFiles } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { ocrTextFor, pgEvidenceStore } from '../../src/reports/evidence';
import {
  claimOcrJob,
  createOcrEngine,
  extractHints,
  IND_LANG_PATH,
  type OcrEngine,
  prepareForOcr,
  startOcrWorker,
} from '../../src/reports/ocr';
import { backends, openTestDatabase, type TestDatabase } from '../support/db';
import { screenshot } from '../support/screenshot';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** One tesseract worker for the whole file: starting one costs more than reading an image. */
let engine: OcrEngine;
beforeAll(() => {
  engine = createOcrEngine();
});
afterAll(() => engine.terminate());

/** The words of an OCR text, for comparing without caring about line breaks. */
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

describe('OCR engine (tesseract.js, Indonesian data from npm)', () => {
  it('uses the LSTM data shipped in @tesseract.js-data/ind', () => {
    expect(IND_LANG_PATH).toMatch(/@tesseract\.js-data[/\\]ind[/\\]4\.0\.0_best_int$/);
    expect(readdirSync(IND_LANG_PATH)).toContain('ind.traineddata.gz');
  });

  it('reads the words of a screenshot the test draws', async () => {
    const png = await screenshot(['Ayo dukung paslon 02 #Pemilu2024', 'Budi, PNS Dinas Pendidikan']);
    const { text, confidence } = await engine.recognize(png);
    expect(wordsOf(text)).toEqual(
      expect.arrayContaining(['Ayo', 'dukung', 'paslon', '02', '#Pemilu2024', 'PNS', 'Dinas', 'Pendidikan']),
    );
    expect(confidence).toBeGreaterThan(60);
    // cacheMethod 'none': nothing written to the working directory.
    expect(existsSync('ind.traineddata')).toBe(false);
  });

  it('reads a small, downscaled JPEG after upscaling it', async () => {
    const jpg = await screenshot(['Ayo dukung paslon 02 #Pemilu2024'], {
      width: 360,
      height: 90,
      fontSize: 13,
      jpeg: true,
    });
    const prepared = await prepareForOcr(jpg);
    const meta = await sharp(prepared).metadata();
    expect(meta.width).toBe(720);
    expect(meta.channels).toBeLessThanOrEqual(2);
    const { text } = await engine.recognize(jpg);
    expect(wordsOf(text)).toEqual(expect.arrayContaining(['dukung', 'paslon', '#Pemilu2024']));
  });
});

describe('extractHints', () => {
  it('finds links, hashtags and handles in OCR text', () => {
    const text = [
      'Budi Santoso @budi.santoso · 2 jam',
      'Ayo dukung paslon 02! #Pemilu2024 #PNSBerkarya',
      'Lihat https://www.facebook.com/budi.santoso/posts/123, dan bit.ly/abc12.',
      'atau www.tiktok.com/@budi02/video/777 (video)',
      'Email: budi@dinas.go.id',
    ].join('\n');
    expect(extractHints(text)).toEqual({
      // The email is neither a link nor a handle.
      links: [
        'https://www.facebook.com/budi.santoso/posts/123',
        'https://bit.ly/abc12',
        'https://www.tiktok.com/@budi02/video/777',
      ],
      hashtags: ['#Pemilu2024', '#PNSBerkarya'],
      handles: ['@budi.santoso'],
    });
  });

  it('keeps each hint once and ignores what only looks like one', () => {
    expect(extractHints('#02 #Pemilu2024 #pemilu2024 #Pemilu2024 &#39; C# 100% @ @a')).toEqual({
      links: [],
      hashtags: ['#Pemilu2024', '#pemilu2024'],
      handles: ['@a'],
    });
    expect(extractHints('')).toEqual({ links: [], hashtags: [], handles: [] });
    expect(extractHints('lapor.go.id/pengaduan dan kominfo.go.id')).toEqual({
      links: ['https://lapor.go.id/pengaduan', 'https://kominfo.go.id/'],
      hashtags: [],
      handles: [],
    });
  });
});

describe.each(backends)('OCR worker loop on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database.close());

  async function statusOf(id: number) {
    const [row] = await database.db
      .select({ status: evidenceFiles.ocrStatus, text: evidenceFiles.ocrText })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.id, id));
    return row!;
  }

  async function until(check: () => Promise<boolean>, timeoutMs = 120_000) {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('reads pending screenshots, skips documents, marks undecodable images failed', async () => {
    const shot = await screenshot(['Ayo dukung paslon 02 #Pemilu2024']);
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const image = await pgEvidenceStore.put(database.db, {
      sha256: sha(shot),
      mime: 'image/png',
      bytes: shot,
    });
    const doc = await pgEvidenceStore.put(database.db, {
      sha256: sha(pdf),
      mime: 'application/pdf',
      bytes: pdf,
    });
    // A row that passed the type check but is not an image tesseract can read.
    const junk = Buffer.from('not really a png');
    const [bad] = await database.db
      .insert(evidenceFiles)
      .values({ sha256: sha(junk), mime: 'image/png', size: junk.length, bytes: junk, ocrStatus: 'pending' })
      .returning({ id: evidenceFiles.id });
    expect((await statusOf(image.id)).status).toBe('pending');
    expect((await statusOf(doc.id)).status).toBe('none');

    const stop = startOcrWorker({ database, log: silentLogger, intervalMs: 20, engine });
    try {
      await until(
        async () =>
          (await statusOf(image.id)).status === 'done' && (await statusOf(bad!.id)).status === 'failed',
      );
    } finally {
      await stop();
    }
    const read = await statusOf(image.id);
    expect(wordsOf(read.text ?? '')).toEqual(expect.arrayContaining(['dukung', 'paslon', '#Pemilu2024']));
    expect((await statusOf(doc.id)).status).toBe('none');
    expect((await statusOf(bad!.id)).text).toBeNull();
    const texts = await ocrTextFor(database.db, [sha(shot), sha(pdf), sha(junk)]);
    expect(Object.keys(texts)).toEqual([sha(shot)]);
    expect(extractHints(texts[sha(shot)]!).hashtags).toEqual(['#Pemilu2024']);
  });

  it('picks up a file stored while it runs, and one left running by a process that died', async () => {
    const orphan = await screenshot(['Netralitas ASN dijaga']);
    const [left] = await database.db
      .insert(evidenceFiles)
      .values({
        sha256: sha(orphan),
        mime: 'image/png',
        size: orphan.length,
        bytes: orphan,
        ocrStatus: 'running',
      })
      .returning({ id: evidenceFiles.id });
    const stop = startOcrWorker({ database, log: silentLogger, intervalMs: 20, engine });
    try {
      await until(async () => (await statusOf(left!.id)).status === 'done');
      const later = await screenshot(['Kampanye di kantor dinas']);
      const put = await pgEvidenceStore.put(database.db, {
        sha256: sha(later),
        mime: 'image/png',
        bytes: later,
      });
      await until(async () => (await statusOf(put.id)).status === 'done');
      expect(wordsOf((await statusOf(put.id)).text ?? '')).toEqual(
        expect.arrayContaining(['Kampanye', 'kantor']),
      );
    } finally {
      await stop();
    }
    expect(wordsOf((await statusOf(left!.id)).text ?? '')).toEqual(
      expect.arrayContaining(['Netralitas', 'ASN']),
    );
  });

  it('gives each claimer a different row, and none when the queue is empty', async () => {
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const img = await screenshot([`Bukti nomor ${n}`], { width: 200, height: 60 });
      ids.push(
        (await pgEvidenceStore.put(database.db, { sha256: sha(img), mime: 'image/png', bytes: img })).id,
      );
    }
    const claims = await Promise.all([claimOcrJob(database), claimOcrJob(database), claimOcrJob(database)]);
    expect(claims.map((c) => c?.id).sort()).toEqual([...ids].sort());
    expect(await claimOcrJob(database)).toBeUndefined();
    for (const id of ids) expect((await statusOf(id)).status).toBe('running');
  });

  it('stops promptly when idle', async () => {
    const stop = startOcrWorker({ database, log: silentLogger, intervalMs: 60_000, engine });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
