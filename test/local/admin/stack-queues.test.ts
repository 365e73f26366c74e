import { describe, expect, it } from 'vitest';
import { QUEUES_OUTPUT, type QueueOutput } from '../../../contract/index.js';
import { stackQueues } from '../../../local/admin/stack-queues.js';
import type { QueueSpec, StackSpec } from '../../../local/template/specs.js';

const queue = (logicalId: string, fifo: boolean, redriveTo?: string): QueueSpec => ({
  logicalId,
  queueName: `S-${logicalId}${fifo ? '.fifo' : ''}`,
  fifo,
  arn: `arn:aws:sqs:us-east-1:000000000000:S-${logicalId}${fifo ? '.fifo' : ''}`,
  attributes: redriveTo ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: redriveTo, maxReceiveCount: 3 }) } : {},
});

/** The local URL of a queue of {@link queue}. */
const urlOf = (spec: QueueSpec): string => `http://sqs/1/${spec.queueName}`;

/** A stack of `queues`, the first `consumed` by a function, with `outputs`. */
const stackOf = (queues: QueueSpec[], options: { consumed?: QueueSpec[]; outputs?: Record<string, string> } = {}): StackSpec => ({
  queues,
  eventSources: (options.consumed ?? []).map((spec) => ({ queue: spec })),
  outputs: options.outputs ?? {},
}) as unknown as StackSpec;

/** The `Queues` output naming each source queue (with its DLQ), in the order given. */
const queuesOutput = (named: Record<string, [source: QueueSpec, deadLetter: QueueSpec]>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(named).map(([name, [source, deadLetter]]): [string, QueueOutput] => [name, {
    queueUrl: urlOf(source),
    deadLetterQueueUrl: urlOf(deadLetter),
    fifo: source.fifo,
    consumerLogGroupName: `/aws/Stack/${name}Consumer`,
    types: [`${name}.type`],
  }])));

const urlsOf = (queues: QueueSpec[]) => new Map(queues.map((spec) => [spec.logicalId, urlOf(spec)]));

describe('stackQueues', () => {
  it('says which queues are FIFO, so the dashboard can name what SQS deduplicated', () => {
    const dlq = queue('Dlq', true);
    const main = queue('Queue', true, dlq.arn);

    const { queues } = stackQueues(stackOf([main, dlq]), urlsOf([main, dlq]));

    expect(queues).toEqual([
      { name: 'S-Queue.fifo', url: 'http://sqs/1/S-Queue.fifo', role: 'source', fifo: true },
      { name: 'S-Dlq.fifo', url: 'http://sqs/1/S-Dlq.fifo', role: 'dead-letter', fifo: true },
    ]);
  });

  describe('deadLetters', () => {
    it('names every source queue\'s DLQ after the Queues output, its first queue first', () => {
      const ledgerDlq = queue('LedgerDlq', false);
      const ledger = queue('Ledger', false, ledgerDlq.arn);
      const ordersDlq = queue('OrdersDlq', true);
      const orders = queue('Orders', true, ordersDlq.arn);
      const all = [orders, ordersDlq, ledger, ledgerDlq];
      const stack = stackOf(all, { consumed: [orders, ledger], outputs: { [QUEUES_OUTPUT]: queuesOutput({ ledger: [ledger, ledgerDlq], orders: [orders, ordersDlq] }) } });

      const { deadLetters } = stackQueues(stack, urlsOf(all));

      expect(Object.keys(deadLetters)).toEqual(['ledger', 'orders']);
      expect(deadLetters).toEqual({
        ledger: { queueUrl: urlOf(ledgerDlq), sourceQueueUrl: urlOf(ledger) },
        orders: { queueUrl: urlOf(ordersDlq), sourceQueueUrl: urlOf(orders) },
      });
    });

    it('calls the one pair default when the stack has no Queues output: the consumed queue\'s, before others', () => {
      const otherDlq = queue('OtherDlq', false);
      const other = queue('Other', false, otherDlq.arn);
      const dlq = queue('Dlq', false);
      const main = queue('Queue', false, dlq.arn);
      const all = [other, otherDlq, main, dlq];

      const { deadLetters } = stackQueues(stackOf(all, { consumed: [main] }), urlsOf(all));

      expect(deadLetters).toEqual({ default: { queueUrl: urlOf(dlq), sourceQueueUrl: urlOf(main) } });
    });

    it('is empty when no queue has a dead-letter queue', () => {
      const lone = queue('Lone', false);

      expect(stackQueues(stackOf([lone]), urlsOf([lone])).deadLetters).toEqual({});
    });

    it('refuses a malformed Queues output, naming it', () => {
      const dlq = queue('Dlq', false);
      const main = queue('Queue', false, dlq.arn);
      const stack = stackOf([main, dlq], { outputs: { [QUEUES_OUTPUT]: JSON.stringify({ ledger: { queueUrl: urlOf(main) } }) } });

      expect(() => stackQueues(stack, urlsOf([main, dlq]))).toThrow(expect.objectContaining({
        code: 'UNSUPPORTED_TEMPLATE',
        message: expect.stringMatching(/output Queues is malformed: queue "ledger" has no deadLetterQueueUrl/),
      }));
    });
  });
});
