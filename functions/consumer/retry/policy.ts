import { RETRY_BASE_SECONDS, RETRY_BUDGET_SECONDS, RETRY_MAX_DELAY_SECONDS } from '../../../contract/index.js';

/**
 * How a queue (or one message type) retries transient failures: exponential backoff with full
 * jitter — attempt n waits a random whole number of seconds in [1, min(max, base × 2^(n-1))] — for
 * as long as the budget lasts after the message's first failure; then it is dead-lettered.
 * Defaults, ranges and variable names: `contract/limits.ts`, `contract/environment.ts`.
 */
export interface RetryPolicy {
  /** Longest wait after the first failure, seconds. @default 1 */
  readonly baseSeconds: number;
  /** Longest wait between two attempts, seconds (≤ 900, SQS's longest delay). @default 60 */
  readonly maxDelaySeconds: number;
  /** How long after its first failure a message is still retried, seconds. @default 900 */
  readonly budgetSeconds: number;
}

/** The policy the queue's defaults give. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseSeconds: RETRY_BASE_SECONDS.default,
  maxDelaySeconds: RETRY_MAX_DELAY_SECONDS.default,
  budgetSeconds: RETRY_BUDGET_SECONDS.default,
};

/**
 * Seconds to wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed: full
 * jitter over the capped exponential, rounded up to whole seconds (SQS delays are whole seconds),
 * never below 1.
 * @param random a number in [0, 1)
 */
export function backoffSeconds(policy: RetryPolicy, attempt: number, random: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelaySeconds, policy.baseSeconds * 2 ** exponent);
  return Math.max(1, Math.ceil(random * ceiling));
}
