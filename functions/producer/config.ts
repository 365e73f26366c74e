import { type ConfigOf, PRODUCER_ENVIRONMENT } from '../../contract/index.js';
import { type Env, loadEnvironment } from '../shared/env.js';

/**
 * Everything the producer reads from its environment, resolved once at cold start: `queueUrl`
 * (`QUEUE_URL`), `fifo` (`QUEUE_FIFO`, @default false), `maxMessageBytes` (`MAX_MESSAGE_BYTES`, the
 * queue's MaximumMessageSize, @default 262144). Names, defaults and ranges: `contract/environment.ts`.
 */
export type ProducerConfig = ConfigOf<typeof PRODUCER_ENVIRONMENT>;

/** Resolves the producer's configuration; throws `ConfigError` naming a missing or bad variable. */
export function loadProducerConfig(env: Env): ProducerConfig {
  return loadEnvironment(PRODUCER_ENVIRONMENT, env);
}
