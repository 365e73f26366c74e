import { describe, expect, it } from 'vitest';
import { useHosts } from './harness.js';

/** Returns when it started and ended and on which instance. */
const TIMED = `export const handler = async (event, context) => {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, event.ms));
  return { start, end: Date.now(), instance: context.logStreamName };
};`;

type Timed = { start: number; end: number; instance: string };

/** Largest number of intervals overlapping at one moment. */
function maxOverlap(intervals: readonly Timed[]): number {
  const edges = intervals.flatMap(({ start, end }) => [[start, 1], [end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of edges) max = Math.max(max, (current += delta));
  return max;
}

describe('FunctionHost concurrency', () => {
  const host = useHosts();

  it('runs at most maxInstances invocations at once and completes the queued ones in turn', async () => {
    const fn = host(TIMED, {}, { maxInstances: 2 });

    const pending = [1, 2, 3, 4].map(() => fn.invoke({ ms: 400 }));
    const queuedWhileBusy = fn.stats.queued;
    const results = await Promise.all(pending);

    expect(results.every((result) => result.ok)).toBe(true);
    const timed = results.map((result) => (result.ok ? result.payload : undefined) as Timed);
    expect(maxOverlap(timed)).toBe(2);
    expect(new Set(timed.map((entry) => entry.instance)).size).toBe(2);
    expect(queuedWhileBusy).toBe(2);
    expect(fn.stats).toMatchObject({ instances: 2, busy: 0, queued: 0, coldStarts: 2, invocations: 4 });
  });

  it('defaults maxInstances to the reserved concurrency', async () => {
    const fn = host(TIMED, { reservedConcurrency: 1 });

    const results = await Promise.all([1, 2, 3].map(() => fn.invoke({ ms: 50 })));

    const timed = results.map((result) => (result.ok ? result.payload : undefined) as Timed);
    expect(maxOverlap(timed)).toBe(1);
    expect(fn.stats.coldStarts).toBe(1);
  });
});
