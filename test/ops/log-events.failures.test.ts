import { describe, expect, it } from 'vitest';
import { formatTailEvent, tailEvents } from '../../ops/log-events.js';

const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const requestId = '5f3c1a9e-8b1f-4c55-9a34-0d6b0c3a7e21';
const consumer = (line: string) => tailEvents({ at, function: 'Consumer', line });

/** Lines as Lambda writes them to the consumer's log group (text log format, Node.js runtime). */
const lambda = {
  timedOut: `2025-01-02T03:04:05.678Z ${requestId} Task timed out after 30.00 seconds`,
  reportTimeout: `REPORT RequestId: ${requestId}\tDuration: 30000.00 ms\tBilled Duration: 30000 ms\tMemory Size: 512 MB\tMax Memory Used: 98 MB\tStatus: timeout`,
  exited: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`,
  reportOutOfMemory: `REPORT RequestId: ${requestId}\tDuration: 812.33 ms\tBilled Duration: 813 ms\tMemory Size: 512 MB\tMax Memory Used: 512 MB\tStatus: error\tError Type: Runtime.OutOfMemory`,
  invokeError: `2025-01-02T03:04:05.678Z\t${requestId}\tERROR\tInvoke Error \t{"errorType":"FullBatchFailureError","errorMessage":"All records failed processing. 10 individual errors logged separately below.","stack":["FullBatchFailureError: All records failed processing.","    at processPartialResponse (/var/task/index.mjs:1:2)"]}`,
  uncaught: '2025-01-02T03:04:05.678Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'x\'\\nRequire stack:\\n- /var/runtime/index.mjs","stack":["Runtime.ImportModuleError: Error: Cannot find module \'x\'"]}',
  jsonInvokeError: JSON.stringify({ timestamp: '2025-01-02T03:04:05.678Z', level: 'ERROR', requestId, message: 'Invoke Error', errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')", stackTrace: ['TypeError: …'] }),
  jsonReport: JSON.stringify({ time: '2025-01-02T03:04:05.678Z', type: 'platform.report', record: { requestId, metrics: { durationMs: 30000.5, billedDurationMs: 30000, memorySizeMB: 512, maxMemoryUsedMB: 98 }, status: 'timeout' } }),
  start: `START RequestId: ${requestId} Version: $LATEST`,
  end: `END RequestId: ${requestId}`,
  report: `REPORT RequestId: ${requestId}\tDuration: 41.20 ms\tBilled Duration: 42 ms\tMemory Size: 512 MB\tMax Memory Used: 97 MB`,
};

describe('tailEvents on Lambda\'s platform lines', () => {
  it('shows a timeout from its "Task timed out" line and from the REPORT line with Status: timeout', () => {
    expect(consumer(lambda.timedOut)).toMatchObject([{ kind: 'timed-out', requestId, code: 'Sandbox.Timedout', reason: 'Task timed out after 30.00 seconds' }]);
    expect(consumer(lambda.reportTimeout)).toMatchObject([{ kind: 'timed-out', requestId, reason: 'REPORT Status: timeout, Duration: 30000.00 ms' }]);
    expect(consumer(lambda.jsonReport)).toMatchObject([{ kind: 'timed-out', requestId }]);
  });

  it('shows a crash from the Runtime.ExitError line and from a failed REPORT line', () => {
    expect(consumer(lambda.exited)).toMatchObject([{ kind: 'crashed', requestId, code: 'Runtime.ExitError', reason: 'Runtime exited with error: signal: killed' }]);
    expect(consumer(lambda.reportOutOfMemory)).toMatchObject([{ kind: 'crashed', requestId, code: 'Runtime.OutOfMemory', reason: 'REPORT Status: error, Duration: 812.33 ms' }]);
    expect(consumer(lambda.reportOutOfMemory.replace('\tError Type: Runtime.OutOfMemory', ''))).toMatchObject([{ kind: 'error', requestId, reason: 'REPORT Status: error, Duration: 812.33 ms' }]);
  });

  it('shows the runtime\'s uncaught-error lines with their errorType, in text and JSON log format', () => {
    expect(consumer(lambda.invokeError)).toMatchObject([{ kind: 'error', requestId, code: 'FullBatchFailureError', reason: 'All records failed processing. 10 individual errors logged separately below.' }]);
    expect(consumer(lambda.uncaught)).toEqual([expect.objectContaining({ kind: 'error', code: 'Runtime.ImportModuleError', reason: "Error: Cannot find module 'x'" })]);
    expect(consumer(lambda.uncaught)[0]).not.toHaveProperty('requestId');
    expect(consumer(lambda.jsonInvokeError)).toMatchObject([{ kind: 'error', requestId, code: 'TypeError' }]);
  });

  it('leaves out START, END and the REPORT line of an invocation that succeeded', () => {
    expect([lambda.start, lambda.end, lambda.report].flatMap(consumer)).toEqual([]);
  });
});

describe('tailEvents on the local runtime\'s failure line', () => {
  const warn = (fields: Record<string, unknown>) => JSON.stringify({ level: 'WARN', timestamp: new Date(at).toISOString(), function: 'Producer', requestId, errorType: 'Runtime.ExitError', ...fields });

  it('shows any function\'s crash or timeout with its request id and the batch\'s message ids', () => {
    const crashed = tailEvents({ at, function: 'Producer', line: warn({ message: 'invocation crashed', reason: 'exit status 3' }) });
    const timedOut = consumer(warn({ message: 'invocation timed out', messageIds: ['m1', 'm2'], errorType: 'Sandbox.Timedout', reason: 'Task timed out after 30.00 seconds', timeoutSeconds: 30 }));

    expect(crashed).toMatchObject([{ kind: 'crashed', function: 'Producer', level: 'WARN', requestId, code: 'Runtime.ExitError', reason: 'exit status 3' }]);
    expect(timedOut).toMatchObject([{ kind: 'timed-out', requestId, messageIds: ['m1', 'm2'], code: 'Sandbox.Timedout' }]);
  });

  it('prints time, what, function, request id, message ids, error type and reason on one line', () => {
    const [event] = consumer(warn({ message: 'invocation crashed', messageIds: ['m1', 'm2'], reason: 'injected crash' }));

    expect(formatTailEvent(event!)).toBe(`03:04:05.678  crashed        Consumer  req=${requestId}  messages=m1,m2  Runtime.ExitError  — injected crash`);
  });
});
