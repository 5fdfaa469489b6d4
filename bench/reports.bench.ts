import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config';
import type { Dispatcher } from '../src/core/dispatcher';
import { type Database, openDatabase } from '../src/db/client';
import { silentLogger } from '../src/log';
import { benchServerUrl, fmt, percentile, scratchDatabase } from './support';

/**
 * Reports confirmed per second end to end: scripted citizens file whole ASN reports (15 messages,
 * one screenshot each) through the real dispatcher, flows, effects and database, many at once.
 */
const REPORTERS = 40;
const CHRONOLOGY =
  'Pagi tadi Budi, guru di SD Negeri 1, mengunggah foto bersama calon bupati nomor dua di Facebook dan mengajak murid memilihnya.';

async function screenshot(i: number): Promise<Uint8Array> {
  const buf = await sharp({
    create: { width: 32, height: 32, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: 9 } },
  })
    .png()
    .toBuffer();
  return new Uint8Array(buf);
}

async function fileOne(d: Dispatcher, user: string, file: Uint8Array, seq: { n: number }): Promise<number> {
  const say = (text?: string, media?: Uint8Array) =>
    d.handle({
      channel: 'console',
      userKey: `console:${user}`,
      messageId: `b${++seq.n}`,
      ...(text ? { text } : {}),
      ...(media
        ? {
            media: {
              kind: 'image',
              size: media.length,
              ref: { inline: Buffer.from(media).toString('base64') },
            },
          }
        : {}),
    });
  const t0 = performance.now();
  for (const line of [
    'lapor',
    '1',
    'Budi Santoso',
    'Dinas Pendidikan',
    '1',
    'facebook',
    'fb.com/budi/posts/1',
    'kemarin',
    'sleman',
  ]) {
    await say(line);
  }
  await say(undefined, file);
  for (const line of ['selesai', CHRONOLOGY, 'anonim', 'setuju']) await say(line);
  const r = await say('kirim');
  if (!r.replies.some((m) => /PN-[A-Z0-9]{4}-[A-Z0-9]{2}/.test(m.text)))
    throw new Error('no ticket in the confirmation');
  return performance.now() - t0;
}

async function measure(database: Database, label: string): Promise<void> {
  const config = parseConfig({ REPORTS_PER_DAY: '1000' });
  const app = await createApp({ config, database, channels: [], log: silentLogger });
  const files = await Promise.all(Array.from({ length: REPORTERS }, (_, i) => screenshot(i + 1)));
  const seq = { n: 0 };
  await fileOne(app.dispatcher, 'warmup', await screenshot(9999), seq);
  const t0 = performance.now();
  const times = await Promise.all(files.map((f, i) => fileOne(app.dispatcher, `r${i}`, f, seq)));
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${label}: ${REPORTERS} reports (15 messages + 1 screenshot each) in ${fmt(secs, 2)} s → ${fmt(REPORTERS / secs, 2)} reports/s confirmed; ` +
      `one whole conversation p50 ${fmt(percentile(times, 50) / 1000, 2)} s, p99 ${fmt(percentile(times, 99) / 1000, 2)} s`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-bench-reports-'));
  const pglite = await openDatabase({ dataDir: dir });
  try {
    await measure(pglite, 'PGlite (on disk)');
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = await benchServerUrl();
  if (!base) {
    console.log('PostgreSQL: skipped (no DATABASE_URL and no local server)');
    return;
  }
  const scratch = await scratchDatabase(base);
  const pg = await openDatabase({ url: scratch.url });
  try {
    await measure(pg, 'PostgreSQL');
  } finally {
    await pg.close();
    await scratch.drop();
  }
}
