import { CONSUMER_ENVIRONMENT, type ConfigOf } from '../../contract/index.js';
import { type Env, loadEnvironment } from '../shared/env.js';

/**
 * Everything the consumer reads from its environment, resolved once at cold start — `queueUrl`,
 * `deadLetterQueueUrl`, `fifo`, `idempotencyTableName`, `ledgerTableName`, `maxReceiveCount`
 * (@default 5, 2–1000), `idempotencyTtlSeconds` (@default 604800, 60 s – 365 days); names,
 * defaults and ranges in `contract/environment.ts` — plus two timings that are not settings.
 */
export interface ConsumerConfig extends ConfigOf<typeof CONSUMER_ENVIRONMENT> {
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
  return { ...loadEnvironment(CONSUMER_ENVIRONMENT, env), lockGraceMs: 5000, minRemainingMs: 1000 };
}
