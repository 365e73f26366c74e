import type { SQSRecord } from 'aws-lambda';
import { SQS_MAX_DELAY_SECONDS } from '../../../contract/index.js';
import { BACKOFF, ConveyorError } from '../../shared/errors.js';
import { consumerError } from '../errors.js';
import type { Outcome } from '../outcome.js';
import type { RetryPolicy } from './policy.js';
import { backoffSeconds } from './policy.js';
import { afterFailure, type RetryPlan, retryStateOf } from './state.js';

export type { RetryPlan } from './state.js';
import { inProgressRetryDelay } from './visibility.js';

/** What {@link planRetry} needs. */
export interface PlanDeps {
  readonly fifo: boolean;
  /** The queue's redrive `maxReceiveCount`. */
  readonly maxReceiveCount: number;
  /** The policy for a message type (the queue's, or the type's own). */
  readonly retryPolicy: (type: string | undefined) => RetryPolicy;
  readonly clock: () => number;
  /** A number in [0, 1). */
  readonly random: () => number;
}

/**
 * Decides what becomes of a message whose attempt failed transiently: when it is tried again and
 * how, or — when the next attempt would start after the budget, or (FIFO) this was the last receive
 * SQS allows — the dead-letter queue now, with the reason, the attempts and their history. On a
 * standard queue the receive count never decides: a retry is a copy with a fresh count. Other
 * outcomes pass through unchanged.
 * @param preceding FIFO: the plan of the failed message this one was kept back behind
 */
export function planRetry(record: SQSRecord, type: string | undefined, outcome: Outcome, deps: PlanDeps, preceding?: RetryPlan): Outcome {
  if (outcome.status !== 'retry') return outcome;
  const { error } = outcome;
  const failure = error instanceof ConveyorError ? error : undefined;
  const retry = failure?.retry ?? BACKOFF;
  const now = deps.clock();
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  // Back in place, without counting an attempt — except on a standard queue near the receive limit,
  // where the next receive could be SQS's last: a copy (same attempt) starts a fresh receive count.
  const inPlace = (seconds: number): Outcome => (!deps.fifo && receives >= deps.maxReceiveCount - 1
    ? { ...outcome, plan: { via: 'copy', delaySeconds: Math.min(seconds, SQS_MAX_DELAY_SECONDS), state: retryStateOf(record, false, now) } }
    : { ...outcome, plan: { via: 'visibility', delaySeconds: seconds } });

  // Another invocation holds the key: its own short schedule, bounded by the holder's lock.
  if (retry.kind === 'in-flight') {
    return inPlace(inProgressRetryDelay({ receiveCount: receives, maxReceiveCount: deps.maxReceiveCount, lockRemainingMs: retry.lockExpiresAt - now }));
  }
  // Kept back behind its group's failed message: back together with it, so the group stays in order.
  if (failure?.code === 'PRECEDING_MESSAGE_FAILED') return { ...outcome, plan: { via: 'visibility', delaySeconds: preceding?.delaySeconds ?? 0 } };
  // Not an attempt (e.g. too little invocation time to start): back at once.
  if (retry.kind === 'after' && retry.seconds === 0) return inPlace(0);

  const code = failure?.code ?? error.name;
  const state = retryStateOf(record, deps.fifo, now);
  const next = afterFailure(state, code, now);
  const policy = deps.retryPolicy(type);
  // A handler's "after N s" counts in full against the budget, though one delay covers at most 900 s.
  const wantedSeconds = retry.kind === 'after' ? Math.ceil(retry.seconds) : backoffSeconds(policy, state.attempt, deps.random());
  const delaySeconds = Math.min(wantedSeconds, SQS_MAX_DELAY_SECONDS);
  const retriedMs = now + wantedSeconds * 1000 - next.firstFailedAt;
  if (retriedMs > policy.budgetSeconds * 1000) {
    const message = `attempt ${state.attempt} failed with ${code} (${error.message}); the next would start ${Math.round(retriedMs / 1000)} s after the first failure, past the retry budget of ${policy.budgetSeconds} s`;
    return { status: 'dead-lettered', error: consumerError('RETRY_BUDGET_EXHAUSTED', message, { cause: error }), retries: next };
  }
  // FIFO retries in place, so SQS's receive count bounds its attempts: the last one dead-letters.
  if (deps.fifo && receives >= deps.maxReceiveCount) {
    const message = `attempt ${state.attempt} failed with ${code} (${error.message}) on receive ${receives} of ${deps.maxReceiveCount}`;
    return { status: 'dead-lettered', error: consumerError('RECEIVES_EXHAUSTED', message, { cause: error }), retries: next };
  }
  return { ...outcome, plan: deps.fifo ? { via: 'visibility', delaySeconds } : { via: 'copy', delaySeconds, state: next } };
}
