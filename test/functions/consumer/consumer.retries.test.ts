import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES, RETRY_ATTRIBUTE } from '../../../contract/index.js';
import { retryAfter } from '../../../functions/consumer/errors.js';
import type { HandlerRegistry } from '../../../functions/consumer/handlers/index.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { EXAMPLE_TYPES, ledgerTable } from '../../support/types.js';
import { createQueues, createTables, dynamodbClient, ledgerOf, queueDepth, receiveAll, sqsClient } from '../../support/aws.js';
import { consumerConfig, testConsumer } from '../../support/conveyor.js';
import { deliverOnce } from '../../support/deliver.js';
import { eventually } from '../../support/eventually.js';
import { envelope, lambdaContext, recordFromMessage } from '../../support/factories.js';

const credit = (id: string, account: string, amount = 1, groupId?: string) =>
  serializeEnvelope(envelope({ id, payload: { account, amount }, ...(groupId ? { groupId } : {}) }));

describe('consumer retries', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });

  it('retries a message through delayed copies until its budget is spent, then dead-letters it with every attempt; redriven, it is applied once', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const outage = consumerConfig(queues, tables, { tables: ledgerTable('missing-table'), retryBaseSeconds: 1, retryMaxDelaySeconds: 1, retryBudgetSeconds: 2 });
    const { consume: failing, store } = testConsumer({ sqs, dynamodb }, outage);
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: credit('outlasted', 'dora', 5) }));

    const [dead] = await eventually(async () => {
      await deliverOnce(sqs, queues.queueUrl, failing);
      return receiveAll(sqs, queues.deadLetterQueueUrl, 10, 60);
    }, (messages) => messages.length > 0);

    const attributes = dead?.MessageAttributes ?? {};
    const attempts = Number(attributes[DEAD_LETTER_ATTRIBUTES.attempts]?.StringValue);
    const history = JSON.parse(attributes[DEAD_LETTER_ATTRIBUTES.retryHistory]?.StringValue ?? '[]') as Array<{ code: string }>;
    expect(attributes[DEAD_LETTER_ATTRIBUTES.errorCode]?.StringValue).toBe('RETRY_BUDGET_EXHAUSTED');
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(history).toHaveLength(attempts);
    expect(new Set(history.map((entry) => entry.code))).toEqual(new Set(['RECORDS_UNAVAILABLE']));
    expect(attributes[RETRY_ATTRIBUTE]).toBeUndefined();
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(await store.get('outlasted')).toMatchObject({ status: 'DEAD_LETTERED', reason: { code: 'RETRY_BUDGET_EXHAUSTED' } });

    // The outage is over: redrive (body and own attributes, as the operator tools do) and apply once.
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: dead?.Body }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, ReceiptHandle: dead?.ReceiptHandle }));
    const { consume: healthy } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await eventually(() => deliverOnce(sqs, queues.queueUrl, healthy), (delivery) => delivery.received > 0);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'dora')).toEqual({ balance: 5, credits: 1 });
  });

  it('applies once a message whose original survived its copy (a crash after the copy was sent, before the original was deleted)', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const { consume: failing } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { tables: ledgerTable('missing-table') }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: credit('survivor', 'gil', 7) }));
    const [original] = await receiveAll(sqs, queues.queueUrl, 1, 60);

    // The consumer sends the copy and answers; the invocation dies before the original is deleted.
    await failing({ Records: [recordFromMessage(original!)] }, lambdaContext());
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queues.queueUrl, ReceiptHandle: original?.ReceiptHandle, VisibilityTimeout: 0 }));

    const { consume: healthy } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    // Both come back — the original at once, the copy after its delay — and both are delivered.
    let received = 0;
    await eventually(async () => (received += (await deliverOnce(sqs, queues.queueUrl, healthy)).received), (total) => total >= 2);

    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'gil')).toEqual({ balance: 7, credits: 1 });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('comes back when the handler says (Retry-After), as a delayed copy', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    let calls = 0;
    const handlers = { 'ledger.credit': async () => {
      calls++;
      if (calls === 1) throw retryAfter(2, 'downstream answered 429, Retry-After: 2');
    } } as HandlerRegistry;
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { handlers });
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: credit('told', 'erin') }));

    expect(await deliverOnce(sqs, queues.queueUrl, consume)).toEqual({ received: 1, failed: [] });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    const [copy] = await eventually(() => receiveAll(sqs, queues.queueUrl, 1, 0), (messages) => messages.length > 0);
    expect(JSON.parse(copy?.MessageAttributes?.[RETRY_ATTRIBUTE]?.StringValue ?? '{}')).toMatchObject({ attempt: 2, history: [[expect.any(Number), 'RETRY_AFTER']] });
  });

  it('follows a message type\'s own retry policy', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const handlers = { 'ledger.credit': { kind: 'locked', retry: { budgetSeconds: 0 }, run: async () => { throw new Error('no retries for this type'); } } } as HandlerRegistry;
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { handlers });
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: credit('once-only', 'fay') }));

    await deliverOnce(sqs, queues.queueUrl, consume);

    const [dead] = await receiveAll(sqs, queues.deadLetterQueueUrl);
    expect(dead?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.errorCode]?.StringValue).toBe('RETRY_BUDGET_EXHAUSTED');
    expect(dead?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.errorMessage]?.StringValue).toMatch(/^attempt 1 failed with Error \(no retries for this type\)/);
  });

  it('refuses, at cold start, a type\'s retry policy out of range', () => {
    const handlers = { 'ledger.credit': { kind: 'locked', retry: { maxDelaySeconds: 901 }, run: async () => undefined } } as HandlerRegistry;
    expect(() => testConsumer({ sqs, dynamodb }, consumerConfig({ queueUrl: 'q', deadLetterQueueUrl: 'd' }, { idempotencyTableName: 'i', ledgerTableName: 'l' }), { handlers }))
      .toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/message type 'ledger.credit': maxDelaySeconds must be an integer from 1 to 900/) }));
  });

  it('refuses, at cold start, a type without a handler and a handler without a type', () => {
    const config = consumerConfig({ queueUrl: 'q', deadLetterQueueUrl: 'd' }, { idempotencyTableName: 'i', ledgerTableName: 'l' });
    const missing = { 'ledger.credit': EXAMPLE_TYPES['ledger.credit'], 'orders.place': EXAMPLE_TYPES['ledger.credit'] };
    const extra = { 'ledger.credit': async () => undefined, 'orders.cancel': async () => undefined } as HandlerRegistry;

    expect(() => testConsumer({ sqs, dynamodb }, config, { types: missing })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: 'no handler for message type(s) orders.place' }));
    expect(() => testConsumer({ sqs, dynamodb }, config, { handlers: extra })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: 'handler(s) for unknown message type(s) orders.cancel' }));
  });

  it('keeps a FIFO group in order while its first message is retried in place', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs, { fifo: true }), createTables(dynamodb)]);
    const applied: string[] = [];
    let failedOnce = false;
    const handlers = { 'ledger.credit': async ({ account }: { account: string }) => {
      if (account === 'first' && !failedOnce) {
        failedOnce = true;
        throw new Error('first attempt fails');
      }
      applied.push(account);
    } } as HandlerRegistry;
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
    for (const [index, account] of ['first', 'second', 'third'].entries()) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: credit(`fifo-${index}`, account, 1, 'g'), MessageGroupId: 'g', MessageDeduplicationId: `fifo-${index}` }));
    }

    await eventually(() => deliverOnce(sqs, queues.queueUrl, consume), () => applied.length === 3);

    expect(failedOnce).toBe(true);
    expect(applied).toEqual(['first', 'second', 'third']);
  });
});
