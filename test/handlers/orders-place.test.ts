import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordKeyOf, serializeEnvelope } from '../../functions/shared/envelope.js';
import * as ordersPlace from '../../handlers/orders-place.js';
import { createKeyedTable, createQueues, createTables, dynamodbClient, ledgerOf, type Queues, sqsClient, type Tables } from '../support/aws.js';
import { createProducer } from '../../functions/producer/producer.js';
import { QueuePublisher } from '../../functions/producer/publish.js';
import { consumerConfig, observability, testConsumer } from '../support/conveyor.js';
import { drain } from '../support/deliver.js';
import { envelope, jsonEvent } from '../support/factories.js';

/** A valid order, with `overrides` over its payload. */
const order = (overrides: Record<string, unknown> = {}) => ({ customerId: 'cust-1', lines: [{ sku: 'A-1', quantity: 2 }], totalCents: 1998, ...overrides });

describe('orders.place payload', () => {
  it('accepts a customer, 1–50 lines and a non-negative total', () => {
    expect(ordersPlace.payload(order())).toEqual(order());
    expect(ordersPlace.payload(order({ lines: Array.from({ length: 50 }, () => ({ sku: 'x', quantity: 1000 })), totalCents: 0 })).lines).toHaveLength(50);
  });

  it.each([
    ['a missing customer', order({ customerId: undefined }), 'payload.customerId'],
    ['a customer id with a space', order({ customerId: 'a b' }), 'payload.customerId'],
    ['no lines', order({ lines: [] }), 'payload.lines'],
    ['51 lines', order({ lines: Array.from({ length: 51 }, () => ({ sku: 'x', quantity: 1 })) }), 'payload.lines'],
    ['lines that are not an array', order({ lines: { sku: 'x', quantity: 1 } }), 'payload.lines'],
    ['a line that is not an object', order({ lines: ['A-1'] }), 'payload.lines[0]'],
    ['a line without a sku', order({ lines: [{ quantity: 1 }] }), 'payload.lines[0].sku'],
    ['a quantity of 0', order({ lines: [{ sku: 'x', quantity: 0 }] }), 'payload.lines[0].quantity'],
    ['a fractional quantity', order({ lines: [{ sku: 'x', quantity: 1.5 }] }), 'payload.lines[0].quantity'],
    ['an unknown field of a line', order({ lines: [{ sku: 'x', quantity: 1, price: 3 }] }), 'payload.lines[0].price'],
    ['a negative total', order({ totalCents: -1 }), 'payload.totalCents'],
    ['an unknown field', order({ coupon: 'X' }), 'payload.coupon'],
  ])('refuses %s, naming %s', (_name, payload, path) => {
    expect(() => ordersPlace.payload(payload)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
    expect(() => ordersPlace.payload(payload)).toThrow(path);
  });

  it('refuses, at cold start, a handler given no orders table', () => {
    expect(() => ordersPlace.handler({ tables: {}, queue: 'orders' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('orders.place through the consumer (FIFO queue, insert kind)', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;
  let orders: string;

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [queues, tables, orders] = await Promise.all([createQueues(sqs, { fifo: true }), createTables(dynamodb), createKeyedTable(dynamodb, 'orders', 'orderId')]);
  });

  /** Sends an order as the producer does to a FIFO queue: grouped by customer, deduplicated by key (`dedup` varies it, as a re-send after SQS's 5-minute window would). */
  const send = (id: string, payload: Record<string, unknown>, dedup = id) =>
    sqs.send(new SendMessageCommand({
      QueueUrl: queues.queueUrl,
      MessageBody: serializeEnvelope(envelope({ id, type: 'orders.place', payload, groupId: String(payload.customerId) })),
      MessageGroupId: String(payload.customerId),
      MessageDeduplicationId: dedup,
    }));

  it('puts one order per idempotency key, keyed by the message\'s record key, and none for a later duplicate', async () => {
    const config = consumerConfig(queues, tables, { fifo: true, tables: { orders: { tableName: orders, partitionKey: 'orderId' } } });
    const { consume } = testConsumer({ sqs, dynamodb }, config, {
      types: { 'orders.place': ordersPlace.payload },
      handlers: { 'orders.place': ordersPlace.handler({ tables: config.tables, queue: 'orders' }) },
    });

    await send('order-1', order());
    await send('order-2', order({ customerId: 'cust-2', totalCents: 5 }));
    await drain(sqs, queues.queueUrl, consume);
    await send('order-1', order(), 'order-1-again');
    await drain(sqs, queues.queueUrl, consume);

    const items = (await dynamodb.send(new ScanCommand({ TableName: orders, ConsistentRead: true }))).Items ?? [];
    expect(items.map((item) => [item.orderId?.S, item.customerId?.S, item.totalCents?.N]).sort()).toEqual([
      [recordKeyOf(envelope({ id: 'order-1' })), 'cust-1', '1998'],
      [recordKeyOf(envelope({ id: 'order-2' })), 'cust-2', '5'],
    ]);
    expect(items.find((item) => item.customerId?.S === 'cust-1')?.lines).toEqual({ L: [{ M: { sku: { S: 'A-1' }, quantity: { N: '2' } } }] });
  });
});

describe('orders.place fan-out: the order on orders, its total on ledger, each once', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });

  it('inserts the order and books the sale once each, though the producer is asked twice with one key', async () => {
    const [orders, ledger, tables, ordersTable] = await Promise.all([
      createQueues(sqs, { fifo: true }),
      createQueues(sqs),
      createTables(dynamodb),
      createKeyedTable(dynamodb, 'orders', 'orderId'),
    ]);
    const messageTables = { orders: { tableName: ordersTable, partitionKey: 'orderId' }, ledger: { tableName: tables.ledgerTableName, partitionKey: 'account' } };
    const types = { 'orders.place': ordersPlace.payload };
    const consumerOf = (queues: Queues, queue: string, fifo: boolean) => testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo, queueName: queue, tables: messageTables }), {
      types,
      handlers: { 'orders.place': ordersPlace.handler({ tables: messageTables, queue }) },
    }).consume;
    const produce = createProducer({
      config: {
        routes: { 'orders.place': [{ queue: 'orders', queueUrl: orders.queueUrl, fifo: true }, { queue: 'ledger', queueUrl: ledger.queueUrl, fifo: false }] },
        maxMessageBytes: 262_144,
      },
      publishers: { orders: new QueuePublisher({ sqs, queueUrl: orders.queueUrl }), ledger: new QueuePublisher({ sqs, queueUrl: ledger.queueUrl }) },
      types,
      ...observability(),
    });
    const post = () => produce(jsonEvent({ type: 'orders.place', groupId: 'cust-9', payload: order({ customerId: 'cust-9', totalCents: 700 }) }, {
      headers: { 'content-type': 'application/json', 'idempotency-key': 'fan-1' },
    }));

    const answers = [await post(), await post()];
    await drain(sqs, orders.queueUrl, consumerOf(orders, 'orders', true));
    await drain(sqs, ledger.queueUrl, consumerOf(ledger, 'ledger', false));

    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202]);
    expect(Object.keys(JSON.parse(answers[0]!.body).messageIds)).toEqual(['orders', 'ledger']);
    const items = (await dynamodb.send(new ScanCommand({ TableName: ordersTable, ConsistentRead: true }))).Items ?? [];
    expect(items.map((item) => item.orderId?.S)).toEqual([expect.stringMatching(/^orders#(.+\/)?fan-1$/)]);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, ordersPlace.salesAccountOf('cust-9'))).toEqual({ balance: 700, credits: 1 });
  });
});
