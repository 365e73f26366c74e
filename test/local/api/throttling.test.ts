import { describe, expect, it } from 'vitest';
import { createThrottler, TokenBucket } from '../../../local/api/throttling.js';

describe('TokenBucket', () => {
  it('starts full, empties, and refills at the rate without exceeding the burst', () => {
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 3 }, 0);
    const drain = (at: number): number => {
      let taken = 0;
      while (bucket.hasToken(at)) {
        bucket.take();
        taken += 1;
      }
      return taken;
    };

    expect(drain(0)).toBe(3);
    expect(drain(499)).toBe(0);
    expect(drain(500)).toBe(1);
    expect(drain(60_000)).toBe(3);
  });

  it('refuses everything with a burst of 0', () => {
    expect(new TokenBucket({ rateLimit: 100, burstLimit: 0 }, 0).hasToken(10_000)).toBe(false);
  });

  it('does not refill when the clock goes backwards', () => {
    const bucket = new TokenBucket({ rateLimit: 1, burstLimit: 1 }, 1_000);
    bucket.take();

    expect(bucket.hasToken(0)).toBe(false);
    expect(bucket.hasToken(2_000)).toBe(true);
  });
});

describe('createThrottler', () => {
  it('keeps one bucket per plan and key', () => {
    const throttler = createThrottler(undefined, () => 0);
    const planThrottle = { rateLimit: 1, burstLimit: 1 };

    expect(throttler.admit({ methodKey: 'M', planKey: 'P/a', planThrottle })).toBe(true);
    expect(throttler.admit({ methodKey: 'M', planKey: 'P/a', planThrottle })).toBe(false);
    expect(throttler.admit({ methodKey: 'M', planKey: 'P/b', planThrottle })).toBe(true);
  });

  it('applies the stage throttle to each method separately', () => {
    const throttler = createThrottler({ rateLimit: 1, burstLimit: 1 }, () => 0);

    expect([throttler.admit({ methodKey: 'A' }), throttler.admit({ methodKey: 'A' }), throttler.admit({ methodKey: 'B' })]).toEqual([true, false, true]);
  });

  it('takes no token from the plan bucket when the stage bucket refuses', () => {
    let clock = 0;
    const throttler = createThrottler({ rateLimit: 1, burstLimit: 1 }, () => clock);
    const subject = { methodKey: 'M', planKey: 'P/a', planThrottle: { rateLimit: 0, burstLimit: 2 } };

    const first = throttler.admit(subject);
    const refused = throttler.admit(subject);
    clock = 1_000;
    const afterRefill = throttler.admit(subject);

    expect([first, refused, afterRefill]).toEqual([true, false, true]);
  });

  it('admits everything with no throttle at all', () => {
    const throttler = createThrottler(undefined, () => 0);

    expect(Array.from({ length: 1_000 }, () => throttler.admit({ methodKey: 'M' })).every(Boolean)).toBe(true);
  });
});
