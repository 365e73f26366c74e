/**
 * Each function's environment, as a typed schema: one variable name, one default and one range per
 * setting. The construct builds each function's environment from it (`environmentVariable`), and
 * each function parses its configuration with it (`readEnvironment`), once, at cold start.
 */
import {
  IDEMPOTENCY_TTL_SECONDS,
  type IntegerRange,
  MAX_MESSAGE_BYTES,
  MAX_RECEIVE_COUNT,
  RETRY_BASE_SECONDS,
  RETRY_BUDGET_SECONDS,
  RETRY_MAX_DELAY_SECONDS,
} from './limits.js';

/** A required, non-empty string (a queue URL, a table name). */
export interface StringSetting { readonly kind: 'string'; readonly name: string }
/** `true` or `false`, with a default when unset. */
export interface BooleanSetting { readonly kind: 'boolean'; readonly name: string; readonly default: boolean }
/** An integer within a range, with a default when unset. */
export interface IntegerSetting extends IntegerRange { readonly kind: 'integer'; readonly name: string }
/** One environment variable a function reads. */
export type Setting = StringSetting | BooleanSetting | IntegerSetting;
/** A function's environment: setting → variable. */
export type EnvironmentSchema = Readonly<Record<string, Setting>>;

/** The configuration a schema parses to. */
export type ConfigOf<S extends EnvironmentSchema> = {
  readonly [K in keyof S]: S[K] extends IntegerSetting ? number : S[K] extends BooleanSetting ? boolean : string;
};

const string = (name: string): StringSetting => ({ kind: 'string', name });
const boolean = (name: string, fallback: boolean): BooleanSetting => ({ kind: 'boolean', name, default: fallback });
const integer = (name: string, range: IntegerRange): IntegerSetting => ({ kind: 'integer', name, ...range });

const QUEUE_URL = string('QUEUE_URL');
const QUEUE_FIFO = boolean('QUEUE_FIFO', false);
const IDEMPOTENCY_TABLE_NAME = string('IDEMPOTENCY_TABLE_NAME');

/** The producer: API Gateway → SQS. */
export const PRODUCER_ENVIRONMENT = {
  /** Where each message type goes: JSON of type → `MessageRoute` (contract/outputs.ts). */
  routes: string('MESSAGE_ROUTES'),
  /** Largest serialized envelope accepted, bytes: the queue's MaximumMessageSize. */
  maxMessageBytes: integer('MAX_MESSAGE_BYTES', MAX_MESSAGE_BYTES),
} as const satisfies EnvironmentSchema;

/** The consumer: SQS → the effect, under idempotency records. */
export const CONSUMER_ENVIRONMENT = {
  /** The queue's name in conveyor.config.ts (its logs and dead letters say it). */
  queueName: string('QUEUE_NAME'),
  /** The queue it reads, and sends the delayed copies of retried messages to. */
  queueUrl: QUEUE_URL,
  /** The dead-letter queue: permanent failures go there at once. */
  deadLetterQueueUrl: string('DEAD_LETTER_QUEUE_URL'),
  /** Whether the queues are FIFO. */
  fifo: QUEUE_FIFO,
  /** The idempotency records. */
  idempotencyTableName: IDEMPOTENCY_TABLE_NAME,
  /** The tables its types' handlers write: JSON of table name → `MessageTable` (contract/outputs.ts). */
  tables: string('MESSAGE_TABLES'),
  /** The queue's redrive `maxReceiveCount`. */
  maxReceiveCount: integer('MAX_RECEIVE_COUNT', MAX_RECEIVE_COUNT),
  /** How long a completed record suppresses duplicates, seconds. */
  idempotencyTtlSeconds: integer('IDEMPOTENCY_TTL_SECONDS', IDEMPOTENCY_TTL_SECONDS),
  /** The retry schedule's base delay, seconds. */
  retryBaseSeconds: integer('RETRY_BASE_SECONDS', RETRY_BASE_SECONDS),
  /** The retry schedule's longest delay, seconds. */
  retryMaxDelaySeconds: integer('RETRY_MAX_DELAY_SECONDS', RETRY_MAX_DELAY_SECONDS),
  /** How long a message is retried after its first failure before it is dead-lettered, seconds. */
  retryBudgetSeconds: integer('RETRY_BUDGET_SECONDS', RETRY_BUDGET_SECONDS),
} as const satisfies EnvironmentSchema;

/** The status function: `GET /messages/{id}` → the idempotency record. */
export const STATUS_ENVIRONMENT = {
  /** The idempotency records it reads. */
  idempotencyTableName: IDEMPOTENCY_TABLE_NAME,
  /** Where else a message's record may be: JSON of `RecordPlaces` (contract/outputs.ts). */
  places: string('RECORD_PLACES'),
} as const satisfies EnvironmentSchema;

/** Powertools' own variables, which the construct sets on every function (Powertools reads them itself). */
export const POWERTOOLS_ENVIRONMENT = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** A variable is missing or out of its range; the message names it. */
export class EnvironmentError extends Error {
  readonly code = 'INVALID_ENVIRONMENT';
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** Parses `env` with `schema`; throws {@link EnvironmentError} naming the first missing or bad variable. */
export function readEnvironment<S extends EnvironmentSchema>(schema: S, env: Readonly<Record<string, string | undefined>>): ConfigOf<S> {
  const config: Record<string, string | number | boolean> = {};
  for (const [key, setting] of Object.entries(schema)) config[key] = readSetting(setting, env[setting.name]);
  return config as ConfigOf<S>;
}

function readSetting(setting: Setting, raw: string | undefined): string | number | boolean {
  const unset = raw === undefined || raw.trim() === '';
  switch (setting.kind) {
    case 'string':
      if (unset) throw new EnvironmentError(`environment variable ${setting.name} is required`);
      return raw;
    case 'boolean':
      if (unset) return setting.default;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new EnvironmentError(`environment variable ${setting.name} must be 'true' or 'false' (got '${raw}')`);
    case 'integer': {
      if (unset) return setting.default;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
        throw new EnvironmentError(`environment variable ${setting.name} must be an integer between ${setting.min} and ${setting.max} (got '${raw}')`);
      }
      return value;
    }
  }
}
