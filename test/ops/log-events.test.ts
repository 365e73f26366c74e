import { describe, expect, it } from 'vitest';
import { formatTailEvent, parseJsonLogLine, tailEvents } from '../../ops/log-events.js';

const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'INFO', timestamp: new Date(at).toISOString(), service: 'Conveyor', ...fields });

describe('tailEvents', () => {
  it('turns the consumer\'s batch line into one event per processed or duplicate message', () => {
    const events = tailEvents({
      at,
      function: 'Consumer',
      line: line({
        message: 'batch done', records: 3, processed: 1, duplicates: 1, deadLettered: 1,
        messages: [
          { messageId: 'm1', idempotencyKey: 'k1', outcome: 'processed' },
          { messageId: 'm2', idempotencyKey: 'k2', outcome: 'duplicate' },
          { messageId: 'm3', outcome: 'dead-lettered' },
        ],
      }),
    });

    expect(events.map((event) => [event.kind, event.messageId, event.idempotencyKey])).toEqual([
      ['processed', 'm1', 'k1'],
      ['duplicate', 'm2', 'k2'],
    ]);
  });

  it('shows failures from their warn lines, with the reason', () => {
    const dead = tailEvents({ at, function: 'Consumer', line: line({ level: 'WARN', message: 'message sent to the dead-letter queue', messageId: 'm3', code: 'MALFORMED_ENVELOPE', reason: 'not JSON' }) });
    const retry = tailEvents({ at, function: 'Consumer', line: line({ level: 'WARN', message: 'message will be retried', messageId: 'm4', idempotencyKey: 'k4', reason: 'IN_PROGRESS', detail: 'held elsewhere' }) });

    expect(dead).toMatchObject([{ kind: 'dead-lettered', messageId: 'm3', code: 'MALFORMED_ENVELOPE', reason: 'not JSON' }]);
    expect(retry).toMatchObject([{ kind: 'retry', messageId: 'm4', idempotencyKey: 'k4', code: 'IN_PROGRESS', reason: 'held elsewhere' }]);
    const scheduled = tailEvents({ at, function: 'Consumer', line: line({ level: 'WARN', message: 'message will be retried', messageId: 'm5', reason: 'RECORDS_UNAVAILABLE', detail: 'idempotency store commit failed', inSeconds: 4, via: 'copy', attempt: 3 }) });
    expect(scheduled).toMatchObject([{ kind: 'retry', code: 'RECORDS_UNAVAILABLE', reason: 'idempotency store commit failed; again in 4 s as attempt 3' }]);
  });

  it('shows the consumer\'s errors and ignores its other lines, the producer\'s and EMF documents', () => {
    expect(tailEvents({ at, function: 'Consumer', line: line({ level: 'ERROR', message: 'effect applied but its completion was not recorded', idempotencyKey: 'k' }) }))
      .toMatchObject([{ kind: 'error', level: 'ERROR', idempotencyKey: 'k', reason: 'effect applied but its completion was not recorded' }]);
    expect(tailEvents({ at, function: 'Consumer', line: line({ message: 'something else' }) })).toEqual([]);
    expect(tailEvents({ at, function: 'Producer', line: line({ message: 'message accepted' }) })).toEqual([]);
    expect(tailEvents({ at, function: 'Consumer', line: JSON.stringify({ _aws: { CloudWatchMetrics: [] }, MessagesProcessed: 1 }) })).toEqual([]);
    expect(tailEvents({ at, function: 'Consumer', line: 'START RequestId: 1' })).toEqual([]);
  });

  it('passes every line of every function with all', () => {
    const events = tailEvents({ at, function: 'Producer', line: 'plain text' }, { all: true });

    expect(events).toEqual([{ at, function: 'Producer', kind: 'log', line: 'plain text' }]);
  });
});

describe('parseJsonLogLine', () => {
  it('finds the JSON after Lambda\'s text prefix', () => {
    expect(parseJsonLogLine('2025-01-02T03:04:05.678Z\tabc\tINFO\t{"message":"batch done"}')).toEqual({ message: 'batch done' });
    expect(parseJsonLogLine('no json here')).toBeUndefined();
    expect(parseJsonLogLine('{broken')).toBeUndefined();
  });
});

describe('formatTailEvent', () => {
  it('prints time, kind, ids and reason on one line', () => {
    const text = formatTailEvent({ at, function: 'Consumer', kind: 'dead-lettered', messageId: 'm3', idempotencyKey: 'k3', code: 'INVALID_PAYLOAD', reason: 'amount ≤ 0', line: '' });

    expect(text).toBe('03:04:05.678  dead-lettered  m3  key=k3  INVALID_PAYLOAD  — amount ≤ 0');
  });
});
