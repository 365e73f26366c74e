import { type ConfigOf, type MessageRoute, PRODUCER_ENVIRONMENT } from '../../contract/index.js';
import { type Env, loadEnvironment, parseJsonMap } from '../shared/env.js';

/**
 * Everything the producer reads from its environment, resolved once at cold start: `routes`
 * (`MESSAGE_ROUTES`: where each message type is sent, and whether that queue is FIFO) and
 * `maxMessageBytes` (`MAX_MESSAGE_BYTES`, the queues' MaximumMessageSize, @default 262144). Names,
 * defaults and ranges: `contract/environment.ts`.
 */
export interface ProducerConfig extends Omit<ConfigOf<typeof PRODUCER_ENVIRONMENT>, 'routes'> {
  /** Each type's queues: one, or several for a type delivered to several queues. */
  readonly routes: Readonly<Record<string, readonly MessageRoute[]>>;
}

/** Resolves the producer's configuration; throws `CONFIG_INVALID` naming a missing or bad variable. */
export function loadProducerConfig(env: Env): ProducerConfig {
  const raw = loadEnvironment(PRODUCER_ENVIRONMENT, env);
  return {
    ...raw,
    routes: parseJsonMap<MessageRoute>(PRODUCER_ENVIRONMENT.routes.name, raw.routes, { queue: 'string', queueUrl: 'string', fifo: 'boolean' }, true),
  };
}
