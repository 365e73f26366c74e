import { type Env, readBoolean, readInteger, requireString } from '../shared/env.js';

/** Everything the producer reads from its environment, resolved once at cold start. */
export interface ProducerConfig {
  /** URL of the queue messages are sent to (`QUEUE_URL`). */
  readonly queueUrl: string;
  /** Whether that queue is FIFO (`QUEUE_FIFO`). @default false */
  readonly fifo: boolean;
  /**
   * Largest serialized envelope accepted, in bytes (`MAX_MESSAGE_BYTES`); the queue's
   * MaximumMessageSize. Range 1024–1048576. @default 262144
   */
  readonly maxMessageBytes: number;
}

/** Resolves the producer's configuration; throws `ConfigError` naming a missing or bad variable. */
export function loadProducerConfig(env: Env): ProducerConfig {
  return {
    queueUrl: requireString(env, 'QUEUE_URL'),
    fifo: readBoolean(env, 'QUEUE_FIFO', false),
    maxMessageBytes: readInteger(env, 'MAX_MESSAGE_BYTES', 262_144, 1024, 1_048_576),
  };
}
