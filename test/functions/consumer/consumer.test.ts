import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES, RETRY_ATTRIBUTE } from '../../../contract/index.js';
import { payloadHash } from '../../../functions/consumer/idempotency/hash.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import {
  createQueues,
  createTables,
  dynamodbClient,
  ledgerOf,
  queueDepth,
  type Queues,
  receiveAll,
  sqsClient,
  type Tables,
} from '../../support/aws.js';
import { capturingLogger, consumerConfig, testConsumer } from '../../support/conveyor.js';
import { ledgerTable } from '../../support/types.js';
import { deliverOnce, drain } from '../../support/deliver.js';
import { envelope } from '../../support/factories.js';
import { eventually } from '../../support/eventually.js';

describe('consumer', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;

  const send = (body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: body }));
  const sendCredit = (id: string, account: string, amount: number) =>
    send(serializeEnvelope(envelope({ id, payload: { account, amount } })));

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
  });

  it('applies each message once, deletes it and records its metrics', async () => {
    const { consume, total, recorded } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await sendCredit('m1', 'alice', 100);
    await sendCredit('m2', 'alice', 250);
    await sendCredit('m3', 'bob', 5);

    await drain(sqs, queues.queueUrl, consume);

    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toEqual({ balance: 350, credits: 2 });
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'bob')).toEqual({ balance: 5, credits: 1 });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(total('MessagesProcessed')).toBe(3);
    for (const name of ['EndToEndLatency', 'QueueWait', 'ProcessingTime']) {
      expect(recorded.filter((entry) => entry.name === name)).toHaveLength(3);
    }
  });

  it('applies duplicates inside one batch once, without failing any of them', async () => {
    const { consume, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    for (let copy = 0; copy < 5; copy++) await sendCredit('same-key', 'alice', 100);
    await sendCredit('other-key', 'alice', 1);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery).toEqual({ received: 6, failed: [] });
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toEqual({ balance: 101, credits: 2 });
    expect(total('DuplicatesSkipped')).toBe(4);
  });

  it('applies duplicates across batches once, whatever their field order', async () => {
    const { consume, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await send(serializeEnvelope(envelope({ id: 'k', payload: { account: 'alice', amount: 7 } })));
    await drain(sqs, queues.queueUrl, consume);
    await send(serializeEnvelope(envelope({ id: 'k', payload: { amount: 7, account: 'alice' } })));

    await drain(sqs, queues.queueUrl, consume);

    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toEqual({ balance: 7, credits: 1 });
    expect(total('DuplicatesSkipped')).toBe(1);
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('retries an in-flight duplicate within seconds, not after the visibility timeout', async () => {
    const { consume, store, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    const held = await store.acquire('busy', payloadHash('ledger.credit', { account: 'alice', amount: 3 }), Date.now() + 20_000);
    expect(held.status).toBe('acquired');
    const { MessageId } = await sendCredit('busy', 'alice', 3);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery.failed).toEqual([MessageId]);
    expect(total('MessagesFailed')).toBe(1);
    // The queue's visibility timeout is 30 s; the consumer shortened it to 1 s.
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, WaitTimeSeconds: 5 }));
    expect(again.Messages?.map((message) => message.MessageId)).toEqual([MessageId]);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toEqual({ balance: 0, credits: 0 });
  });

  it('sends permanent failures straight to the DLQ with their reason, without burning receives', async () => {
    const { consume, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await sendCredit('taken', 'alice', 10);
    await drain(sqs, queues.queueUrl, consume);
    const bodies = {
      MALFORMED_ENVELOPE: '{"not": "an envelope"',
      UNKNOWN_MESSAGE_TYPE: serializeEnvelope(envelope({ type: 'ledger.debit' })),
      INVALID_PAYLOAD: serializeEnvelope(envelope({ payload: { account: 'alice', amount: -1 } })),
      PAYLOAD_MISMATCH: serializeEnvelope(envelope({ id: 'taken', payload: { account: 'alice', amount: 99 } })),
    };
    for (const body of Object.values(bodies)) await send(body);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery).toEqual({ received: 4, failed: [] });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const dead = await receiveAll(sqs, queues.deadLetterQueueUrl);
    const byCode = Object.fromEntries(dead.map((message) => [message.MessageAttributes?.['Conveyor.ErrorCode']?.StringValue, message]));
    expect(Object.keys(byCode).sort()).toEqual(Object.keys(bodies).sort());
    for (const [code, body] of Object.entries(bodies)) {
      expect(byCode[code]?.Body).toBe(body);
      expect(byCode[code]?.MessageAttributes?.['Conveyor.ReceiveCount']?.StringValue).toBe('1');
    }
    expect(total('MessagesDeadLettered')).toBe(4);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toEqual({ balance: 10, credits: 1 });
  });

  it('notes a dead-lettered message on its key\'s record, with the reason, and leaves a completed key alone', async () => {
    const { consume, store } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await sendCredit('taken', 'alice', 10);
    await drain(sqs, queues.queueUrl, consume);
    await send(serializeEnvelope(envelope({ id: 'negative', payload: { account: 'alice', amount: -1 } })));
    await send(serializeEnvelope(envelope({ id: 'taken', payload: { account: 'alice', amount: 99 } })));

    await drain(sqs, queues.queueUrl, consume);

    expect(await store.get('negative')).toMatchObject({ status: 'DEAD_LETTERED', reason: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('amount') } });
    expect(await store.get('taken')).toMatchObject({ status: 'COMPLETED' });
  });

  it('on a FIFO queue, dead-letters a message that fails transiently on its last receive itself, with the reason and its attempts', async () => {
    const fifo = await createQueues(sqs, { fifo: true });
    const lastReceive = consumerConfig(fifo, tables, { tables: ledgerTable('missing-table'), maxReceiveCount: 1, fifo: true });
    const { consume, store } = testConsumer({ sqs, dynamodb }, lastReceive);
    const body = serializeEnvelope(envelope({ id: 'exhausted', payload: { account: 'alice', amount: 42 }, groupId: 'g' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: fifo.queueUrl, MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: 'exhausted' }));

    const delivery = await deliverOnce(sqs, fifo.queueUrl, consume);

    expect(delivery.failed).toEqual([]);
    const [dead] = await receiveAll(sqs, fifo.deadLetterQueueUrl);
    expect(dead?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.errorCode]?.StringValue).toBe('RECEIVES_EXHAUSTED');
    expect(dead?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.attempts]?.StringValue).toBe('1');
    expect(await store.get('exhausted')).toMatchObject({ status: 'DEAD_LETTERED', reason: { code: 'RECEIVES_EXHAUSTED', message: expect.stringMatching(/^attempt 1 failed with RECORDS_UNAVAILABLE/) } });
  });

  it('on a standard queue, carries a message that fails on SQS\'s last receive on as a copy instead of letting the receive count dead-letter it', async () => {
    const lastReceive = consumerConfig(queues, tables, { tables: ledgerTable('missing-table'), maxReceiveCount: 1 });
    const { consume, store } = testConsumer({ sqs, dynamodb }, lastReceive);
    await sendCredit('carried-on', 'alice', 42);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery.failed).toEqual([]);
    expect(await store.get('carried-on')).toBeUndefined();
    expect(await queueDepth(sqs, queues.deadLetterQueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(await queueDepth(sqs, queues.queueUrl)).toMatchObject({ delayed: 1 });
  });

  it('retries a transient failure with a delayed copy that carries the next attempt, deletes the original and releases its lock', async () => {
    const broken = consumerConfig(queues, tables, { tables: ledgerTable('missing-table') });
    const { consume, store } = testConsumer({ sqs, dynamodb }, broken);
    await sendCredit('t1', 'alice', 42);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery.failed).toEqual([]);
    expect(await store.get('t1')).toBeUndefined();
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    const [copy] = await eventually(() => receiveAll(sqs, queues.queueUrl), (messages) => messages.length > 0);
    expect(JSON.parse(copy?.MessageAttributes?.[RETRY_ATTRIBUTE]?.StringValue ?? '{}')).toMatchObject({ attempt: 2, history: [[expect.any(Number), 'RECORDS_UNAVAILABLE']] });
  });

  it('answers a batch in which every record fails without throwing, each carried on by its copy', async () => {
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { tables: ledgerTable('missing-table') }));
    for (let index = 0; index < 3; index++) await sendCredit(`all-${index}`, 'alice', 1);

    const delivery = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(delivery).toEqual({ received: 3, failed: [] });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 3 });
  });

  it('processes a transiently failed message once, on a later delivery', async () => {
    const { consume: failing } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { tables: ledgerTable('missing-table') }));
    const { consume: healthy } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await sendCredit('later', 'carol', 9);
    expect((await deliverOnce(sqs, queues.queueUrl, failing)).received).toBe(1);

    await eventually(() => deliverOnce(sqs, queues.queueUrl, healthy), (delivery) => delivery.received > 0);

    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'carol')).toEqual({ balance: 9, credits: 1 });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});

describe('consumer logs', () => {
  it('carry every message id, idempotency key and outcome at info, and never a payload', async () => {
    const sqs = sqsClient();
    const dynamodb = dynamodbClient();
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const { logger, capture } = capturingLogger();
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { logger });
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: serializeEnvelope(envelope({ id: 'log-key', payload: { account: 'secret-account-7', amount: 4242 } })) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: serializeEnvelope(envelope({ id: 'bad-key', payload: { account: 'secret-account-8', amount: -1 } })) }));

    const { result, lines, raw } = await capture(() => deliverOnce(sqs, queues.queueUrl, consume));

    const summary = lines.find((line) => line.message === 'batch done');
    expect(summary).toMatchObject({ level: 'INFO', records: 2, processed: 1, deadLettered: 1 });
    expect(summary?.messages).toEqual(
      expect.arrayContaining([
        { messageId: expect.any(String), idempotencyKey: 'log-key', outcome: 'processed' },
        { messageId: expect.any(String), idempotencyKey: 'bad-key', outcome: 'dead-lettered' },
      ]),
    );
    expect(lines.find((line) => line.message === 'message sent to the dead-letter queue')).toMatchObject({ level: 'WARN', idempotencyKey: 'bad-key', code: 'INVALID_PAYLOAD' });
    expect(result.failed).toEqual([]);
    expect(raw).not.toContain('secret-account');
    expect(raw).not.toContain('4242');
  });
});
