import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { DeadLetterSink } from '../../functions/consumer/dead-letter.js';
import { permanentError } from '../../functions/consumer/errors.js';
import { ENVELOPE_VERSION } from '../../contract/index.js';
import { serializeEnvelope } from '../../functions/shared/envelope.js';
import { listDeadLetters, peekDeadLetter, redriveDeadLetters } from '../../ops/dlq.js';
import { createQueues, sqsClient } from '../support/aws.js';
import { sqsRecord } from '../support/factories.js';

const sqs = sqsClient();
afterAll(() => sqs.destroy());

const envelope = (id: string) => serializeEnvelope({ v: ENVELOPE_VERSION, id, type: 'ledger.credit', payload: { account: 'a', amount: -1 }, acceptedAt: Date.now() });

/** The ids a DLQ entry shows first are the ones the logs name: the message id the consumer saw, and the idempotency key. */
describe('dead letters over SQS: the ids the logs name', () => {
  it('shows the source message id and the key of a message the consumer dead-lettered, and finds it by either id', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    const record = sqsRecord({ body: envelope('order-7-credit') });
    await new DeadLetterSink({ sqs, queueUrl: deadLetterQueueUrl, fifo: false }).send(record, permanentError('INVALID_PAYLOAD', 'amount must be positive'));

    const [listed] = await listDeadLetters(sqs, deadLetterQueueUrl);
    const bySource = await peekDeadLetter(sqs, deadLetterQueueUrl, record.messageId);
    const moved = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, messageId: record.messageId });

    expect(listed).toMatchObject({ sourceMessageId: record.messageId, idempotencyKey: 'order-7-credit', origin: 'consumer' });
    expect(listed?.messageId).not.toBe(record.messageId);
    expect(bySource?.messageId).toBe(listed?.messageId);
    expect(moved.moved).toEqual([{ messageId: listed?.messageId, sourceMessageId: record.messageId, newMessageId: expect.any(String) }]);
  });

  it('keeps the original message id of a message the redrive policy moved (fauxqs, as SQS)', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs, { maxReceiveCount: 1 });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: envelope('poison-1') }));
    // Two receives with no delete: the second moves it to the DLQ.
    for (let i = 0; i < 2; i += 1) await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));

    const [listed] = await listDeadLetters(sqs, deadLetterQueueUrl);

    expect(listed).toMatchObject({ sourceMessageId: sent.MessageId, messageId: sent.MessageId, idempotencyKey: 'poison-1', origin: 'sqs' });
  });
});
