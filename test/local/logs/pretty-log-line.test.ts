import { describe, expect, it } from 'vitest';
import { prettyLogLine } from '../../../local/logs/pretty-log-line.js';

const now = new Date(Date.UTC(2025, 0, 2, 9, 0, 0, 0));

/** A Powertools log line as the consumer writes it (≈ 600 characters with its context fields). */
function powertools(fields: Record<string, unknown>): string {
  return JSON.stringify({
    level: 'INFO', message: 'batch done', timestamp: '2025-01-02T12:03:04.123Z', service: 'Conveyor', cold_start: false,
    function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:Conveyor-Consumer', function_memory_size: '512',
    function_name: 'Conveyor-Consumer', function_request_id: '6b026b2e-4321-443f-91c7-2c7feecc6005', sampling_rate: 0, ...fields,
  });
}

describe('prettyLogLine', () => {
  it('prints time, function, level and message, then the line\'s own fields with the request id shortened', () => {
    const line = powertools({ records: 10, processed: 9, duplicates: 1, messages: [{ messageId: 'm1' }, { messageId: 'm2' }] });

    expect(prettyLogLine('Consumer', line, { now })).toBe('12:03:04.123 Consumer INFO  batch done  req=6b026b2e records=10 processed=9 duplicates=1 messages=[2]');
  });

  it('shows the runtime\'s crash line with every message id of the batch', () => {
    const line = JSON.stringify({
      level: 'WARN', message: 'invocation crashed', timestamp: '2025-01-02T12:03:04.500Z', function: 'Consumer', requestId: 'febd926a-12f7-40d3-8257-0f8bad66faab',
      messageIds: ['m1', 'm2'], errorType: 'Runtime.ExitError', reason: 'Runtime exited with error: exit status 3',
    });

    expect(prettyLogLine('Consumer', line, { now })).toBe(
      '12:03:04.500 Consumer WARN  invocation crashed  req=febd926a messageIds=m1,m2 errorType=Runtime.ExitError reason="Runtime exited with error: exit status 3"',
    );
  });

  it('never prints payload-like fields, shows errors as name and message, and counts the fields past the limit', () => {
    const line = powertools({
      level: 'ERROR', message: 'unexpected error', payload: { account: 'acc-1', amount: 5 }, body: '{"secret":1}',
      error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at y' }, a: 1, b: 2, c: 3,
    });

    const text = prettyLogLine('Producer', line, { now, maxFields: 3 });

    expect(text).toBe('12:03:04.123 Producer ERROR unexpected error  req=6b026b2e error="TypeError: x is undefined" a=1 +2 more');
    expect(text).not.toMatch(/acc-1|secret/);
  });

  it('prints a plain line as it is, at the time given, and shortens long values', () => {
    expect(prettyLogLine('Producer', 'Error: boom', { now })).toBe('09:00:00.000 Producer       Error: boom');
    expect(prettyLogLine('Consumer', JSON.stringify({ level: 'INFO', message: 'm', key: 'k'.repeat(100) }), { now, maxValueChars: 10 }))
      .toBe('09:00:00.000 Consumer INFO  m  key=kkkkkkkkk…');
  });

  it('labels an EMF document and keeps its metric values', () => {
    const line = JSON.stringify({ _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [] }, service: 'Conveyor', MessagesProcessed: 10 });

    expect(prettyLogLine('Consumer', line, { now })).toBe('09:00:00.000 Consumer EMF  MessagesProcessed=10');
  });
});
