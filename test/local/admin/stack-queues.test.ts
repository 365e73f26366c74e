import { describe, expect, it } from 'vitest';
import { stackQueues } from '../../../local/admin/stack-queues.js';
import type { QueueSpec, StackSpec } from '../../../local/template/specs.js';

const queue = (logicalId: string, fifo: boolean, redriveTo?: string): QueueSpec => ({
  logicalId,
  queueName: `S-${logicalId}${fifo ? '.fifo' : ''}`,
  fifo,
  arn: `arn:aws:sqs:us-east-1:000000000000:S-${logicalId}${fifo ? '.fifo' : ''}`,
  attributes: redriveTo ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: redriveTo, maxReceiveCount: 3 }) } : {},
});

describe('stackQueues', () => {
  it('says which queues are FIFO, so the dashboard can name what SQS deduplicated', () => {
    const dlq = queue('Dlq', true);
    const main = queue('Queue', true, dlq.arn);
    const stack = { queues: [main, dlq], eventSources: [] } as unknown as StackSpec;
    const urls = new Map([['Queue', 'http://sqs/1/S-Queue.fifo'], ['Dlq', 'http://sqs/1/S-Dlq.fifo']]);

    const { queues, deadLetter } = stackQueues(stack, urls);

    expect(queues).toEqual([
      { name: 'S-Queue.fifo', url: 'http://sqs/1/S-Queue.fifo', role: 'source', fifo: true },
      { name: 'S-Dlq.fifo', url: 'http://sqs/1/S-Dlq.fifo', role: 'dead-letter', fifo: true },
    ]);
    expect(deadLetter).toEqual({ queueUrl: 'http://sqs/1/S-Dlq.fifo', sourceQueueUrl: 'http://sqs/1/S-Queue.fifo' });
  });
});
