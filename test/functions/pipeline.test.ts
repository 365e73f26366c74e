import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createQueues,
  createTables,
  dynamodbClient,
  ledgerOf,
  queueDepth,
  receiveAll,
  sqsClient,
} from '../support/aws.js';
import { consumerConfig, testConsumer, testProducer } from '../support/conveyor.js';
import { drain } from '../support/deliver.js';
import { credit, jsonEvent } from '../support/factories.js';

describe('producer → queue → consumer', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });

  it('applies every unique message exactly once, dead-letters only the malformed, loses nothing', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const { produce } = testProducer(sqs, queues);
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    const expected = new Map<string, { balance: number; credits: number }>();
    const apply = (account: string, amount: number) => {
      const current = expected.get(account) ?? { balance: 0, credits: 0 };
      expected.set(account, { balance: current.balance + amount, credits: current.credits + 1 });
    };

    // 60 unique credits over 6 accounts, each sent once on the single route...
    for (let index = 0; index < 60; index++) {
      const account = `acct-${index % 6}`;
      const response = await produce(jsonEvent(credit(account, index + 1), { headers: { 'content-type': 'application/json', 'idempotency-key': `single-${index}` } }));
      expect(response.statusCode).toBe(202);
      apply(account, index + 1);
    }
    // ...every fifth of them re-sent with the same key (a client retry)...
    for (let index = 0; index < 60; index += 5) {
      const response = await produce(jsonEvent(credit(`acct-${index % 6}`, index + 1), { headers: { 'content-type': 'application/json', 'idempotency-key': `single-${index}` } }));
      expect(response.statusCode).toBe(202);
    }
    // ...40 more on the batch route, the batch posted twice...
    const messages = Array.from({ length: 40 }, (_, index) => ({ ...credit(`acct-${index % 6}`, 1000 + index), idempotencyKey: `batch-${index}` }));
    for (let copy = 0; copy < 2; copy++) expect((await produce(jsonEvent({ messages }, { resource: '/messages/batch' }))).statusCode).toBe(202);
    messages.forEach((message) => apply(message.payload.account, message.payload.amount));
    // ...and two malformed messages put on the queue directly.
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: 'not json' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: '{"v":1}' }));

    await drain(sqs, queues.queueUrl, consume);

    for (const [account, ledger] of expected) expect(await ledgerOf(dynamodb, tables.ledgerTableName, account)).toEqual(ledger);
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const dead = await receiveAll(sqs, queues.deadLetterQueueUrl);
    expect(dead.map((message) => message.Body).sort()).toEqual(['not json', '{"v":1}'].sort());
  });
});
