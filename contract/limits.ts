/**
 * AWS's limits that more than one layer must respect, and the ranges and defaults of the settings
 * the construct validates and the functions read. Each is written here once.
 */

/** Largest per-message delay SQS allows, in seconds. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Longest visibility timeout SQS allows, in seconds (12 hours). */
export const SQS_MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/** Most entries one SQS SendMessageBatch request may carry. */
export const SQS_BATCH_MAX_ENTRIES = 10;

/** Most bytes one SQS SendMessageBatch request may carry (1 MiB), and SQS's largest message. */
export const SQS_BATCH_MAX_BYTES = 1024 * 1024;

/** Lambda's limit on a synchronous invocation's payload and on its response, bytes (6 MB). */
export const LAMBDA_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** The suffix SQS requires of a FIFO queue's name. */
export const FIFO_QUEUE_SUFFIX = '.fifo';

/**
 * AWS's guidance for an SQS event source mapping: the queue's visibility timeout at least this many
 * times the function's timeout (also the default the construct derives).
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** An integer setting: its default and the range the construct and the function both accept. */
export interface IntegerRange {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** Receives before SQS's redrive policy moves a message to the DLQ (`maxReceiveCount`). */
export const MAX_RECEIVE_COUNT: IntegerRange = { default: 5, min: 2, max: 1000 };

/** The queues' maximum message size and the producer's envelope limit, bytes (`maxMessageBytes`). */
export const MAX_MESSAGE_BYTES: IntegerRange = { default: 262_144, min: 1024, max: SQS_BATCH_MAX_BYTES };

/** How long a completed idempotency record suppresses duplicates, seconds (`idempotencyTtl`): 7 days by default, 60 s – 365 days. */
export const IDEMPOTENCY_TTL_SECONDS: IntegerRange = { default: 7 * 24 * 60 * 60, min: 60, max: 365 * 24 * 60 * 60 };

/** The retry schedule's first delay cap, seconds (`retryBaseDelay`): attempt n waits up to base × 2^(n-1). */
/**
 * SQS event source mapping in provisioned mode: the fewest pollers kept ready (AWS's range for SQS
 * and its default), each poller about 5 MB/s of throughput.
 */
export const PROVISIONED_MINIMUM_POLLERS: IntegerRange = { default: 2, min: 2, max: 200 };

/** SQS event source mapping in provisioned mode: the most pollers it scales to (CloudFormation's range, AWS's default). */
export const PROVISIONED_MAXIMUM_POLLERS: IntegerRange = { default: 200, min: 2, max: 2000 };

export const RETRY_BASE_SECONDS: IntegerRange = { default: 1, min: 1, max: SQS_MAX_DELAY_SECONDS };

/** The longest wait between two attempts, seconds (`retryMaxDelay`); a delayed copy can wait at most SQS's 900 s. */
export const RETRY_MAX_DELAY_SECONDS: IntegerRange = { default: 60, min: 1, max: SQS_MAX_DELAY_SECONDS };

/**
 * How long a message keeps being retried after its first failure before it is dead-lettered,
 * seconds (`retryBudget`): 15 minutes by default; 0 dead-letters at the first failure; at most a day.
 */
export const RETRY_BUDGET_SECONDS: IntegerRange = { default: 15 * 60, min: 0, max: 24 * 60 * 60 };
