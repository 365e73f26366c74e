import { BACKOFF, ConveyorError, type ConveyorErrorOptions, NEVER, type Retry } from '../shared/errors.js';

/**
 * The codes the consumer raises itself, with how it retries each (see `Retry`). A handler raises
 * its own codes: {@link permanentError} for input it can never process (dead-lettered at once, with
 * the code and message as attributes, instead of burning the remaining receives); anything else it
 * throws is retried.
 */
export const CONSUMER_ERRORS = {
  /** The same idempotency key arrived earlier with a different type or payload. */
  PAYLOAD_MISMATCH: NEVER,
  /** A condition of a transactional effect's own write failed (e.g. a debit larger than the balance); nothing was written. */
  EFFECT_REJECTED: NEVER,
  /** Another invocation holds the key's lock right now (retried when its lock allows). */
  IN_PROGRESS: BACKOFF,
  /** Too little invocation time was left to start the message safely: back at once, not counted as an attempt. */
  INSUFFICIENT_TIME: { kind: 'after', seconds: 0 },
  /** FIFO: an earlier message of the same group failed in this batch, so this one was kept back to preserve order. */
  PRECEDING_MESSAGE_FAILED: BACKOFF,
  /** The key's lock expired and another invocation took it over before this one completed. */
  LOCK_LOST: BACKOFF,
  /** The key's record kept changing under the lock or commit attempts. */
  LOCK_CONTENTION: BACKOFF,
  /** A transiently failing message ran out of its retry budget; the message names the last failure. */
  RETRY_BUDGET_EXHAUSTED: NEVER,
  /** A transiently failing message failed on the last receive the queue's redrive policy allows. */
  RECEIVES_EXHAUSTED: NEVER,
} as const satisfies Record<string, Retry>;

/** A code of {@link CONSUMER_ERRORS}. */
export type ConsumerErrorCode = keyof typeof CONSUMER_ERRORS;

/** The consumer's error for `code`, retried as {@link CONSUMER_ERRORS} says unless `options.retry` says otherwise. */
export const consumerError = (code: ConsumerErrorCode, message: string, options: ConveyorErrorOptions = {}): ConveyorError =>
  new ConveyorError(code, message, { retry: CONSUMER_ERRORS[code], ...options });

/** A failure no retry can cure, with the handler's own `code`: the message is dead-lettered at once. */
export const permanentError = (code: string, message: string, options: Omit<ConveyorErrorOptions, 'retry'> = {}): ConveyorError =>
  new ConveyorError(code, message, { ...options, retry: NEVER });

/**
 * A failure the other side says when to retry (e.g. an HTTP 429 or 503 with `Retry-After`): the
 * message comes back after `seconds` (at most 900, SQS's longest delay), within the retry budget.
 */
export const retryAfter = (seconds: number, message: string, code = 'RETRY_AFTER'): ConveyorError =>
  new ConveyorError(code, message, { retry: { kind: 'after', seconds: Math.max(0, seconds) } });

/** Another invocation holds `key`'s lock until `lockExpiresAt` (epoch ms). */
export const inProgress = (key: string, lockExpiresAt: number): ConveyorError =>
  consumerError('IN_PROGRESS', `idempotency key '${key}' is being processed by another invocation`, { retry: { kind: 'in-flight', lockExpiresAt } });
