import { CONSUMER_ENVIRONMENT, type ConfigOf, type MessageTable } from '../../contract/index.js';
import { type Env, loadEnvironment, parseJsonMap } from '../shared/env.js';

/**
 * Everything the consumer reads from its environment, resolved once at cold start — `queueName`, `queueUrl`,
 * `deadLetterQueueUrl`, `fifo`, `idempotencyTableName`, `tables` (its handlers' tables), `maxReceiveCount`
 * (@default 5, 2–1000), `idempotencyTtlSeconds` (@default 604800, 60 s – 365 days); names,
 * defaults and ranges in `contract/environment.ts` — plus two timings that are not settings.
 */
export interface ConsumerConfig extends Omit<ConfigOf<typeof CONSUMER_ENVIRONMENT>, 'tables'> {
  /** The tables its types' handlers write, by their name in conveyor.config.ts. */
  readonly tables: Readonly<Record<string, MessageTable>>;
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
  const raw = loadEnvironment(CONSUMER_ENVIRONMENT, env);
  const tables = parseJsonMap<MessageTable>(CONSUMER_ENVIRONMENT.tables.name, raw.tables, { tableName: 'string', partitionKey: 'string' });
  return { ...raw, tables, lockGraceMs: 5000, minRemainingMs: 1000 };
}
