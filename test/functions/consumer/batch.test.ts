import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { permanentError } from '../../../functions/consumer/errors.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createQueues, createTables, dynamodbClient, type Queues, sqsClient, type Tables } from '../../support/aws.js';
import { consumerConfig, testConsumer } from '../../support/conveyor.js';
import { envelope, lambdaContext, sqsEvent, sqsRecord } from '../../support/factories.js';
import type { ExampleHandlers } from '../../support/types.js';

/** A handler that records the order it ran in; accounts named `fail…` fail transiently, `perm…` permanently. */
function recordingHandlers() {
  const calls: string[] = [];
  const handlers: ExampleHandlers = {
    'ledger.credit': async ({ account }) => {
      calls.push(account);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (account.startsWith('fail')) throw new Error(`transient failure for ${account}`);
      if (account.startsWith('perm')) throw permanentError('REJECTED', `cannot credit ${account}`);
    },
  };
  return { calls, handlers };
}

const record = (account: string, options: { id?: string; group?: string } = {}) =>
  sqsRecord({
    messageId: `msg-${account}-${options.id ?? account}`,
    body: serializeEnvelope(envelope({ id: options.id ?? account, payload: { account, amount: 1 } })),
    ...(options.group ? { attributes: { MessageGroupId: options.group } as never } : {}),
  });

describe('processBatch (through the consumer)', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;
  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [queues, tables] = await Promise.all([createQueues(sqs, { fifo: true }), createTables(dynamodb)]);
  });

  describe('FIFO', () => {
    it('keeps back the rest of a group after a failure, but not other groups', async () => {
      const { handlers, calls } = recordingHandlers();
      const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
      const records = [
        record('a1', { group: 'A' }),
        record('fail-a2', { group: 'A' }),
        record('a3', { group: 'A' }),
        record('b1', { group: 'B' }),
        record('b2', { group: 'B' }),
      ];

      const response = await consume(sqsEvent(records), lambdaContext());

      expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['msg-fail-a2-fail-a2', 'msg-a3-a3']);
      expect(calls).not.toContain('a3');
      expect(calls).toEqual(expect.arrayContaining(['a1', 'fail-a2', 'b1', 'b2']));
    });

    it('runs a group in order and different groups side by side', async () => {
      const { handlers, calls } = recordingHandlers();
      const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
      const records = ['a1', 'a2', 'a3'].map((account) => record(account, { group: 'A' }));
      records.push(...['b1', 'b2', 'b3'].map((account) => record(account, { group: 'B' })));

      await consume(sqsEvent(records), lambdaContext());

      expect(calls.filter((account) => account.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
      expect(calls.filter((account) => account.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
      // Interleaved: group B did not wait for group A to finish.
      expect(calls.indexOf('b1')).toBeLessThan(calls.indexOf('a3'));
    });

    it('dead-letters a permanent failure and carries on with its group', async () => {
      const { handlers, calls } = recordingHandlers();
      const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
      const records = [record('perm-1', { group: 'A' }), record('a2', { group: 'A' })];

      const response = await consume(sqsEvent(records), lambdaContext());

      expect(response.batchItemFailures).toEqual([]);
      expect(calls).toEqual(['perm-1', 'a2']);
    });
  });

  describe('duplicates inside a batch', () => {
    it('apply once even when they arrive in different FIFO groups', async () => {
      const { handlers, calls } = recordingHandlers();
      const { consume, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
      const records = [record('x', { id: 'dup', group: 'A' }), record('x', { id: 'dup', group: 'B' }), record('x', { id: 'dup', group: 'C' })].map(
        (item, index) => ({ ...item, messageId: `copy-${index}` }),
      );

      const response = await consume(sqsEvent(records), lambdaContext());

      expect(response.batchItemFailures).toEqual([]);
      expect(calls).toEqual(['x']);
      expect(total('DuplicatesSkipped')).toBe(2);
    });

    it('are tried again by the next copy when the first copy failed', async () => {
      let attempts = 0;
      const handlers: ExampleHandlers = {
        'ledger.credit': async () => {
          attempts++;
          if (attempts === 1) throw new Error('first attempt fails');
        },
      };
      const config = consumerConfig(queues, tables, { fifo: false });
      const { consume } = testConsumer({ sqs, dynamodb }, config, { handlers });
      const records = [record('y', { id: 'dup2' }), { ...record('y', { id: 'dup2' }), messageId: 'second-copy' }];

      const response = await consume(sqsEvent(records), lambdaContext());

      expect(attempts).toBe(2);
      expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['msg-y-dup2']);
    });

    it('with different payloads: the first wins, the other is a payload mismatch', async () => {
      const { handlers, calls } = recordingHandlers();
      const { consume, total } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables, { fifo: true }), { handlers });
      const first = record('p1', { id: 'shared', group: 'A' });
      const second = { ...record('p2', { id: 'shared', group: 'A' }), messageId: 'other' };

      const response = await consume(sqsEvent([first, second]), lambdaContext());

      expect(response.batchItemFailures).toEqual([]);
      expect(calls).toEqual(['p1']);
      expect(total('MessagesDeadLettered')).toBe(1);
    });
  });
});
