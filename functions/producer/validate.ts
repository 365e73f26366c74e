import {
  GROUP_ID_PATTERN,
  IDEMPOTENCY_KEY_PATTERN,
  MAX_BATCH_MESSAGES,
  SQS_MAX_DELAY_SECONDS as MAX_DELAY_SECONDS,
  MAX_PAYLOAD_DEPTH,
  MESSAGE_TYPE_PATTERN,
} from '../../contract/index.js';
import type { JsonObject } from '../shared/envelope.js';
import { httpError } from './errors.js';

/**
 * Structural validation of request bodies. It mirrors the API Gateway request models built in
 * `infra/constructs/api-models.ts` (a parity test feeds both the same bodies), and adds what JSON
 * Schema cannot say: payload nesting depth. Hand-written rather than Ajv because compiling even
 * this small schema at cold start cost 53–73 ms here, and the bundle 121 KB (see docs/producer.md).
 */

/** One message as a client sent it, checked. */
export interface MessageInput {
  readonly type: string;
  readonly payload: JsonObject;
  readonly groupId?: string;
  readonly delaySeconds?: number;
  /** Batch items only: the message's own idempotency key. */
  readonly idempotencyKey?: string;
}

/** What a type's queue allows: FIFO queues need a group and take no per-message delay. */
export interface ValidationOptions {
  /** Whether the message type `type` (as sent, not yet checked) goes to a FIFO queue; false for an unknown type. */
  readonly fifoOf: (type: unknown) => boolean;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the body of `POST /messages`. */
export function validateSingleBody(value: unknown, options: ValidationOptions): MessageInput {
  return validateMessage(value, 'body', options, false);
}

/** Checks the body of `POST /messages/batch`: `{ "messages": [ … 1–100 items ] }`. */
export function validateBatchBody(value: unknown, options: ValidationOptions): MessageInput[] {
  if (!isObject(value)) throw httpError('VALIDATION_FAILED', 'body must be a JSON object');
  for (const key of Object.keys(value)) {
    if (key !== 'messages') throw httpError('VALIDATION_FAILED', `body must not have the field ${JSON.stringify(key)} (allowed: messages)`);
  }
  const { messages } = value;
  if (messages === undefined) throw httpError('VALIDATION_FAILED', 'body.messages is required');
  if (!Array.isArray(messages)) throw httpError('VALIDATION_FAILED', 'body.messages must be an array');
  if (messages.length < 1 || messages.length > MAX_BATCH_MESSAGES) {
    throw httpError('VALIDATION_FAILED', `body.messages must hold 1 to ${MAX_BATCH_MESSAGES} messages (got ${messages.length})`);
  }
  return messages.map((item, index) => validateMessage(item, `messages[${index}]`, options, true));
}

/** Checks an `Idempotency-Key` header value; `undefined` means none was sent. */
export function validateIdempotencyKey(value: string | undefined, at = 'Idempotency-Key'): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw httpError('INVALID_IDEMPOTENCY_KEY', `${at} must be 1–128 characters of [A-Za-z0-9_.:-]`);
  }
  return value;
}

function validateMessage(value: unknown, at: string, { fifoOf }: ValidationOptions, batchItem: boolean): MessageInput {
  if (!isObject(value)) throw httpError('VALIDATION_FAILED', `${at} must be a JSON object`);
  const fifo = fifoOf(value.type);
  for (const key of Object.keys(value)) {
    if (key === 'delaySeconds' && fifo) throw httpError('VALIDATION_FAILED', `${at}.delaySeconds is not supported on a FIFO queue (type ${String(value.type)} goes to one)`);
    if (!allowedField(key, batchItem)) {
      const allowed = allowedFields(batchItem).filter((field) => !(fifo && field === 'delaySeconds'));
      throw httpError('VALIDATION_FAILED', `${at} must not have the field ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
    }
  }
  const { type, payload, groupId, delaySeconds, idempotencyKey } = value;
  if (type === undefined) throw httpError('VALIDATION_FAILED', `${at}.type is required`);
  if (typeof type !== 'string' || !MESSAGE_TYPE_PATTERN.test(type)) {
    throw httpError('VALIDATION_FAILED', `${at}.type must be a letter followed by up to 63 of [A-Za-z0-9_.:-]`);
  }
  if (payload === undefined) throw httpError('VALIDATION_FAILED', `${at}.payload is required`);
  if (!isObject(payload)) throw httpError('VALIDATION_FAILED', `${at}.payload must be a JSON object`);
  if (groupId === undefined && fifo) throw httpError('VALIDATION_FAILED', `${at}.groupId is required: type ${String(type)} goes to a FIFO queue`);
  if (groupId !== undefined && (typeof groupId !== 'string' || !GROUP_ID_PATTERN.test(groupId))) {
    throw httpError('VALIDATION_FAILED', `${at}.groupId must be 1–128 printable ASCII characters`);
  }
  if (
    delaySeconds !== undefined &&
    (typeof delaySeconds !== 'number' || !Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS)
  ) {
    throw httpError('VALIDATION_FAILED', `${at}.delaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}`);
  }
  if (idempotencyKey !== undefined && typeof idempotencyKey !== 'string') {
    throw httpError('INVALID_IDEMPOTENCY_KEY', `${at}.idempotencyKey must be 1–128 characters of [A-Za-z0-9_.:-]`);
  }
  validateIdempotencyKey(idempotencyKey, `${at}.idempotencyKey`);
  assertDepth(payload, `${at}.payload`);
  return {
    type,
    payload,
    ...(groupId !== undefined ? { groupId: groupId as string } : {}),
    ...(delaySeconds !== undefined ? { delaySeconds: delaySeconds as number } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}

const MESSAGE_FIELDS = ['type', 'payload', 'groupId', 'delaySeconds'] as const;
const BATCH_ITEM_FIELDS = [...MESSAGE_FIELDS, 'idempotencyKey'] as const;

function allowedFields(batchItem: boolean): readonly string[] {
  return batchItem ? BATCH_ITEM_FIELDS : MESSAGE_FIELDS;
}

function allowedField(key: string, batchItem: boolean): boolean {
  return allowedFields(batchItem).includes(key);
}

/** Iterative, so a hostile nesting depth cannot overflow the stack while it is being measured. */
function assertDepth(root: JsonObject, at: string): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_PAYLOAD_DEPTH) throw httpError('VALIDATION_FAILED', `${at} is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
    for (const child of Object.values(value as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}
