import { stripImageMetadata } from '../src/reports/evidence';
import { createOcrEngine } from '../src/reports/ocr';
import { photoWithGps } from '../test/support/images';
import { screenshot } from '../test/support/screenshot';
import { fmt, percentile } from './support';

/**
 * OCR time per screenshot with the real engine (tesseract.js, `ind` best_int data, one worker), on
 * screenshots drawn here: the first read (worker start included) and warm reads (p50, p95), with
 * how many of the expected words came back. Plus the EXIF strip every stored photo goes through.
 */
const POST = [
  'Budi Santoso · 2 jam · Publik',
  'Ayo dukung paslon 02! #Pemilu2024',
  'Budi, PNS Dinas Pendidikan',
];
const EXPECTED = ['Ayo', 'dukung', 'paslon', '02!', '#Pemilu2024', 'Budi,', 'PNS', 'Dinas', 'Pendidikan'];
const WARM_ROUNDS = 4;

export async function run(): Promise<void> {
  const kinds = [
    { name: '720×360 PNG post', bytes: await screenshot(POST, { width: 720, height: 360 }) },
    {
      name: '360×180 JPEG q60',
      bytes: await screenshot(POST, { width: 360, height: 180, fontSize: 13, jpeg: true }),
    },
    {
      name: '400×100 crop PNG',
      bytes: await screenshot(POST.slice(1), { width: 400, height: 100, fontSize: 13 }),
    },
  ];
  const engine = createOcrEngine();
  try {
    const t0 = performance.now();
    const first = await engine.recognize(kinds[0]!.bytes);
    const firstMs = performance.now() - t0;
    console.log(
      `ocr first read (worker start + ${kinds[0]!.name}): ${fmt(firstMs, 0)} ms, conf ${fmt(first.confidence, 0)}`,
    );
    for (const kind of kinds) {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < WARM_ROUNDS; i++) {
        const s = performance.now();
        const { text } = await engine.recognize(kind.bytes);
        times.push(performance.now() - s);
        const words = new Set(text.split(/\s+/));
        found = EXPECTED.filter((w) => words.has(w)).length;
      }
      console.log(
        `ocr warm ${kind.name}: p50 ${fmt(percentile(times, 50), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms, ${found}/${EXPECTED.length} words`,
      );
    }
  } finally {
    await engine.terminate();
  }
  const photo = await photoWithGps('jpeg');
  const strips: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await stripImageMetadata(photo, 'image/jpeg');
    strips.push(performance.now() - s);
  }
  console.log(`evidence EXIF strip (64×48 JPEG, sharp): p50 ${fmt(percentile(strips, 50), 1)} ms`);
}
