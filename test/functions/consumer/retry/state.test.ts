import { describe, expect, it } from 'vitest';
import { MAX_RETRY_HISTORY, RETRY_ATTRIBUTE } from '../../../../contract/index.js';
import { afterFailure, retryStateOf, serializeRetryState, STALE_STATE_MS } from '../../../../functions/consumer/retry/state.js';
import { sqsRecord } from '../../../support/factories.js';

const NOW = 1_800_000_000_000;
const carrying = (value: string) => sqsRecord({ body: '{}', messageAttributes: { [RETRY_ATTRIBUTE]: { dataType: 'String', stringValue: value } } });

describe('retryStateOf', () => {
  it('starts a message that carries nothing at attempt 1', () => {
    expect(retryStateOf(sqsRecord({ body: '{}' }), false, NOW)).toEqual({ attempt: 1, history: [] });
  });

  it('continues the schedule a delayed copy carries', () => {
    const state = afterFailure(afterFailure({ attempt: 1, history: [] }, 'A', NOW - 3000), 'B', NOW - 1000);

    expect(retryStateOf(carrying(serializeRetryState(state)), false, NOW)).toEqual({ attempt: 3, firstFailedAt: NOW - 3000, history: [[NOW - 3000, 'A'], [NOW - 1000, 'B']] });
  });

  it('starts again when the state is from an earlier life of the message (dead-lettered and redriven)', () => {
    const old = afterFailure({ attempt: 1, history: [] }, 'A', NOW - STALE_STATE_MS - 1);

    expect(retryStateOf(carrying(serializeRetryState(old)), false, NOW)).toEqual({ attempt: 1, history: [] });
  });

  it.each(['not json', '{"attempt":0}', '{"attempt":"2"}', '[]', 'null'])('ignores a state that does not parse: %s', (value) => {
    expect(retryStateOf(carrying(value), false, NOW)).toEqual({ attempt: 1, history: [] });
  });

  it('on a FIFO queue counts attempts by receives, from the first receive', () => {
    const record = sqsRecord({ body: '{}', attributes: { ApproximateReceiveCount: '3', ApproximateFirstReceiveTimestamp: String(NOW - 5000) } as never });

    expect(retryStateOf(record, true, NOW)).toMatchObject({ attempt: 3, firstFailedAt: NOW - 5000 });
  });
});

describe('afterFailure', () => {
  it('counts the attempt, keeps the first failure time and appends the failure', () => {
    const first = afterFailure({ attempt: 1, history: [] }, 'RECORDS_UNAVAILABLE', NOW);
    const second = afterFailure(first, 'RETRY_AFTER', NOW + 2000);

    expect(second).toEqual({ attempt: 3, firstFailedAt: NOW, history: [[NOW, 'RECORDS_UNAVAILABLE'], [NOW + 2000, 'RETRY_AFTER']] });
  });

  it(`keeps only the last ${MAX_RETRY_HISTORY} failures`, () => {
    let state = afterFailure({ attempt: 1, history: [] }, 'E0', NOW);
    for (let index = 1; index < MAX_RETRY_HISTORY + 5; index++) state = afterFailure(state, `E${index}`, NOW + index);

    expect(state.history).toHaveLength(MAX_RETRY_HISTORY);
    expect(state.history[0]?.[1]).toBe('E5');
    expect(state.attempt).toBe(MAX_RETRY_HISTORY + 6);
    expect(state.firstFailedAt).toBe(NOW);
  });
});
