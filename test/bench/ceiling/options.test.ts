import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY, producersFor, resolveCeilingOptions } from '../../../bench/ceiling/options.js';
import { benchError } from '../bench-error.js';

describe('resolveCeilingOptions', () => {
  it('defaults to 10 s × 3 repeats, the concurrency sweep, both paths and clients on the main thread', () => {
    const options = resolveCeilingOptions();

    expect(options).toMatchObject({
      seconds: 10, repeats: 3, concurrency: DEFAULT_CONCURRENCY, via: ['direct', 'proxy'], warmupSeconds: 2, sweepSeconds: 5,
      producers: undefined, accounts: 1000, messageBytes: 300, clientThread: 'main',
    });
  });

  it('takes one concurrency as a one-value sweep and sweeps no longer than the repeats', () => {
    const options = resolveCeilingOptions({ concurrency: 16, seconds: 3 });

    expect(options.concurrency).toEqual([16]);
    expect(options.sweepSeconds).toBe(3);
  });

  it('drops repeated concurrencies and paths', () => {
    const options = resolveCeilingOptions({ concurrency: [8, 8, 4], via: ['proxy', 'proxy'] });

    expect(options.concurrency).toEqual([8, 4]);
    expect(options.via).toEqual(['proxy']);
  });

  it.each([
    [{ seconds: 0 }, 'seconds'],
    [{ repeats: 1.5 }, 'repeats'],
    [{ concurrency: [] }, 'concurrency'],
    [{ concurrency: [4, 0] }, 'concurrency'],
    [{ via: [] }, 'via'],
    [{ via: ['lambda'] } as never, 'via'],
    [{ messageBytes: 100 }, 'messageBytes'],
    [{ clientThread: 'thread' } as never, 'clientThread'],
    [{ onProgress: 'yes' } as never, 'onProgress'],
    [{ secs: 5 } as never, 'secs'],
  ])('rejects %j, naming the option', (input, option) => {
    expect(() => resolveCeilingOptions(input)).toThrow(benchError('INVALID_CEILING_OPTIONS', option));
  });
});

describe('producersFor', () => {
  it('uses one producer per four consumers, at least two, unless the option sets them', () => {
    expect([1, 8, 16, 32].map((consumers) => producersFor(resolveCeilingOptions(), consumers))).toEqual([2, 2, 4, 8]);
    expect(producersFor(resolveCeilingOptions({ producers: 1 }), 32)).toBe(1);
  });
});
