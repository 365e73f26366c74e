import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RETRY_ATTRIBUTE } from '../../../../contract/index.js';
import { retry } from '../../../../functions/consumer/outcome.js';
import { applyRetryPlans } from '../../../../functions/consumer/retry/apply.js';
import type { RetryPlan } from '../../../../functions/consumer/retry/state.js';
import { createQueues, queueDepth, type Queues, receiveAll, sqsClient } from '../../../support/aws.js';
import { eventually } from '../../../support/eventually.js';
import { recordFromMessage } from '../../../support/factories.js';

describe('applyRetryPlans', () => {
  let sqs: SQSClient;
  let queues: Queues;

  beforeAll(() => {
    sqs = sqsClient();
  });
  beforeEach(async () => {
    queues = await createQueues(sqs);
  });

  const receivedWith = async (plans: RetryPlan[]) => {
    for (const [index] of plans.entries()) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: `body-${index}`, MessageAttributes: { Origin: { DataType: 'String', StringValue: 'api' } } }));
    }
    const messages = await receiveAll(sqs, queues.queueUrl, plans.length, 60);
    return messages.map((message, index) => ({ record: recordFromMessage(message), outcome: { ...retry(new Error('boom')), plan: plans[index] } }));
  };

  it('sends a delayed copy with the next attempt\'s state and the original\'s attributes, and marks the original rescheduled', async () => {
    const state = { attempt: 2, firstFailedAt: 1, history: [[1, 'E']] as const };
    const results = await receivedWith([{ via: 'copy', delaySeconds: 1, state }]);

    const { results: settled, report } = await applyRetryPlans(results, { sqs, queueUrl: queues.queueUrl });

    expect(settled.map((result) => result.outcome.status)).toEqual(['rescheduled']);
    expect(report).toEqual({ copiesFailed: 0, visibilityChangesFailed: 0 });
    expect(await queueDepth(sqs, queues.queueUrl)).toMatchObject({ delayed: 1, inFlight: 1 });
    const [copy] = await eventually(() => receiveAll(sqs, queues.queueUrl), (messages) => messages.length > 0);
    expect(copy?.Body).toBe('body-0');
    expect(copy?.MessageAttributes?.Origin?.StringValue).toBe('api');
    expect(JSON.parse(copy?.MessageAttributes?.[RETRY_ATTRIBUTE]?.StringValue ?? '')).toEqual({ attempt: 2, firstFailedAt: 1, history: [[1, 'E']] });
  });

  it('makes a message planned in place visible after its delay, leaving it a batch item failure', async () => {
    const results = await receivedWith([{ via: 'visibility', delaySeconds: 0 }]);

    const { results: settled } = await applyRetryPlans(results, { sqs, queueUrl: queues.queueUrl });

    expect(settled.map((result) => result.outcome.status)).toEqual(['retry']);
    const again = await eventually(() => receiveAll(sqs, queues.queueUrl), (messages) => messages.length > 0);
    expect(again.map((message) => message.Body)).toEqual(['body-0']);
  });

  it('leaves outcomes without a plan alone', async () => {
    const [planned] = await receivedWith([{ via: 'visibility', delaySeconds: 0 }]);
    const unplanned = { record: planned!.record, outcome: retry(new Error('no plan')) };

    const { results: settled } = await applyRetryPlans([unplanned], { sqs, queueUrl: queues.queueUrl });

    expect(settled[0]).toBe(unplanned);
  });

  it('falls back to a visibility change with the same delay when SQS does not take the copy', async () => {
    // A stand-in: the emulator cannot refuse a SendMessageBatch while still accepting visibility changes.
    const refusingCopies = { send: (command: unknown) => (command instanceof SendMessageBatchCommand ? Promise.reject(new Error('throttled')) : sqs.send(command as never)) } as unknown as SQSClient;
    const results = await receivedWith([{ via: 'copy', delaySeconds: 0, state: { attempt: 2, history: [] } }]);

    const { results: settled, report } = await applyRetryPlans(results, { sqs: refusingCopies, queueUrl: queues.queueUrl });

    expect(settled.map((result) => result.outcome.status)).toEqual(['retry']);
    expect(report).toEqual({ copiesFailed: 1, visibilityChangesFailed: 0 });
    const again = await eventually(() => receiveAll(sqs, queues.queueUrl), (messages) => messages.length > 0);
    expect(again.map((message) => message.Body)).toEqual(['body-0']);
  });

  it('sends the copies of a batch in requests of at most ten', async () => {
    const sent: number[] = [];
    const counting = { send: (command: unknown) => {
      if (command instanceof SendMessageBatchCommand) sent.push(command.input.Entries?.length ?? 0);
      return sqs.send(command as never);
    } } as unknown as SQSClient;
    const results = await receivedWith(Array.from({ length: 12 }, () => ({ via: 'copy', delaySeconds: 5, state: { attempt: 2, history: [] } }) as const));

    const { results: settled } = await applyRetryPlans(results, { sqs: counting, queueUrl: queues.queueUrl });

    expect(settled.every((result) => result.outcome.status === 'rescheduled')).toBe(true);
    expect(sent.sort()).toEqual([10, 2].sort());
  });
});
