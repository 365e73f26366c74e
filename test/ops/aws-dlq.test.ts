import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_MOVE_RATE as CLI_MAX_MOVE_RATE } from '../../cli/commands/dlq.js';
import { describeMoveTask, MAX_MOVE_RATE, startMoveTask } from '../../ops/aws-dlq.js';

describe('startMoveTask', () => {
  // Never reached: the rate is checked before any request.
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  afterAll(() => sqs.destroy());

  it('refuses a rate SQS would refuse (1–500 msg/s)', async () => {
    for (const rate of [0, 501, 2.5]) {
      await expect(startMoveTask({ sqs, deadLetterQueueUrl: 'http://q/dlq', sourceQueueUrl: 'http://q/src', ratePerSecond: rate })).rejects.toMatchObject({ name: 'OpsError', code: 'INPUT' });
    }
  });

  it('refuses to start a second task on the queue, naming the running one\'s handle', async () => {
    // SQS as far as startMoveTask asks it: the queues' ARNs, and a task already running.
    const running = { send: async (command: object) => (command instanceof GetQueueAttributesCommand
      ? { Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:1:q' } }
      : { Results: [{ TaskHandle: 'task-1', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 2 }] }) } as unknown as SQSClient;

    const attempt = startMoveTask({ sqs: running, deadLetterQueueUrl: 'http://q/dlq', sourceQueueUrl: 'http://q/src' });

    await expect(attempt).rejects.toMatchObject({ name: 'OpsError', code: 'MOVE_TASK_RUNNING', details: { taskHandle: 'task-1' } });
    await expect(attempt).rejects.toThrow('--task-handle task-1');
  });

  it('keeps the CLI\'s copy of the limit in step', () => {
    expect(CLI_MAX_MOVE_RATE).toBe(MAX_MOVE_RATE);
  });
});

describe('describeMoveTask', () => {
  it('says the status, progress, start and failure', () => {
    expect(describeMoveTask({ status: 'RUNNING', moved: 3, toMove: 10, startedAt: Date.UTC(2025, 0, 1) }))
      .toBe('RUNNING: 3 of 10 moved, started 2025-01-01T00:00:00.000Z');
    expect(describeMoveTask({ status: 'FAILED', moved: 0, failureReason: 'AccessDenied' })).toBe('FAILED: 0 moved — AccessDenied');
  });
});
