import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { RETRY_ATTRIBUTE } from '../../../../contract/index.js';
import { consumerError, inProgress, permanentError, retryAfter } from '../../../../functions/consumer/errors.js';
import { retry } from '../../../../functions/consumer/outcome.js';
import { type PlanDeps, planRetry } from '../../../../functions/consumer/retry/plan.js';
import type { RetryPolicy } from '../../../../functions/consumer/retry/policy.js';
import { afterFailure, serializeRetryState } from '../../../../functions/consumer/retry/state.js';
import { ConveyorError } from '../../../../functions/shared/errors.js';
import { sqsRecord } from '../../../support/factories.js';

const NOW = 1_800_000_000_000;
const POLICY: RetryPolicy = { baseSeconds: 1, maxDelaySeconds: 60, budgetSeconds: 900 };
const deps = (overrides: Partial<PlanDeps> = {}): PlanDeps => ({
  fifo: false,
  maxReceiveCount: 5,
  retryPolicy: () => POLICY,
  clock: () => NOW,
  random: () => 1 - Number.EPSILON,
  ...overrides,
});
const unavailable = () => new ConveyorError('RECORDS_UNAVAILABLE', 'idempotency store lock failed');
const received = (receives: number, attributes: Partial<SQSRecord> = {}) =>
  sqsRecord({ body: '{}', ...attributes, attributes: { ApproximateReceiveCount: String(receives), ApproximateFirstReceiveTimestamp: String(NOW - 10_000) } as never });
const copyAt = (attempt: number, firstFailedAt: number) => {
  let state = afterFailure({ attempt: 1, history: [] }, 'RECORDS_UNAVAILABLE', firstFailedAt);
  while (state.attempt < attempt) state = afterFailure(state, 'RECORDS_UNAVAILABLE', NOW - 1000);
  return received(1, { messageAttributes: { [RETRY_ATTRIBUTE]: { dataType: 'String', stringValue: serializeRetryState(state) } } });
};

describe('planRetry', () => {
  it('passes every outcome but a retry through unchanged', () => {
    const outcome = { status: 'dead-lettered', error: permanentError('X', 'x') } as const;
    expect(planRetry(received(1), 'ledger.credit', outcome, deps())).toBe(outcome);
  });

  it('retries a first transient failure on a standard queue with a delayed copy carrying attempt 2', () => {
    const outcome = planRetry(received(1), 'ledger.credit', retry(unavailable()), deps());

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'copy', delaySeconds: 1, state: { attempt: 2, firstFailedAt: NOW, history: [[NOW, 'RECORDS_UNAVAILABLE']] } } });
  });

  it('treats anything a handler throws as transient, named by its error name', () => {
    const outcome = planRetry(received(1), 'ledger.credit', retry(new TypeError('fetch failed')), deps());

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'copy', state: { history: [[NOW, 'TypeError']] } } });
  });

  it('backs off further on later attempts, up to the longest delay', () => {
    const delays = [2, 4, 7, 12].map((attempt) => planRetry(copyAt(attempt, NOW - 60_000), undefined, retry(unavailable()), deps()));

    expect(delays.map((outcome) => (outcome.status === 'retry' ? outcome.plan?.delaySeconds : outcome.status))).toEqual([2, 8, 60, 60]);
  });

  it('dead-letters a message whose next attempt would start past the budget, with its attempts and reason', () => {
    const outcome = planRetry(copyAt(9, NOW - 899_000), 'ledger.credit', retry(unavailable()), deps());

    expect(outcome.status).toBe('dead-lettered');
    if (outcome.status !== 'dead-lettered') return;
    expect(outcome.error).toMatchObject({ code: 'RETRY_BUDGET_EXHAUSTED', retry: { kind: 'never' } });
    expect(outcome.error.message).toMatch(/^attempt 9 failed with RECORDS_UNAVAILABLE \(idempotency store lock failed\); .* past the retry budget of 900 s$/);
    expect(outcome.retries).toMatchObject({ attempt: 10, firstFailedAt: NOW - 899_000 });
  });

  it('dead-letters at the first failure with a budget of 0', () => {
    const outcome = planRetry(received(1), undefined, retry(unavailable()), deps({ retryPolicy: () => ({ ...POLICY, budgetSeconds: 0 }) }));

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: { code: 'RETRY_BUDGET_EXHAUSTED' } });
  });

  it('uses the message type\'s own policy', () => {
    const policies: Record<string, RetryPolicy> = { slow: { baseSeconds: 30, maxDelaySeconds: 900, budgetSeconds: 3600 } };
    const outcome = planRetry(received(1), 'slow', retry(unavailable()), deps({ retryPolicy: (type) => policies[type ?? ''] ?? POLICY }));

    expect(outcome).toMatchObject({ plan: { delaySeconds: 30 } });
  });

  it('comes back when a handler says (Retry-After), at most after SQS\'s longest delay', () => {
    const soon = planRetry(received(1), undefined, retry(retryAfter(17, 'downstream said 17 s')), deps());
    const late = planRetry(received(1), undefined, retry(retryAfter(3600, 'downstream said an hour')), deps({ retryPolicy: () => ({ ...POLICY, budgetSeconds: 86_400 }) }));

    expect(soon).toMatchObject({ plan: { via: 'copy', delaySeconds: 17, state: { history: [[NOW, 'RETRY_AFTER']] } } });
    expect(late).toMatchObject({ plan: { delaySeconds: 900 } });
  });

  it('dead-letters a Retry-After that falls past the budget', () => {
    const outcome = planRetry(received(1), undefined, retry(retryAfter(901, 'come back in 15 min')), deps());

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: { code: 'RETRY_BUDGET_EXHAUSTED' } });
  });

  it('retries in place on a FIFO queue (a copy would leave the group\'s order), counting receives as attempts', () => {
    const outcome = planRetry(received(3), undefined, retry(unavailable()), deps({ fifo: true }));

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'visibility', delaySeconds: 4 } });
  });

  it('dead-letters a transient failure on the last receive itself, with the reason', () => {
    const outcome = planRetry(received(5), undefined, retry(unavailable()), deps({ fifo: true }));

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: { code: 'RECEIVES_EXHAUSTED', message: expect.stringMatching(/on receive 5 of 5$/) } });
  });

  it('on a standard queue retries a transient failure on SQS\'s last receive as a copy, which starts a fresh receive count', () => {
    const outcome = planRetry(received(5), undefined, retry(unavailable()), deps());

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'copy', state: { attempt: 2 } } });
  });

  it('on a standard queue sends an in-flight duplicate near the receive limit on as a copy of the same attempt, waiting for the holder\'s lock', () => {
    const outcome = planRetry(received(4), undefined, retry(inProgress('k', NOW + 3_000)), deps());

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'copy', delaySeconds: 4, state: { attempt: 1, history: [] } } });
  });

  it('brings a message kept back behind its group\'s failure back with it', () => {
    const kept = retry(consumerError('PRECEDING_MESSAGE_FAILED', 'kept back'));

    expect(planRetry(received(1), undefined, kept, deps({ fifo: true }), { via: 'visibility', delaySeconds: 8 })).toMatchObject({ plan: { via: 'visibility', delaySeconds: 8 } });
  });

  it('retries an in-flight duplicate in place on its own short schedule, never dead-lettering it', () => {
    const outcome = planRetry(received(5), undefined, retry(inProgress('k', NOW + 3_000)), deps({ fifo: true }));

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'visibility', delaySeconds: 4 } });
  });

  it('makes a message that was not started (too little time left) visible again at once, without counting an attempt', () => {
    const outcome = planRetry(received(1), undefined, retry(consumerError('INSUFFICIENT_TIME', 'only 10 ms left')), deps());

    expect(outcome).toMatchObject({ status: 'retry', plan: { via: 'visibility', delaySeconds: 0 } });
  });
});
