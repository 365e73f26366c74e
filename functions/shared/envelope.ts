import { ENVELOPE_VERSION, IDEMPOTENCY_KEY_PATTERN, MESSAGE_TYPE_PATTERN, QUEUE_NAME_PATTERN } from '../../contract/index.js';
import { ConveyorError } from './errors.js';

/** A JSON object as it arrives from a client. */
export type JsonObject = Record<string, unknown>;

/**
 * What travels on the queue: the client's message plus the idempotency key and the time the
 * producer accepted it. The key (the client's `Idempotency-Key`, or a generated id) is what the
 * consumer's idempotency records are keyed by, never the SQS message id, which changes when a
 * client retries.
 */
export interface Envelope {
  /** Envelope format version. */
  readonly v: typeof ENVELOPE_VERSION;
  /** Idempotency key: the message's identity across retries. */
  readonly id: string;
  /** Message type; selects the consumer's handler. */
  readonly type: string;
  /** Type-specific payload. */
  readonly payload: JsonObject;
  /** When the producer accepted the message, epoch milliseconds. */
  readonly acceptedAt: number;
  /** The FIFO message group, when one was given. */
  readonly groupId?: string;
  /**
   * Whose key `id` is: the id of the API key the message came with. Idempotency records are kept
   * per scope, so one client cannot pre-empt ("squat") another client's key. Absent for messages
   * put on the queue without the API: those share one unscoped key space.
   */
  readonly scope?: string;
  /**
   * Set only on the copies of a type delivered to several queues: the queue this copy was sent to.
   * It is part of the record key, so that each queue's consumer applies the message once, under its
   * own record, instead of taking the other queue's record for a duplicate.
   */
  readonly queue?: string;
}

/**
 * The key the consumer's idempotency record is stored under: `<scope>/<id>`, or `id` when unscoped;
 * a fan-out copy's is prefixed with its queue, `<queue>#<scope>/<id>`.
 */
export const recordKeyOf = (envelope: Pick<Envelope, 'id' | 'scope' | 'queue'>): string => {
  const key = envelope.scope === undefined ? envelope.id : `${envelope.scope}/${envelope.id}`;
  return envelope.queue === undefined ? key : `${envelope.queue}#${key}`;
};

// SQS accepts #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF, and some emulators
// refuse astral characters as well. JSON.stringify already escapes control characters and lone
// surrogates; escaping every surrogate and U+FFFE/U+FFFF too leaves a body every SQS accepts and
// that still parses to the same value.
const SQS_UNSAFE = /[\uD800-\uDFFF\uFFFE\uFFFF]/g;
const escapeChar = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Serializes an envelope to a message body that every SQS implementation accepts. */
export function serializeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope).replace(SQS_UNSAFE, escapeChar);
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and checks a queue message body. Anything that is not a well-formed envelope throws
 * a `MALFORMED_ENVELOPE` {@link ConveyorError}: such a message can never succeed, however often it is retried.
 */
export function parseEnvelope(body: string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw malformed('message body is not JSON', { cause: error });
  }
  if (!isObject(value)) throw malformed('message body is not a JSON object');
  if (value.v !== ENVELOPE_VERSION) throw malformed(`unsupported envelope version ${JSON.stringify(value.v)}`);
  if (typeof value.id !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value.id)) {
    throw malformed('envelope id is missing or not a valid idempotency key');
  }
  if (typeof value.type !== 'string' || !MESSAGE_TYPE_PATTERN.test(value.type)) {
    throw malformed('envelope type is missing or invalid');
  }
  if (!isObject(value.payload)) throw malformed('envelope payload is not a JSON object');
  if (typeof value.acceptedAt !== 'number' || !Number.isFinite(value.acceptedAt)) {
    throw malformed('envelope acceptedAt is not a timestamp');
  }
  if (value.groupId !== undefined && typeof value.groupId !== 'string') {
    throw malformed('envelope groupId is not a string');
  }
  if (value.scope !== undefined && (typeof value.scope !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value.scope))) {
    throw malformed('envelope scope is not a valid key scope');
  }
  if (value.queue !== undefined && (typeof value.queue !== 'string' || !QUEUE_NAME_PATTERN.test(value.queue))) {
    throw malformed('envelope queue is not a valid queue name');
  }
  return value as unknown as Envelope;
}

const malformed = (message: string, options?: ErrorOptions): ConveyorError => new ConveyorError('MALFORMED_ENVELOPE', message, options);
