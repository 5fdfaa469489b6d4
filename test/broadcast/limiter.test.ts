import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/broadcast/limiter';

/** A clock that only moves when someone sleeps, so pacing is checked exactly and instantly. */
function virtualClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('rate limiter', () => {
  it('spaces slots evenly at the rate', async () => {
    const c = virtualClock();
    const l = createRateLimiter({ ratePerSecond: 25, ...c });
    const at: number[] = [];
    for (let i = 0; i < 50; i++) {
      await l.take();
      at.push(c.now());
    }
    expect(at[0]).toBe(0);
    expect(at[49]).toBeCloseTo(49 * 40, 6);
  });

  it('lets a burst through, then paces', async () => {
    const c = virtualClock();
    const l = createRateLimiter({ ratePerSecond: 10, burst: 3, ...c });
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await l.take();
      at.push(c.now());
    }
    expect(at.slice(0, 3)).toEqual([0, 0, 0]);
    expect(at[3]).toBeCloseTo(100, 6);
    expect(at[4]).toBeCloseTo(200, 6);
  });

  it('holds everyone during a pause, including callers already waiting', async () => {
    const c = virtualClock();
    const l = createRateLimiter({ ratePerSecond: 10, ...c });
    await l.take();
    l.pauseUntil(5000);
    await l.take();
    expect(c.now()).toBeGreaterThanOrEqual(5000);
  });

  it('adds jitter to every gap', async () => {
    const c = virtualClock();
    const l = createRateLimiter({ ratePerSecond: 1, jitterMs: 1000, random: () => 0.5, ...c });
    await l.take();
    await l.take();
    await l.take();
    expect(c.now()).toBeCloseTo(3000, 6);
  });

  it('refuses a rate of zero', () => {
    expect(() => createRateLimiter({ ratePerSecond: 0 })).toThrow();
  });
});
