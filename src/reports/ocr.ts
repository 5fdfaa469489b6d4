import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asc, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { createWorker, type Worker } from 'tesseract.js';
import type { Database } from '../db/client';
import { evidenceFiles } from '../db/schema';
import type { Logger } from '../log';

/**
 * Reads the text in screenshots, offline: tesseract.js with the Indonesian LSTM data shipped in
 * the `@tesseract.js-data/ind` npm package (never the CDN), off the reply path. An evidence row with
 * `ocr_status = 'pending'` is the job; `startOcrWorker` claims such rows one at a time.
 */

const require = createRequire(import.meta.url);

/** The `4.0.0_best_int` (LSTM only) data suits tesseract's default engine mode; `4.0.0` is the legacy set. */
export const IND_LANG_PATH = join(dirname(require.resolve('@tesseract.js-data/ind')), '4.0.0_best_int');

/** Images narrower than this are upscaled first: small screenshots lose their header text otherwise. */
const MIN_WIDTH = 700;
/** Larger ones are scaled down, which keeps a phone photo's OCR time bounded without losing text. */
const MAX_WIDTH = 2400;

export interface OcrResult {
  text: string;
  /** tesseract's mean word confidence, 0–100. */
  confidence: number;
}

export interface OcrEngine {
  recognize(image: Uint8Array): Promise<OcrResult>;
  /** Stops the tesseract worker (if it was ever started). */
  terminate(): Promise<void>;
}

/** Greyscale, upright, and at a width tesseract reads well. */
export async function prepareForOcr(image: Uint8Array): Promise<Buffer> {
  const img = sharp(image).rotate();
  const { width = MIN_WIDTH } = await img.metadata();
  const target =
    width < MIN_WIDTH
      ? Math.min(width * Math.ceil(MIN_WIDTH / width), MAX_WIDTH)
      : Math.min(width, MAX_WIDTH);
  const sized = target === width ? img : img.resize({ width: target, kernel: 'lanczos3' });
  return sized.greyscale().toColourspace('b-w').png().toBuffer();
}

/** One long-lived tesseract worker, created on first use (its start costs ~250 ms and ~30 MB). */
export function createOcrEngine(): OcrEngine {
  let worker: Promise<Worker> | undefined;
  const start = () =>
    createWorker(['ind'], 1, {
      langPath: IND_LANG_PATH,
      gzip: true,
      // Keeps tesseract from writing *.traineddata into the working directory.
      cacheMethod: 'none',
    });
  return {
    async recognize(image) {
      worker ??= start().catch((err: unknown) => {
        worker = undefined;
        throw err;
      });
      const w = await worker;
      const { data } = await w.recognize(await prepareForOcr(image));
      return { text: data.text.trim(), confidence: data.confidence };
    },
    async terminate() {
      const w = worker;
      worker = undefined;
      if (w) await (await w).terminate();
    },
  };
}

export interface OcrWorkerOptions {
  database: Database;
  log: Logger;
  /** How long to wait after the queue ran dry before looking again. */
  intervalMs?: number;
  /** The OCR engine (tests may share one); by default a tesseract worker owned by this loop. */
  engine?: OcrEngine;
}

/**
 * Claims one pending evidence row, atomically: several processes on one PostgreSQL each get a
 * different row (SKIP LOCKED), and the `running` mark is committed before the slow part starts, so
 * no transaction stays open while tesseract works (on PGlite that would hold up every reply).
 */
export async function claimOcrJob(
  database: Database,
): Promise<{ id: number; mime: string; bytes: Buffer } | undefined> {
  const db = database.db;
  const next = db
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(eq(evidenceFiles.ocrStatus, 'pending'))
    .orderBy(asc(evidenceFiles.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [job] = await db
    .update(evidenceFiles)
    .set({ ocrStatus: 'running' })
    .where(inArray(evidenceFiles.id, next))
    .returning({ id: evidenceFiles.id, mime: evidenceFiles.mime, bytes: evidenceFiles.bytes });
  return job;
}

/** Runs OCR on pending rows until none is left; returns how many rows it finished. */
export async function runOcrJobs(
  database: Database,
  engine: OcrEngine,
  log: Logger,
  shouldStop = () => false,
) {
  let done = 0;
  while (!shouldStop()) {
    const job = await claimOcrJob(database);
    if (!job) break;
    const started = performance.now();
    try {
      const { text, confidence } = await engine.recognize(job.bytes);
      await database.db
        .update(evidenceFiles)
        .set({ ocrStatus: 'done', ocrText: text })
        .where(eq(evidenceFiles.id, job.id));
      // Never the text itself: screenshots carry names and messages.
      log.info(
        { evidence: job.id, ms: Math.round(performance.now() - started), chars: text.length, confidence },
        'ocr done',
      );
    } catch (err) {
      await database.db
        .update(evidenceFiles)
        .set({ ocrStatus: 'failed' })
        .where(eq(evidenceFiles.id, job.id));
      log.warn({ evidence: job.id, err: err instanceof Error ? err.message : String(err) }, 'ocr failed');
    }
    done++;
  }
  return done;
}

/**
 * The OCR loop: drains pending rows, then polls every `intervalMs`. Rows left `running` by a process
 * that died mid-job are put back to `pending` at start. The returned function stops the loop after
 * the current image and shuts tesseract down.
 */
export function startOcrWorker(opts: OcrWorkerOptions): () => Promise<void> {
  const { database, log } = opts;
  const intervalMs = opts.intervalMs ?? 2_000;
  const engine = opts.engine ?? createOcrEngine();
  const ownsEngine = !opts.engine;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    try {
      await database.db
        .update(evidenceFiles)
        .set({ ocrStatus: 'pending' })
        .where(eq(evidenceFiles.ocrStatus, 'running'));
    } catch (err) {
      log.warn({ err }, 'ocr: could not requeue interrupted jobs');
    }
    while (!stopped) {
      try {
        await runOcrJobs(database, engine, log, () => stopped);
      } catch (err) {
        log.warn({ err }, 'ocr: polling failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
        timer.unref?.();
      });
    }
  })();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    wake?.();
    await loop;
    if (ownsEngine) await engine.terminate();
  };
}

export interface TextHints {
  links: string[];
  hashtags: string[];
  handles: string[];
}

const URL_RE =
  /(?:https?:\/\/|www\.)[^\s<>"'“”]+|(?<![\p{L}\p{N}@.])(?:[a-z0-9-]+\.)+(?:com|id|co\.id|go\.id|net|org|ly|me|gl|gd|to|tv|be|link|app|site|info)(?:\/[^\s<>"'“”]*)?/giu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const HANDLE_RE = /(?<![A-Za-z0-9_.@/])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/g;

/**
 * Links, #hashtags and @handles in a text (OCR of a screenshot), to pre-fill the link step.
 * Bare domains ("fb.com/…", "bit.ly/…") become https links; emails are not handles.
 */
export function extractHints(text: string): TextHints {
  const links = new Set<string>();
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,;:!?)\]}]+$/, '');
    const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    try {
      const url = new URL(withScheme);
      if (url.hostname.includes('.')) links.add(url.toString());
    } catch {
      // Not a URL after all (OCR noise).
    }
  }
  const hashtags = new Set<string>();
  for (const m of text.matchAll(HASHTAG_RE)) hashtags.add(`#${m[1]}`);
  const handles = new Set<string>();
  for (const m of text.matchAll(HANDLE_RE)) handles.add(`@${m[1]}`);
  return { links: [...links], hashtags: [...hashtags], handles: [...handles] };
}
