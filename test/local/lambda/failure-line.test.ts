import { describe, expect, it } from 'vitest';
import { invocationFailureLine, sqsMessageIds } from '../../../local/lambda/failure-line.js';
import { apiEvent, sqsEvent, sqsRecord } from '../../support/factories.js';

const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678));
const batch = sqsEvent([sqsRecord({ messageId: 'm1', body: '{"secret":"payload"}' }), sqsRecord({ messageId: 'm2', body: 'x' })]);

describe('invocationFailureLine', () => {
  it('writes one WARN JSON line for a crash with the function, request id, batch message ids and exit reason, never the bodies', () => {
    const line = invocationFailureLine({
      functionName: 'Consumer', requestId: 'r-1', event: batch, reason: 'crash', timeoutSeconds: 30, at,
      error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: exit status 3' },
    });

    expect(JSON.parse(line ?? '')).toEqual({
      level: 'WARN', message: 'invocation crashed', timestamp: '2025-01-02T03:04:05.678Z', function: 'Consumer', requestId: 'r-1',
      messageIds: ['m1', 'm2'], errorType: 'Runtime.ExitError', reason: 'Runtime exited with error: exit status 3',
    });
    expect(line).not.toContain('payload');
  });

  it('says how long a timed-out invocation ran', () => {
    const line = invocationFailureLine({
      functionName: 'Consumer', requestId: 'r-2', event: batch, reason: 'timeout', timeoutSeconds: 30, at,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 30.00 seconds' },
    });

    expect(JSON.parse(line ?? '')).toMatchObject({ message: 'invocation timed out', timeoutSeconds: 30, reason: 'Task timed out after 30.00 seconds' });
  });

  it('names init failures and invocations abandoned by a stop, and leaves out message ids of a non-SQS event', () => {
    const init = invocationFailureLine({ functionName: 'Producer', requestId: 'r', event: apiEvent(), reason: 'init', timeoutSeconds: 3, error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'no module' } });
    const stopped = invocationFailureLine({ functionName: 'Producer', requestId: 'r', event: {}, reason: 'crash', timeoutSeconds: 3, error: { errorType: 'Runtime.Shutdown', errorMessage: 'stopped' } });

    expect(JSON.parse(init ?? '')).toMatchObject({ message: 'function init failed', errorType: 'Runtime.ImportModuleError' });
    expect(JSON.parse(init ?? '')).not.toHaveProperty('messageIds');
    expect(JSON.parse(stopped ?? '')).toMatchObject({ message: 'invocation abandoned at stop' });
  });

  it('writes nothing for a handler error: the function reports those itself', () => {
    expect(invocationFailureLine({ functionName: 'Consumer', requestId: 'r', event: batch, reason: 'error', timeoutSeconds: 3, error: { errorType: 'Error', errorMessage: 'boom' } })).toBeUndefined();
  });
});

describe('sqsMessageIds', () => {
  it('reads the message ids of an SQS event only', () => {
    expect(sqsMessageIds(batch)).toEqual(['m1', 'm2']);
    expect(sqsMessageIds({ Records: [{ eventSource: 'aws:s3', messageId: 'x' }] })).toEqual([]);
    expect(sqsMessageIds(null)).toEqual([]);
    expect(sqsMessageIds('text')).toEqual([]);
  });
});
