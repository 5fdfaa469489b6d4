/**
 * A per-channel send pace: a token bucket in its GCRA form (one "theoretical arrival time" instead of
 * a token count), so slots are spread evenly at `ratePerSecond` with at most `burst` sent back to back.
 * `jitterMs` adds a random extra gap to every slot (WhatsApp: a steady machine rhythm looks like spam).
 */
export interface RateLimiter {
  /** Resolves when the caller may send one message. */
  take(): Promise<void>;
  /** Nobody sends before this time (the platform said "retry after"). */
  pauseUntil(atMs: number): void;
  /** Waits out a pause that began after `take()` returned (the last moment before a send). */
  holdIfPaused(): Promise<void>;
  readonly ratePerSecond: number;
}

export interface LimiterOptions {
  ratePerSecond: number;
  burst?: number;
  jitterMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRateLimiter(opts: LimiterOptions): RateLimiter {
  if (!(opts.ratePerSecond > 0)) throw new Error('ratePerSecond must be positive');
  const interval = 1000 / opts.ratePerSecond;
  const tolerance = Math.max(0, (opts.burst ?? 1) - 1) * interval;
  const now = opts.now ?? (() => performance.now() + performance.timeOrigin);
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const jitter = opts.jitterMs ?? 0;
  let tat = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;

  return {
    ratePerSecond: opts.ratePerSecond,
    async take() {
      for (;;) {
        const t = now();
        // Reserve the slot synchronously so concurrent callers queue up in order.
        const base = Math.max(t, tat, pausedUntil);
        const slot = Math.max(t, pausedUntil, tat - tolerance);
        tat = base + interval + (jitter > 0 ? random() * jitter : 0);
        const wait = slot - t;
        if (wait > 0) await sleep(wait);
        // A pause that arrived while we waited (a 429 to someone else) holds us too.
        if (pausedUntil <= now()) return;
      }
    },
    async holdIfPaused() {
      const wait = pausedUntil - now();
      if (wait > 0) await sleep(wait);
    },
    pauseUntil(atMs) {
      pausedUntil = Math.max(pausedUntil, atMs);
    },
  };
}
