import { type Message, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeVisibleAgain } from '../../ops/sqs-visibility.js';
import { createQueues, queueDepth, sqsClient } from '../support/aws.js';

/** Receives until `count` messages are in flight (fauxqs hands out at most 10 per receive). */
async function receiveAll(sqs: SQSClient, queueUrl: string, count: number): Promise<Message[]> {
  const received: Message[] = [];
  for (let attempt = 0; attempt < 20 && received.length < count; attempt++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    received.push(...Messages);
  }
  return received;
}

describe('makeVisibleAgain', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = sqsClient();
  });

  it('releases more messages than one SQS batch request takes, all of them at once', async () => {
    const { queueUrl } = await createQueues(sqs);
    for (const offset of [0, 10]) {
      const entries = Array.from({ length: offset === 0 ? 10 : 5 }, (_, index) => ({ Id: String(index), MessageBody: `m${offset + index}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    }
    const received = await receiveAll(sqs, queueUrl, 15);

    const outcome = await makeVisibleAgain(sqs, queueUrl, received.map((message) => ({ receiptHandle: message.ReceiptHandle!, id: message.MessageId! })));

    expect(received).toHaveLength(15);
    expect(outcome).toEqual({ failed: [] });
    expect(await queueDepth(sqs, queueUrl)).toMatchObject({ visible: 15, inFlight: 0 });
  });

  it('reports the messages it could not release, by id, without throwing', async () => {
    const { queueUrl } = await createQueues(sqs);

    const outcome = await makeVisibleAgain(sqs, queueUrl, [{ receiptHandle: 'not-a-receipt-handle', id: 'the-one' }]);

    expect(outcome.failed).toEqual(['the-one']);
  });
});
