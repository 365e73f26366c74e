import Ajv from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_BATCH_MESSAGES,
  batchSchema,
  messageSchema,
  toDraft4Document,
  type MessageSchemaOptions,
} from '../../../infra/constructs/api-models.js';
import { synthConveyor } from '../factories.js';

type Validate = (body: unknown) => boolean;

function validator(schema: Record<string, unknown>): Validate {
  const validate = new Ajv({ strict: false }).compile(schema);
  return (body) => validate(body) as boolean;
}

/** A valid message body; `overrides` replace or (when undefined) remove fields. */
function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { type: 'order.created', payload: { id: 1 }, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

const STANDARD: MessageSchemaOptions = { fifo: false };
const FIFO: MessageSchemaOptions = { fifo: true };

describe('messageSchema', () => {
  describe('standard', () => {
    const valid = validator(toDraft4Document(messageSchema(STANDARD)));

    it.each([
      ['type and payload', message()],
      ['a groupId', message({ groupId: 'tenant-42' })],
      ['delaySeconds 0 and 900', message({ delaySeconds: 900 })],
      ['a 64-character type with . _ : -', message({ type: `A${'._:-'.repeat(15)}abc` })],
      ['a 128-character printable groupId', message({ groupId: '!'.repeat(64) + '~'.repeat(64) })],
    ])('accepts %s', (_case, body) => {
      expect(valid(body)).toBe(true);
    });

    it.each([
      ['a missing type', message({ type: undefined })],
      ['a missing payload', message({ payload: undefined })],
      ['an unknown property', message({ priority: 1 })],
      ['a type starting with a digit', message({ type: '1order' })],
      ['a 65-character type', message({ type: `a${'b'.repeat(64)}` })],
      ['a type with a space', message({ type: 'order created' })],
      ['a non-object payload', message({ payload: [1, 2] })],
      ['a string payload', message({ payload: 'x' })],
      ['an empty groupId', message({ groupId: '' })],
      ['a groupId with a space', message({ groupId: 'a b' })],
      ['a 129-character groupId', message({ groupId: 'g'.repeat(129) })],
      ['delaySeconds 901', message({ delaySeconds: 901 })],
      ['negative delaySeconds', message({ delaySeconds: -1 })],
      ['fractional delaySeconds', message({ delaySeconds: 1.5 })],
      ['an idempotencyKey (header only on the single route)', message({ idempotencyKey: 'k' })],
    ])('rejects %s', (_case, body) => {
      expect(valid(body)).toBe(false);
    });
  });

  describe('fifo', () => {
    const valid = validator(toDraft4Document(messageSchema(FIFO)));

    it('accepts a message with a groupId', () => {
      expect(valid(message({ groupId: 'tenant-42' }))).toBe(true);
    });

    it('requires groupId', () => {
      expect(valid(message())).toBe(false);
    });

    it('rejects delaySeconds (SQS FIFO has no per-message delay)', () => {
      expect(valid(message({ groupId: 'g', delaySeconds: 0 }))).toBe(false);
    });
  });
});

describe('batchSchema', () => {
  const batch = (messages: unknown[], extra: Record<string, unknown> = {}) => ({ messages, ...extra });

  describe('standard', () => {
    const valid = validator(toDraft4Document(batchSchema(STANDARD)));

    it.each([
      ['one message', batch([message()])],
      [`${MAX_BATCH_MESSAGES} messages`, batch(Array.from({ length: MAX_BATCH_MESSAGES }, () => message()))],
      ['an idempotencyKey per message', batch([message({ idempotencyKey: 'order-1:v2' })])],
      ['a 128-character idempotencyKey', batch([message({ idempotencyKey: 'k'.repeat(128) })])],
    ])('accepts %s', (_case, body) => {
      expect(valid(body)).toBe(true);
    });

    it.each([
      ['a missing messages array', {}],
      ['an empty batch', batch([])],
      [`${MAX_BATCH_MESSAGES + 1} messages`, batch(Array.from({ length: MAX_BATCH_MESSAGES + 1 }, () => message()))],
      ['an unknown top-level property', batch([message()], { dryRun: true })],
      ['an invalid message', batch([message({ type: undefined })])],
      ['an unknown property in a message', batch([message({ priority: 1 })])],
      ['an empty idempotencyKey', batch([message({ idempotencyKey: '' })])],
      ['an idempotencyKey with a slash', batch([message({ idempotencyKey: 'a/b' })])],
      ['a 129-character idempotencyKey', batch([message({ idempotencyKey: 'k'.repeat(129) })])],
      ['messages that is not an array', { messages: message() }],
    ])('rejects %s', (_case, body) => {
      expect(valid(body)).toBe(false);
    });
  });

  describe('fifo', () => {
    const valid = validator(toDraft4Document(batchSchema(FIFO)));

    it('accepts messages with a groupId', () => {
      expect(valid(batch([message({ groupId: 'g', idempotencyKey: 'k' })]))).toBe(true);
    });

    it('requires groupId in every message', () => {
      expect(valid(batch([message({ groupId: 'g' }), message()]))).toBe(false);
    });

    it('rejects delaySeconds', () => {
      expect(valid(batch([message({ groupId: 'g', delaySeconds: 5 })]))).toBe(false);
    });
  });
});

describe('toDraft4Document', () => {
  it('renames schema to $schema and leaves property names alone', () => {
    const document = toDraft4Document(messageSchema(STANDARD));

    expect(document.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(Object.keys(document.properties as object)).toEqual(['type', 'payload', 'groupId', 'delaySeconds']);
  });
});

describe('models in the template', () => {
  const modelSchemas = (fifo: boolean) =>
    Object.values(synthConveyor({ fifo }).template.findResources('AWS::ApiGateway::Model')).map((m) => m.Properties.Schema);
  let standard: unknown[];
  let fifo: unknown[];

  beforeAll(() => {
    standard = modelSchemas(false);
    fifo = modelSchemas(true);
  });

  it('are exactly the exported schemas (standard)', () => {
    expect(standard).toEqual([toDraft4Document(messageSchema(STANDARD)), toDraft4Document(batchSchema(STANDARD))]);
  });

  it('are exactly the exported schemas (fifo)', () => {
    expect(fifo).toEqual([toDraft4Document(messageSchema(FIFO)), toDraft4Document(batchSchema(FIFO))]);
  });
});
