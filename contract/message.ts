/**
 * The message contract: what a client may send, what travels on the queue, and what the consumer
 * writes on a message it dead-letters. The producer, the consumer, the API's infrastructure, the
 * local runtime and the operator tools all read it from here.
 */

/** Envelope format version written by this producer and accepted by this consumer. */
export const ENVELOPE_VERSION = 1;

/** Idempotency keys: 1–128 characters of `[A-Za-z0-9_.:-]` (also valid as an SQS FIFO deduplication id). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Message types: a letter, then up to 63 of `[A-Za-z0-9_.:-]` (e.g. `ledger.credit`). */
export const MESSAGE_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** Queue (and table) names in conveyor.config.ts: a lowercase letter, then up to 39 lowercase letters, digits or hyphens. */
export const QUEUE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** FIFO message group ids: 1–128 printable ASCII characters, the set SQS accepts for MessageGroupId. */
export const GROUP_ID_PATTERN = /^[!-~]{1,128}$/;

/** Most messages one `POST /messages/batch` request may carry. */
export const MAX_BATCH_MESSAGES = 100;

/**
 * Largest request body the batch route reads, in bytes (5 MiB). A Lambda synchronous invocation
 * carries at most 6 MB, so a larger body could never reach the function; refusing it here keeps the
 * answer a 413 instead of a gateway 5xx.
 */
export const MAX_BATCH_BODY_BYTES = 5 * 1024 * 1024;

/** Deepest nesting accepted inside `payload` (objects and arrays), so no stage can overflow its stack. */
export const MAX_PAYLOAD_DEPTH = 32;

/** The HTTP header that carries a single message's idempotency key (as API Gateway declares it; matched case-insensitively). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The message attributes the consumer adds when it dead-letters a message itself (SQS allows 10 per
 * message); the operator tools read them back.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  errorCode: 'Conveyor.ErrorCode',
  errorMessage: 'Conveyor.ErrorMessage',
  sourceMessageId: 'Conveyor.SourceMessageId',
  receiveCount: 'Conveyor.ReceiveCount',
  failedAt: 'Conveyor.FailedAt',
  /** How many attempts the message had (transient failures retried by the consumer), a number. */
  attempts: 'Conveyor.Attempts',
  /** The attempts' failures, JSON: `[{ "at": <ISO time>, "code": <error code> }, …]`, oldest first (the last {@link MAX_RETRY_HISTORY}). */
  retryHistory: 'Conveyor.RetryHistory',
} as const;

/**
 * The attribute a delayed copy of a retried message carries (standard queues): JSON
 * `{ "attempt": n, "firstFailedAt": ms, "lastFailedAt": ms, "history": [[ms, code], …] }`, where
 * `attempt` is the number of the attempt the copy is for. The consumer reads it to continue the
 * schedule and the budget; it is not copied to the dead-letter queue (the attempts and history
 * attributes are), so a redriven message starts a fresh budget.
 */
export const RETRY_ATTRIBUTE = 'Conveyor.Retry';

/** How many failures a message's retry history keeps (the most recent). */
export const MAX_RETRY_HISTORY = 20;
