/**
 * What every kind's templates share: their input, and the parts all three write alike — the
 * payload (an example interface and its parser, to replace with the type's own fields) and the
 * parser's tests.
 */
import { objectKey, type TypeNames } from '../names.js';

/** The handler kinds a type can be scaffolded as (see `functions/consumer/handlers/types.ts`). */
export const HANDLER_KINDS = ['insert', 'transactional', 'locked'] as const;

/** A handler kind: `insert`, `transactional` or `locked`. */
export type HandlerKind = (typeof HANDLER_KINDS)[number];

/** What a kind's templates are filled in with. */
export interface TemplateInput {
  readonly names: TypeNames;
  readonly kind: HandlerKind;
  /** The queue the type goes to, and whether `conveyor.config.ts` makes it FIFO. */
  readonly queue: { readonly name: string; readonly fifo: boolean };
  /** The table the handler writes (insert and transactional kinds). */
  readonly table?: { readonly name: string; readonly partitionKey: string };
  /** The command that wrote the files, quoted in their header. */
  readonly command: string;
}

/** One kind's templates: the type's module (`handlers/<file>.ts`) and its test (`test/handlers/<file>.test.ts`). */
export interface KindTemplate {
  module(input: TemplateInput): string;
  test(input: TemplateInput): string;
}

/** The table of `input`, which the insert and transactional templates require. */
export function requireTable(input: TemplateInput): { readonly name: string; readonly partitionKey: string } {
  if (input.table === undefined) throw new Error(`the ${input.kind} template needs a table`);
  return input.table;
}

/** The payload interface, its field rules and its parser: the same example for every kind. */
export function payloadSection({ names }: TemplateInput): string {
  return `const ITEM_ID = 'must be 1–128 characters of [A-Za-z0-9_.:-]';
const QUANTITY = 'must be an integer from 1 to 1000';

/**
 * Payload of \`${names.type}\`, in valibot (docs/your-types.md). The fields are an example: replace
 * them with the type's own. Give each field's type and actions the same message: the API answers 400
 * INVALID_PAYLOAD with \`payload.<field> <message>\` for the first problem.
 */
export const schema = v.strictObject({
  /** What the message is about. */
  itemId: v.pipe(v.string(ITEM_ID), v.regex(/^[A-Za-z0-9_.:-]{1,128}$/, ITEM_ID)),
  quantity: v.pipe(v.number(QUANTITY), v.integer(QUANTITY), v.minValue(1, QUANTITY), v.maxValue(1000, QUANTITY)),
});

/** Payload of \`${names.type}\`. */
export type ${names.payloadInterface} = v.InferOutput<typeof schema>;

/**
 * Checks a payload of \`${names.type}\`. The producer runs it before it queues a message, the consumer
 * before the handler.
 */
export const payload = parserOf(schema, '${names.type}');`;
}

/** The test file's helper for valid payloads. */
export const validPayloadHelper = `/** A valid payload, with \`overrides\` over it. */
const valid = (overrides: Record<string, unknown> = {}) => ({ itemId: 'item-1', quantity: 2, ...overrides });`;

/** The parser's tests, then `extra` (more tests of the same `describe`). */
export function payloadTests({ names }: TemplateInput, extra: string): string {
  return `describe('${names.type} payload', () => {
  it('accepts an item id and a quantity from 1 to 1000', () => {
    expect(payload(valid())).toEqual(valid());
    expect(payload(valid({ itemId: 'a'.repeat(128), quantity: 1000 }))).toEqual({ itemId: 'a'.repeat(128), quantity: 1000 });
  });

  it.each([
    ['a missing item id', 'payload.itemId', valid({ itemId: undefined })],
    ['an item id with a space', 'payload.itemId', valid({ itemId: 'a b' })],
    ['an item id of 129 characters', 'payload.itemId', valid({ itemId: 'a'.repeat(129) })],
    ['a quantity of 0', 'payload.quantity', valid({ quantity: 0 })],
    ['a quantity of 1001', 'payload.quantity', valid({ quantity: 1001 })],
    ['a fractional quantity', 'payload.quantity', valid({ quantity: 1.5 })],
    ['a quantity as a string', 'payload.quantity', valid({ quantity: '2' })],
    ['an unknown field', 'payload.note', valid({ note: 'x' })],
  ])('refuses %s, naming %s', (_name, field, input) => {
    expect(() => payload(input)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
    expect(() => payload(input)).toThrow(field);
  });

${extra}
});`;
}

/**
 * The tests that run the handler through the real consumer against the test emulators (as
 * test/handlers/orders-place.test.ts does): a queue of the kind the config declares, a table made
 * for the test. `body` is the `it` blocks; they use `send`, `consumerFor()` (the consumer's batch
 * handler) and `table` (the table's name).
 */
export function consumerTests(input: TemplateInput, body: string): string {
  const { names, queue, kind } = input;
  const table = requireTable(input);
  const send = queue.fifo
    ? `  /** Sends a message as the producer does to a FIFO queue: in one group, deduplicated by key (\`dedup\` varies it, as a re-send after SQS's 5-minute window would). */
  const send = (id: string, body: Record<string, unknown>, dedup = id) =>
    sqs.send(new SendMessageCommand({
      QueueUrl: queues.queueUrl,
      MessageBody: serializeEnvelope(envelope({ id, type: '${names.type}', payload: body, groupId: 'group-1' })),
      MessageGroupId: 'group-1',
      MessageDeduplicationId: dedup,
    }));`
    : `  /** Sends a message as the producer does to a standard queue. */
  const send = (id: string, body: Record<string, unknown>) =>
    sqs.send(new SendMessageCommand({
      QueueUrl: queues.queueUrl,
      MessageBody: serializeEnvelope(envelope({ id, type: '${names.type}', payload: body })),
    }));`;
  return `describe('${names.type} through the consumer (${queue.fifo ? 'FIFO' : 'standard'} queue ${queue.name}, ${kind} kind)', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;
  let table: string;

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [queues, tables, table] = await Promise.all([
      createQueues(sqs, { fifo: ${queue.fifo} }),
      createTables(dynamodb),
      createKeyedTable(dynamodb, '${table.name}', '${table.partitionKey}'),
    ]);
  });

${send}

  /** The real consumer, running this type's handler on the test's table. */
  const consumerFor = () => {
    const config = consumerConfig(queues, tables, { fifo: ${queue.fifo}, tables: { ${objectKey(table.name)}: { tableName: table, partitionKey: '${table.partitionKey}' } } });
    const deps = { tables: config.tables, queue: '${queue.name}' };
    return testConsumer({ sqs, dynamodb }, config, { types: { ${objectKey(names.type)}: payload }, handlers: { ${objectKey(names.type)}: handler(deps) } }).consume;
  };

${body}
});`;
}

/** The `it` that a handler given no table fails its cold start (insert and transactional kinds). */
export function missingTableTest(input: TemplateInput): string {
  const table = requireTable(input);
  return `  it('refuses, at cold start, a handler given no ${table.name} table', () => {
    const deps = { tables: {}, queue: '${input.queue.name}' };
    expect(() => handler(deps)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });`;
}

/** A re-send of message `key` with `body`: a new deduplication id on a FIFO queue, as a client retrying after SQS's window would. */
export const resend = (input: TemplateInput, key: string, body: string): string =>
  input.queue.fifo ? `await send('${key}', ${body}, '${key}-again');` : `await send('${key}', ${body});`;
