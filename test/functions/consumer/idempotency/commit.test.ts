import { CancellationReason, type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../../functions/consumer/idempotency/index.js';
import { createTables, dynamodbClient, ledgerOf, type Tables } from '../../../support/aws.js';

/** Passes every command to `inner`, counting them by name; `before` may answer a command itself. */
function counting(inner: DynamoDBClient, before?: (name: string) => void) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      before?.(command.constructor.name);
      return inner.send(command as never);
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

const cancelled = (reasons: CancellationReason[]) => new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });

describe('IdempotencyStore', () => {
  describe('commit', () => {
    let dynamodb: DynamoDBClient;
    let tables: Tables;
    const credit = (account: string, condition?: string) => ({
      Update: {
        TableName: tables.ledgerTableName,
        Key: { account: { S: account } },
        UpdateExpression: 'ADD balance :amount',
        ExpressionAttributeValues: { ':amount': { N: '5' } },
        ...(condition ? { ConditionExpression: condition } : {}),
      },
    });
    const storeWith = (client: DynamoDBClient) => new IdempotencyStore({ client, tableName: tables.idempotencyTableName, ttlSeconds: 3600 });

    beforeAll(() => {
      dynamodb = dynamodbClient();
    });
    beforeEach(async () => {
      tables = await createTables(dynamodb);
    });

    it('costs a new message its share of one BatchGetItem (its first read) and one TransactWriteItems, and applies the effect', async () => {
      const { client, sent } = counting(dynamodb);

      expect(await storeWith(client).commit('k', 'h', [credit('alice')])).toEqual({ status: 'committed' });

      expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
      expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toMatchObject({ balance: 5 });
    });

    it('costs a duplicate its share of one BatchGetItem and no write', async () => {
      await storeWith(dynamodb).commit('k', 'h', [credit('alice')]);
      const { client, sent } = counting(dynamodb);

      expect(await storeWith(client).commit('k', 'h', [credit('alice')])).toEqual({ status: 'completed' });

      expect(sent).toEqual(['BatchGetItemCommand']);
      expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toMatchObject({ balance: 5 });
    });

    it('reports a key reused for other content as a mismatch, from the read alone', async () => {
      await storeWith(dynamodb).commit('k', 'h', []);
      const { client, sent } = counting(dynamodb);

      expect(await storeWith(client).commit('k', 'other', [credit('alice')])).toEqual({ status: 'mismatch' });
      expect(sent).toEqual(['BatchGetItemCommand']);
    });

    it('reports a live lock as in progress, with its expiry', async () => {
      const lockExpiresAt = Date.now() + 30_000;
      await storeWith(dynamodb).acquire('k', 'h', lockExpiresAt);

      expect(await storeWith(dynamodb).commit('k', 'h', [])).toEqual({ status: 'in-progress', lockExpiresAt });
    });

    it('classifies the record in the way when the key is taken between the read and the transaction', async () => {
      const other = storeWith(dynamodb);
      const { client } = counting(dynamodb);
      let raced = false;
      const racing = {
        send: async (command: { constructor: { name: string } }) => {
          const output = await client.send(command as never);
          // Right after the peek found the key free, another copy commits it.
          if (!raced && command.constructor.name === 'BatchGetItemCommand') {
            raced = true;
            await other.commit('k', 'h', []);
          }
          return output;
        },
      } as unknown as DynamoDBClient;

      expect(await storeWith(racing).commit('k', 'h', [credit('alice')])).toEqual({ status: 'completed' });
      expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'alice')).toMatchObject({ balance: 0 });
    });

    it('reports the index of the effect write whose own condition failed, and writes nothing', async () => {
      const store = storeWith(dynamodb);

      expect(await store.commit('k', 'h', [credit('alice'), credit('bob', 'attribute_exists(account)')])).toEqual({ status: 'rejected', writeIndex: 1 });
      expect(await store.get('k')).toBeUndefined();
    });

    it('retries a transaction cancelled by a conflict, and commits', async () => {
      let conflicts = 2;
      const { client, sent } = counting(dynamodb, (name) => {
        if (name === 'TransactWriteItemsCommand' && conflicts-- > 0) throw cancelled([{ Code: 'None' }, { Code: 'TransactionConflict' }]);
      });

      expect(await storeWith(client).commit('k', 'h', [credit('alice')])).toEqual({ status: 'committed' });
      expect(sent).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    });

    it('gives up after the last attempt with RECORDS_UNAVAILABLE, DynamoDB\'s error as the cause', async () => {
      const conflict = cancelled([{ Code: 'None' }, { Code: 'TransactionConflict' }]);
      const { client } = counting(dynamodb, (name) => {
        if (name === 'TransactWriteItemsCommand') throw conflict;
      });

      const error = await storeWith(client).commit('k', 'h', [credit('alice')]).catch((thrown: unknown) => thrown);

      expect(error).toMatchObject({ code: 'RECORDS_UNAVAILABLE' });
      expect((error as Error).cause).toBe(conflict);
    });

    it('wraps any other DynamoDB failure in RECORDS_UNAVAILABLE, DynamoDB\'s error as the cause', async () => {
      const store = new IdempotencyStore({ client: dynamodb, tableName: 'no-such-table', ttlSeconds: 3600 });

      const error = await store.commit('k', 'h', []).catch((thrown: unknown) => thrown);

      expect(error).toMatchObject({ code: 'RECORDS_UNAVAILABLE' });
      expect((error as Error).message).toBe('idempotency store commit failed');
      expect((error as Error).cause).toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('gives up with LOCK_CONTENTION when the record in the way keeps vanishing', async () => {
      // The record's condition fails, but the item is gone by the time it is read: three times.
      const { client } = counting(dynamodb, (name) => {
        if (name === 'TransactWriteItemsCommand') throw cancelled([{ Code: 'ConditionalCheckFailed' }]);
      });

      await expect(storeWith(client).commit('k', 'h', [])).rejects.toMatchObject({ code: 'LOCK_CONTENTION' });
    });

    it('refuses more than 99 effect writes before any request', async () => {
      const { client, sent } = counting(dynamodb);

      await expect(storeWith(client).commit('k', 'h', Array.from({ length: 100 }, (_, i) => credit(`a${i}`)))).rejects.toBeInstanceOf(RangeError);
      expect(sent).toEqual([]);
    });
  });
});
