import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `probe` until `done` accepts its result, and returns that result; fails with the last result
 * after `deadlineMs` (a deadline to keep a broken run from hanging, never a timing assertion).
 */
export async function eventually<T>(probe: () => Promise<T>, done: (result: T) => boolean, deadlineMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const result = await probe();
    if (done(result)) return result;
    if (Date.now() > deadline) throw new Error(`condition not met within ${deadlineMs} ms; last result: ${JSON.stringify(result)?.slice(0, 500)}`);
    await sleep(intervalMs);
  }
}
