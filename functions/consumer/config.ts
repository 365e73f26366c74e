import { type Env, readBoolean, readInteger, requireString } from '../shared/env.js';

/** Everything the consumer reads from its environment, resolved once at cold start. */
export interface ConsumerConfig {
  /** The queue the consumer reads (`QUEUE_URL`), for shortening the visibility of in-flight duplicates. */
  readonly queueUrl: string;
  /** The dead-letter queue (`DEAD_LETTER_QUEUE_URL`): permanent failures go there at once. */
  readonly deadLetterQueueUrl: string;
  /** Whether the queues are FIFO (`QUEUE_FIFO`). @default false */
  readonly fifo: boolean;
  /** Idempotency records table (`IDEMPOTENCY_TABLE_NAME`). */
  readonly idempotencyTableName: string;
  /** The example ledger table (`LEDGER_TABLE_NAME`). */
  readonly ledgerTableName: string;
  /** The queue's redrive `maxReceiveCount` (`MAX_RECEIVE_COUNT`), 2–1000. @default 5 */
  readonly maxReceiveCount: number;
  /**
   * How long a completed idempotency record suppresses duplicates (`IDEMPOTENCY_TTL_SECONDS`),
   * 60 s – 365 days. @default 604800 (7 days)
   */
  readonly idempotencyTtlSeconds: number;
  /**
   * Added to the invocation's remaining time to form a lock's expiry, so that a write sent just
   * before a timeout lands before another invocation may take the lock over. @default 5000 ms
   */
  readonly lockGraceMs: number;
  /** A message is not started with less invocation time left than this. @default 1000 ms */
  readonly minRemainingMs: number;
}

/** Resolves the consumer's configuration; throws `ConfigError` naming a missing or bad variable. */
export function loadConsumerConfig(env: Env): ConsumerConfig {
  return {
    queueUrl: requireString(env, 'QUEUE_URL'),
    deadLetterQueueUrl: requireString(env, 'DEAD_LETTER_QUEUE_URL'),
    fifo: readBoolean(env, 'QUEUE_FIFO', false),
    idempotencyTableName: requireString(env, 'IDEMPOTENCY_TABLE_NAME'),
    ledgerTableName: requireString(env, 'LEDGER_TABLE_NAME'),
    maxReceiveCount: readInteger(env, 'MAX_RECEIVE_COUNT', 5, 2, 1000),
    idempotencyTtlSeconds: readInteger(env, 'IDEMPOTENCY_TTL_SECONDS', 604_800, 60, 31_536_000),
    lockGraceMs: 5000,
    minRemainingMs: 1000,
  };
}
