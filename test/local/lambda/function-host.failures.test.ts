import { describe, expect, it } from 'vitest';
import { eventually } from './fixtures.js';
import { faultsOf, useHosts } from './harness.js';

/** Counts its invocations in module state; sleeps `event.ms`; exits when `event.exit`. */
const SLOW_COUNTER = `let count = 0;
export const handler = async (event, context) => {
  count++;
  if (event.exit) process.exit(3);
  if (event.ms) await new Promise((r) => setTimeout(r, event.ms));
  return { count, remaining: context.getRemainingTimeInMillis() };
};`;

describe('FunctionHost failures', () => {
  const host = useHosts();

  describe('timeout', () => {
    it('fails with Sandbox.Timedout and replaces the instance', async () => {
      const fn = host(SLOW_COUNTER, { timeoutSeconds: 1 });
      await fn.invoke({});

      const timedOut = await fn.invoke({ ms: 5000 });
      const next = await fn.invoke({});

      expect(timedOut).toMatchObject({
        ok: false,
        reason: 'timeout',
        error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' },
      });
      expect(timedOut.durationMs).toBeGreaterThanOrEqual(990);
      expect(next).toMatchObject({ ok: true, payload: { count: 1 } });
      expect(next.initDurationMs).toBeDefined();
      expect(fn.stats).toMatchObject({ timeouts: 1, coldStarts: 2, instances: 1 });
    });
  });

  describe('crash', () => {
    it('fails with Runtime.ExitError when the handler exits the process, and starts afresh', async () => {
      const fn = host(SLOW_COUNTER);
      await fn.invoke({});

      const crashed = await fn.invoke({ exit: true });
      const next = await fn.invoke({});

      expect(crashed).toMatchObject({ ok: false, reason: 'crash', error: { errorType: 'Runtime.ExitError' } });
      expect(next).toMatchObject({ ok: true, payload: { count: 1 } });
      expect(fn.stats).toMatchObject({ crashes: 1, coldStarts: 2 });
    });

    it('replaces an instance that dies of an uncaught exception after answering', async () => {
      const fn = host(`let count = 0; export const handler = async (event) => {
        count++;
        if (event.throwLater) setTimeout(() => { throw new Error('late'); }, 0);
        return count;
      };`);

      const answered = await fn.invoke({ throwLater: true });
      await eventually(() => fn.stats.instances === 0);
      const next = await fn.invoke({});

      expect(answered).toMatchObject({ ok: true, payload: 1 });
      expect(next).toMatchObject({ ok: true, payload: 1 });
      expect(next.initDurationMs).toBeDefined();
    });

    it('fails a response larger than 6 MB with Function.ResponseSizeTooLarge', async () => {
      const fn = host(`export const handler = async () => 'x'.repeat(7 * 1024 * 1024);`);

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: false, reason: 'error', error: { errorType: 'Function.ResponseSizeTooLarge' } });
    });

    it('stops the instance crashAfterMs into a running handler', async () => {
      const fn = host(SLOW_COUNTER, { timeoutSeconds: 3 }, { faults: faultsOf({ crashAfterMs: 100 }) });

      // The handler would outlive the 3 s timeout: a crash that waited for it to end would be a timeout instead.
      const result = await fn.invoke({ ms: 60_000 });

      expect(result).toMatchObject({ ok: false, reason: 'crash', error: { errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/injected crash/) } });
      expect(fn.stats).toMatchObject({ crashes: 1, timeouts: 0 });
    });

    it('discards the result of a handler that finishes before the injected crash', async () => {
      let crash = true;
      const fn = host(SLOW_COUNTER, {}, { faults: { forAwsCall: () => undefined, forInvocation: () => (crash ? { crashAfterMs: 1000 } : undefined) } });

      const crashed = await fn.invoke({});
      crash = false;
      const next = await fn.invoke({});

      expect(crashed).toMatchObject({ ok: false, reason: 'crash', error: { errorType: 'Runtime.ExitError' } });
      expect(next).toMatchObject({ ok: true, payload: { count: 1 } });
      expect(next.initDurationMs).toBeDefined();
    });
  });

  describe('latency', () => {
    it('delays the event and counts the delay against the timeout', async () => {
      const fn = host(SLOW_COUNTER, { timeoutSeconds: 2 }, { faults: faultsOf({ latencyMs: 400 }) });

      const result = await fn.invoke({});

      expect(result.ok).toBe(true);
      expect(result.durationMs).toBeGreaterThanOrEqual(390);
      expect((result.ok ? result.payload : {}) as { remaining: number }).toMatchObject({ remaining: expect.any(Number) });
      expect((result as { payload: { remaining: number } }).payload.remaining).toBeLessThanOrEqual(1610);
    });

    it('times out an invocation whose injected latency outlasts the timeout', async () => {
      const fn = host(SLOW_COUNTER, { timeoutSeconds: 1 }, { faults: faultsOf({ latencyMs: 1500 }) });

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    });
  });

  describe('stop', () => {
    it('abandons in-flight invocations, terminates every worker and refuses new ones', async () => {
      const ticks: string[] = [];
      const fn = host(`setInterval(() => console.log('tick'), 10);
        export const handler = async () => new Promise((r) => setTimeout(r, 10_000));`, {}, { onLog: (line) => ticks.push(line) });
      const inFlight = fn.invoke({});
      await eventually(() => ticks.length > 0);

      await fn.stop();
      const seen = ticks.length;
      await new Promise((resolve) => setTimeout(resolve, 100));

      expect(await inFlight).toMatchObject({ ok: false, reason: 'crash', error: { errorType: 'Runtime.Shutdown' } });
      expect(ticks).toHaveLength(seen);
      expect(fn.stats).toMatchObject({ instances: 0, busy: 0, queued: 0 });
      expect(await fn.invoke({})).toMatchObject({ ok: false, error: { errorType: 'Runtime.Shutdown' } });
    });

    it('lets in-flight invocations finish within graceMs and fails the queued ones', async () => {
      const fn = host(SLOW_COUNTER, {}, { maxInstances: 1 });
      const running = fn.invoke({ ms: 300 });
      const queued = fn.invoke({});
      await eventually(() => fn.stats.queued === 1);

      await fn.stop({ graceMs: 3000 });

      expect(await running).toMatchObject({ ok: true, payload: { count: 1 } });
      expect(await queued).toMatchObject({ ok: false, error: { errorType: 'Runtime.Shutdown' } });
      expect(fn.stats.instances).toBe(0);
    });

    it('abandons an instance still loading its module', async () => {
      const fn = host(`await new Promise((r) => setTimeout(r, 5000)); export const handler = async () => 1;`);
      const starting = fn.invoke({});
      await eventually(() => fn.stats.instances === 1);

      await fn.stop();

      expect(await starting).toMatchObject({ ok: false, error: { errorType: 'Runtime.Shutdown' } });
      expect(fn.stats.instances).toBe(0);
    });
  });
});
