import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProducer } from '../../../functions/producer/producer.js';
import { QueuePublisher } from '../../../functions/producer/publish.js';
import { parseEnvelope } from '../../../functions/shared/envelope.js';
import * as ordersPlace from '../../../handlers/orders-place.js';
import { createQueues, type Queues, receiveAll, sqsClient } from '../../support/aws.js';
import { observability } from '../../support/conveyor.js';
import { apiEvent, credit, jsonEvent } from '../../support/factories.js';
import { EXAMPLE_TYPES } from '../../support/types.js';

const order = (customerId: string, groupId?: string) => ({
  type: 'orders.place',
  payload: { customerId, lines: [{ sku: 'A-1', quantity: 1 }], totalCents: 100 },
  ...(groupId === undefined ? {} : { groupId }),
});

describe('producer with several queues', () => {
  let sqs: SQSClient;
  let ledger: Queues;
  let orders: Queues;

  beforeAll(() => {
    sqs = sqsClient();
  });
  beforeEach(async () => {
    [ledger, orders] = await Promise.all([createQueues(sqs), createQueues(sqs, { fifo: true })]);
  });

  /** The producer of a stack whose `ledger.credit` goes to a standard queue and `orders.place` to a FIFO one. */
  function producer() {
    const obs = observability();
    return createProducer({
      config: {
        routes: {
          'ledger.credit': [{ queue: 'ledger', queueUrl: ledger.queueUrl, fifo: false }],
          'orders.place': [{ queue: 'orders', queueUrl: orders.queueUrl, fifo: true }],
        },
        maxMessageBytes: 262_144,
      },
      publishers: { ledger: new QueuePublisher({ sqs, queueUrl: ledger.queueUrl }), orders: new QueuePublisher({ sqs, queueUrl: orders.queueUrl }) },
      types: { ...EXAMPLE_TYPES, 'orders.place': ordersPlace.payload },
      ...obs,
    });
  }

  it('sends each message to its type\'s queue', async () => {
    const produce = producer();

    const credited = await produce(jsonEvent(credit('acct-1', 5)));
    const placed = await produce(jsonEvent(order('cust-1', 'cust-1')));

    expect([credited.statusCode, placed.statusCode]).toEqual([202, 202]);
    expect((await receiveAll(sqs, ledger.queueUrl)).map((message) => parseEnvelope(message.Body as string).type)).toEqual(['ledger.credit']);
    const [sent] = await receiveAll(sqs, orders.queueUrl);
    expect(parseEnvelope(sent?.Body as string).type).toBe('orders.place');
    expect(sent?.Attributes?.MessageGroupId).toBe('cust-1');
  });

  it('splits a batch by queue and answers in request order', async () => {
    const produce = producer();
    const messages = [credit('acct-1', 1), order('cust-1', 'cust-1'), credit('acct-2', 2), order('cust-2', 'cust-2')].map((message, index) => ({ ...message, idempotencyKey: `b-${index}` }));

    const response = await produce(apiEvent({ resource: '/messages/batch', body: JSON.stringify({ messages }) }));

    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body).results.map((result: { id: string }) => result.id)).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
    expect(await receiveAll(sqs, ledger.queueUrl)).toHaveLength(2);
    expect(await receiveAll(sqs, orders.queueUrl, 10)).toHaveLength(2);
  });

  it('asks for a group only for the type that goes to a FIFO queue, and takes a delay only for the other', async () => {
    const produce = producer();

    const ungrouped = await produce(jsonEvent(order('cust-1')));
    const delayed = await produce(jsonEvent({ ...order('cust-1', 'cust-1'), delaySeconds: 5 }));
    const credit5 = await produce(jsonEvent(credit('acct-1', 1, { delaySeconds: 5 })));

    expect(ungrouped.statusCode).toBe(400);
    expect(JSON.parse(ungrouped.body).error.message).toBe('body.groupId is required: type orders.place goes to a FIFO queue');
    expect(delayed.statusCode).toBe(400);
    expect(JSON.parse(delayed.body).error.message).toBe('body.delaySeconds is not supported on a FIFO queue (type orders.place goes to one)');
    expect(credit5.statusCode).toBe(202);
    expect(await receiveAll(sqs, orders.queueUrl)).toHaveLength(0);
  });

  describe('a type\'s own route, POST /types/<type>/messages', () => {
    const typed = (type: string, body: unknown) => apiEvent({ resource: `/types/${type}/messages`, body: JSON.stringify(body) });

    it('takes the type from the route and sends the message as POST /messages would', async () => {
      const response = await producer()(typed('orders.place', { groupId: 'cust-1', payload: order('cust-1').payload }));

      expect(response.statusCode).toBe(202);
      expect(parseEnvelope((await receiveAll(sqs, orders.queueUrl))[0]?.Body as string).type).toBe('orders.place');
    });

    it('refuses a body that names a type, and checks the rest as POST /messages does', async () => {
      const named = await producer()(typed('orders.place', { type: 'ledger.credit', groupId: 'c', payload: {} }));
      const invalid = await producer()(typed('ledger.credit', { payload: { account: 'a', amount: 0 } }));

      expect(named.statusCode).toBe(400);
      expect(JSON.parse(named.body).error.message).toBe('body must not have the field "type" on POST /types/orders.place/messages: the route names the type');
      expect(JSON.parse(invalid.body).error).toMatchObject({ code: 'INVALID_PAYLOAD', message: 'body.payload.amount must be a positive integer number of cents' });
    });

    it('answers a type no one registered as an unknown type', async () => {
      const response = await producer()(typed('nope.nope', { payload: {} }));

      expect(JSON.parse(response.body).error.code).toBe('UNKNOWN_MESSAGE_TYPE');
    });
  });
});
