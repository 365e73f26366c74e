import { JsonSchemaType, JsonSchemaVersion, type JsonSchema } from 'aws-cdk-lib/aws-apigateway';

/**
 * JSON Schemas (draft-04) of the request bodies API Gateway validates before
 * the producer runs. The producer validates again (sizes, keys); these
 * schemas only keep obviously malformed requests away from it.
 */

/** Options that change the message shape. */
export interface MessageSchemaOptions {
  /** FIFO queue: `groupId` is required and `delaySeconds` is not allowed (SQS FIFO has no per-message delay). */
  readonly fifo: boolean;
}

/** Message `type`: a letter, then up to 63 of `[A-Za-z0-9_.:-]`. */
export const MESSAGE_TYPE_PATTERN = '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$';
/** `groupId`: 1–128 printable ASCII characters (the SQS MessageGroupId alphabet). */
export const GROUP_ID_PATTERN = '^[!-~]{1,128}$';
/** Batch entry `idempotencyKey`: 1–128 of `[A-Za-z0-9_.:-]`. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{1,128}$';
/** Most messages in one `POST /messages/batch`. */
export const MAX_BATCH_MESSAGES = 100;
/** Largest `delaySeconds` SQS accepts. */
export const MAX_DELAY_SECONDS = 900;

function messageProperties(options: MessageSchemaOptions): Record<string, JsonSchema> {
  return {
    type: { type: JsonSchemaType.STRING, pattern: MESSAGE_TYPE_PATTERN },
    payload: { type: JsonSchemaType.OBJECT },
    groupId: { type: JsonSchemaType.STRING, pattern: GROUP_ID_PATTERN },
    ...(options.fifo ? {} : { delaySeconds: { type: JsonSchemaType.INTEGER, minimum: 0, maximum: MAX_DELAY_SECONDS } }),
  };
}

function messageRequired(options: MessageSchemaOptions): string[] {
  return options.fifo ? ['type', 'payload', 'groupId'] : ['type', 'payload'];
}

/** Body of `POST /messages`: `{ type, payload, groupId?, delaySeconds? }` (see `MessageSchemaOptions`). */
export function messageSchema(options: MessageSchemaOptions): JsonSchema {
  return {
    schema: JsonSchemaVersion.DRAFT4,
    title: options.fifo ? 'FifoMessage' : 'Message',
    type: JsonSchemaType.OBJECT,
    additionalProperties: false,
    required: messageRequired(options),
    properties: messageProperties(options),
  };
}

/** Body of `POST /messages/batch`: `{ messages: [1..100 × message + idempotencyKey?] }`. */
export function batchSchema(options: MessageSchemaOptions): JsonSchema {
  return {
    schema: JsonSchemaVersion.DRAFT4,
    title: options.fifo ? 'FifoMessageBatch' : 'MessageBatch',
    type: JsonSchemaType.OBJECT,
    additionalProperties: false,
    required: ['messages'],
    properties: {
      messages: {
        type: JsonSchemaType.ARRAY,
        minItems: 1,
        maxItems: MAX_BATCH_MESSAGES,
        items: {
          type: JsonSchemaType.OBJECT,
          additionalProperties: false,
          required: messageRequired(options),
          properties: {
            ...messageProperties(options),
            idempotencyKey: { type: JsonSchemaType.STRING, pattern: IDEMPOTENCY_KEY_PATTERN },
          },
        },
      },
    },
  };
}

const PREFIXED_KEYS: Record<string, string> = { schema: '$schema', ref: '$ref' };
const USER_KEYED = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);

/**
 * Converts a CDK `JsonSchema` to the plain draft-04 document API Gateway
 * receives (`schema` → `$schema`, `ref` → `$ref`), e.g. for Ajv in tests.
 */
export function toDraft4Document(schema: JsonSchema): Record<string, unknown> {
  return convert(schema, false) as Record<string, unknown>;
}

function convert(value: unknown, keysAreNames: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, false));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      keysAreNames ? key : (PREFIXED_KEYS[key] ?? key),
      convert(v, !keysAreNames && USER_KEYED.has(key)),
    ]),
  );
}
