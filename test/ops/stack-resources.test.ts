import { describe, expect, it } from 'vitest';
import { OpsError } from '../../ops/errors.js';
import { StackResources } from '../../ops/stack-resources.js';
import { queueOutput, singleQueueOutputs, stackOutputs } from './stack-outputs.js';

const file = 'cdk-outputs.json';
const ledger = queueOutput('ledger');
const orders = queueOutput('orders', { fifo: true, queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/Conveyor-Orders.fifo' });

/** What `act` throws. */
const thrown = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
};

describe('StackResources', () => {
  describe('queueKindOfType', () => {
    it('is fifo for a type one of whose queues is FIFO, standard for one on standard queues only, undefined for a type no queue lists', () => {
      const resources = new StackResources(stackOutputs({
        ledger: { ...ledger, types: ['ledger.credit', 'orders.place'] },
        orders: { ...orders, types: ['orders.place'] },
      }), file);

      expect([resources.queueKindOfType('ledger.credit'), resources.queueKindOfType('orders.place'), resources.queueKindOfType('nope.nope')]).toEqual(['standard', 'fifo', undefined]);
    });

    it('is the single queue\'s kind for outputs written before Queues', () => {
      expect(new StackResources(singleQueueOutputs(), file).queueKindOfType('anything')).toBe('standard');
    });
  });

  describe('queue', () => {
    const resources = new StackResources(stackOutputs({ ledger, orders }), file);

    it('is the first queue of the Queues output when no name is given, the named one otherwise', () => {
      expect(resources.queue()).toEqual({ name: 'ledger', queueUrl: ledger.queueUrl, deadLetterQueueUrl: ledger.deadLetterQueueUrl, fifo: false, consumerLogGroupName: ledger.consumerLogGroupName });
      expect(resources.queue('orders')).toEqual({ name: 'orders', queueUrl: orders.queueUrl, deadLetterQueueUrl: orders.deadLetterQueueUrl, fifo: true, consumerLogGroupName: orders.consumerLogGroupName });
      expect(resources.queueNames).toEqual(['ledger', 'orders']);
    });

    it('refuses a name the outputs do not know, listing the ones they do', () => {
      const error = thrown(() => resources.queue('payments'));

      expect(error).toBeInstanceOf(OpsError);
      expect(error).toMatchObject({ code: 'UNKNOWN_QUEUE', details: { queue: 'payments', queues: ['ledger', 'orders'], file } });
      expect((error as Error).message).toBe(`no queue payments: the queues in ${file} are ledger, orders`);
    });

    it('does not take an inherited property for a queue', () => {
      expect(() => resources.queue('toString')).toThrow(expect.objectContaining({ code: 'UNKNOWN_QUEUE' }));
    });

    it('refuses a malformed Queues output when a queue is asked for, naming the output', () => {
      const broken = new StackResources(stackOutputs({ ledger }, { Queues: '{"ledger":{"queueUrl":"q"}}' }), file);

      const error = thrown(() => broken.queue());

      expect(error).toMatchObject({ code: 'OUTPUTS_FILE', details: { file, output: 'Queues' } });
      expect((error as Error).message).toMatch(/^cdk-outputs\.json: output Queues is malformed: queue "ledger" has no deadLetterQueueUrl/);
    });

    describe('without a Queues output (a stack from before it had several queues)', () => {
      const single = new StackResources(singleQueueOutputs(), file);

      it('is the one queue the single outputs describe, called default', () => {
        expect(single.queueNames).toEqual(['default']);
        expect(single.queue()).toMatchObject({ name: 'default', queueUrl: ledger.queueUrl, deadLetterQueueUrl: ledger.deadLetterQueueUrl, fifo: false, consumerLogGroupName: ledger.consumerLogGroupName });
        expect(single.queue('default').queueUrl).toBe(ledger.queueUrl);
      });

      it('tells a FIFO queue by its URL', () => {
        const fifo = new StackResources({ ...singleQueueOutputs(), QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q.fifo' }, file);

        expect(fifo.queue().fifo).toBe(true);
      });

      it('refuses any other name, saying the file names no queues', () => {
        const error = thrown(() => single.queue('ledger'));

        expect(error).toMatchObject({ code: 'UNKNOWN_QUEUE', details: { queue: 'ledger', queues: ['default'] } });
        expect((error as Error).message).toMatch(/no queue ledger: cdk-outputs\.json names no queues \(it has no Queues output; .*\), so its one queue is default/);
      });

      it('names a missing single output when its field is read', () => {
        const { DeadLetterQueueUrl: _omitted, ...rest } = singleQueueOutputs();
        const partial = new StackResources(rest, file);

        const queue = partial.queue();

        expect(queue.queueUrl).toBe(ledger.queueUrl);
        expect(() => queue.deadLetterQueueUrl).toThrow(expect.objectContaining({ code: 'MISSING_OUTPUT', details: { file, output: 'DeadLetterQueueUrl' } }));
        expect(() => queue.deadLetterQueueUrl).toThrow(`${file} has no output DeadLetterQueueUrl; nor a Queues output`);
      });
    });
  });

  describe('tableName', () => {
    it('reads the Tables output', () => {
      const resources = new StackResources(stackOutputs({ ledger }), file);

      expect(resources.ledgerTableName).toBe('Conveyor-LedgerTable-1');
      expect(resources.tableName('orders')).toBe('Conveyor-OrdersTable-1');
    });

    it('falls back to LedgerTableName for the ledger when there is no Tables output', () => {
      expect(new StackResources(singleQueueOutputs(), file).ledgerTableName).toBe('Conveyor-LedgerTable-old');
    });

    it('names the missing output: Tables, and the older LedgerTableName', () => {
      const { LedgerTableName: _omitted, ...rest } = singleQueueOutputs();

      const error = thrown(() => new StackResources(rest, file).ledgerTableName);

      expect(error).toMatchObject({ code: 'MISSING_OUTPUT', details: { file, output: 'Tables' } });
      expect((error as Error).message).toBe(`${file} has no output Tables; it names the table ledger (older stacks wrote LedgerTableName instead, and the file has neither)`);
    });

    it('names the table the Tables output lacks, and the ones it has', () => {
      const resources = new StackResources(stackOutputs({ ledger }, { Tables: '{"orders":"Conveyor-OrdersTable-1"}' }), file);

      const error = thrown(() => resources.ledgerTableName);

      expect(error).toMatchObject({ code: 'MISSING_OUTPUT', details: { output: 'Tables' } });
      expect((error as Error).message).toBe(`${file}: output Tables has no table ledger (it has orders)`);
    });

    it('refuses a malformed Tables output, naming it', () => {
      const resources = new StackResources(stackOutputs({ ledger }, { Tables: '["ledger"]' }), file);

      expect(() => resources.ledgerTableName).toThrow(expect.objectContaining({ code: 'OUTPUTS_FILE', details: { file, output: 'Tables' } }));
    });
  });
});
