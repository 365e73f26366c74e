import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES } from '../../../contract/index.js';
import { DeadLetterSink } from '../../../functions/consumer/dead-letter.js';
import { permanentError } from '../../../functions/consumer/errors.js';
import { createQueues, receiveAll, sqsClient } from '../../support/aws.js';
import { sqsRecord } from '../../support/factories.js';

describe('DeadLetterSink', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = sqsClient();
  });

  it('keeps the body and the original attributes, and adds the reason', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);
    const sink = new DeadLetterSink({ sqs, queueUrl: deadLetterQueueUrl, fifo: false, clock: () => Date.UTC(2026, 0, 1) });
    const record = sqsRecord({
      messageId: 'source-1',
      body: 'original body',
      messageAttributes: { trace: { dataType: 'String', stringValue: 'abc' } },
      attributes: { ApproximateReceiveCount: '3' } as never,
    });

    await sink.send(record, permanentError('INVALID_PAYLOAD', 'payload.amount must be positive \uD800'));

    const [message] = await receiveAll(sqs, deadLetterQueueUrl);
    expect(message?.Body).toBe('original body');
    const attributes = Object.fromEntries(Object.entries(message?.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));
    expect(attributes).toEqual({
      trace: 'abc',
      [DEAD_LETTER_ATTRIBUTES.errorCode]: 'INVALID_PAYLOAD',
      [DEAD_LETTER_ATTRIBUTES.errorMessage]: 'payload.amount must be positive ?',
      [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: 'source-1',
      [DEAD_LETTER_ATTRIBUTES.receiveCount]: '3',
      [DEAD_LETTER_ATTRIBUTES.failedAt]: '2026-01-01T00:00:00.000Z',
    });
  });

  it('on FIFO queues keeps the message group and deduplicates by source message id', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs, { fifo: true });
    const sink = new DeadLetterSink({ sqs, queueUrl: deadLetterQueueUrl, fifo: true });
    const record = sqsRecord({ messageId: 'src', body: 'b', attributes: { MessageGroupId: 'acct-7' } as never });

    await sink.send(record, permanentError('X', 'x'));
    await sink.send(record, permanentError('X', 'x'));

    const messages = await receiveAll(sqs, deadLetterQueueUrl);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.Attributes?.MessageGroupId).toBe('acct-7');
  });

  it('sends a body at the size limit without its attributes rather than not at all', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);
    const sink = new DeadLetterSink({ sqs, queueUrl: deadLetterQueueUrl, fifo: false });
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['MaximumMessageSize'] }));
    const body = 'x'.repeat(Number(Attributes?.MaximumMessageSize) - 10);

    await sink.send(sqsRecord({ body }), permanentError('TOO_BIG', 'too big'));

    const [message] = await receiveAll(sqs, deadLetterQueueUrl);
    expect(message?.Body).toHaveLength(body.length);
    expect(message?.MessageAttributes).toBeUndefined();
  });

  it('throws when the dead-letter queue cannot be reached, so the caller keeps the message', async () => {
    const sink = new DeadLetterSink({ sqs, queueUrl: 'http://127.0.0.1:1/000000000000/missing', fifo: false });

    await expect(sink.send(sqsRecord({ body: 'b' }), permanentError('X', 'x'))).rejects.toThrow();
  });
});
