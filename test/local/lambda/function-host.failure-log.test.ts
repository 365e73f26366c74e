import { describe, expect, it } from 'vitest';
import { sqsEvent, sqsRecord } from '../../support/factories.js';
import { faultsOf, useHosts } from './harness.js';

/** Sleeps `ms` of the first record's body (or of the event) and returns. */
const SLEEPER = `export const handler = async (event) => {
  const ms = event.Records ? Number(event.Records[0].body) : event.ms ?? 0;
  await new Promise((r) => setTimeout(r, ms));
  return { batchItemFailures: [] };
};`;

const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('FunctionHost failure log', () => {
  const host = useHosts();

  it('writes one WARN line with the request id and the batch\'s message ids when an invocation times out', async () => {
    const lines: string[] = [];
    const fn = host(SLEEPER, { name: 'Consumer', timeoutSeconds: 1 }, { onLog: (line, stream) => lines.push(`${stream} ${line}`) });

    const result = await fn.invoke(sqsEvent([sqsRecord({ messageId: 'm-1', body: '5000' }), sqsRecord({ messageId: 'm-2', body: '0' })]));

    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^stderr /);
    expect(parsed(lines.map((line) => line.slice('stderr '.length)))).toEqual([expect.objectContaining({
      level: 'WARN', message: 'invocation timed out', function: 'Consumer', requestId: result.requestId,
      messageIds: ['m-1', 'm-2'], errorType: 'Sandbox.Timedout', reason: 'Task timed out after 1.00 seconds', timeoutSeconds: 1,
    })]);
  });

  it('writes one WARN line per crash and none for invocations that succeed', async () => {
    let crash = true;
    const lines: string[] = [];
    const fn = host(SLEEPER, { name: 'Consumer' }, {
      faults: { ...faultsOf({}), forInvocation: () => (crash ? { crashAfterMs: 0 } : undefined) },
      onLog: (line) => lines.push(line),
    });

    const crashed = await fn.invoke(sqsEvent([sqsRecord({ messageId: 'm-3', body: '200' })]));
    crash = false;
    await fn.invoke({ ms: 0 });

    expect(parsed(lines)).toEqual([expect.objectContaining({
      message: 'invocation crashed', requestId: crashed.requestId, messageIds: ['m-3'], errorType: 'Runtime.ExitError', reason: expect.stringMatching(/injected crash/),
    })]);
  });
});
