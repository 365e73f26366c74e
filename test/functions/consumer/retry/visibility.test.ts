import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeVisibility, inProgressRetryDelay } from '../../../../functions/consumer/retry/visibility.js';
import { createQueues, receiveAll, sqsClient } from '../../../support/aws.js';

describe('inProgressRetryDelay', () => {
  it('backs off 1, 2, 4 s on early receives', () => {
    const delays = [1, 2, 3].map((receiveCount) => inProgressRetryDelay({ receiveCount, maxReceiveCount: 10, lockRemainingMs: 60_000 }));
    expect(delays).toEqual([1, 2, 4]);
  });

  it('never waits longer than the holder’s lock has left (plus a second)', () => {
    expect(inProgressRetryDelay({ receiveCount: 6, maxReceiveCount: 10, lockRemainingMs: 2500 })).toBe(4);
  });

  it('waits for the lock to expire on the last receive before the DLQ', () => {
    expect(inProgressRetryDelay({ receiveCount: 4, maxReceiveCount: 5, lockRemainingMs: 40_000 })).toBe(41);
  });

  it('stays within SQS’s 0–43200 s range', () => {
    expect(inProgressRetryDelay({ receiveCount: 1, maxReceiveCount: 5, lockRemainingMs: -5000 })).toBe(1);
    expect(inProgressRetryDelay({ receiveCount: 999, maxReceiveCount: 1000, lockRemainingMs: 10 ** 9 })).toBe(43_200);
  });
});

describe('changeVisibility', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = sqsClient();
  });

  it('changes many messages in batches of ten and counts what failed', async () => {
    const { queueUrl } = await createQueues(sqs);
    for (let index = 0; index < 12; index++) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `m${index}` }));
    const messages = await receiveAll(sqs, queueUrl, 12, 30);
    const changes = messages.map((message) => ({ receiptHandle: message.ReceiptHandle as string, seconds: 0 }));
    changes.push({ receiptHandle: 'not-a-receipt-handle', seconds: 0 });

    const failed = await changeVisibility(sqs, queueUrl, changes);

    expect(failed).toBe(1);
    expect(await receiveAll(sqs, queueUrl, 20, 30)).toHaveLength(12);
  });
});
