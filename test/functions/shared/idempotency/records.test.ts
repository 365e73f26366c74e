import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyRecord,
  completedItem,
  deadLetteredItem,
  holdsKey,
  IdempotencyRecords,
  inProgressItem,
  type RecordItem,
} from '../../../../functions/shared/idempotency/index.js';
import { createTables, dynamodbClient, type Tables } from '../../../support/aws.js';

const NOW = 1_800_000_000_000;
const timing = { now: NOW, ttlSeconds: 3600 };

/** A client that passes everything on to `inner` and keeps each command's name and input. */
function recording(inner: DynamoDBClient, options: { returnOldItem?: boolean } = {}) {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      try {
        return await inner.send(command as never);
      } catch (error) {
        // Mock: dynalite ignores ReturnValuesOnConditionCheckFailure; DynamoDB returns the item with the failure.
        if (options.returnOldItem && error instanceof ConditionalCheckFailedException && command instanceof PutItemCommand) {
          const { TableName, Item } = command.input;
          error.Item = (await inner.send(new GetItemCommand({ TableName, Key: { id: Item!.id! }, ConsistentRead: true }))).Item;
        }
        throw error;
      }
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

describe('IdempotencyRecords', () => {
  let client: DynamoDBClient;
  let tables: Tables;
  let records: IdempotencyRecords;
  const putRaw = (item: RecordItem) => client.send(new PutItemCommand({ TableName: tables.idempotencyTableName, Item: item }));

  beforeAll(() => {
    client = dynamodbClient();
  });
  beforeEach(async () => {
    tables = await createTables(client);
    records = new IdempotencyRecords({ client, tableName: tables.idempotencyTableName });
  });

  describe('read', () => {
    it('reads strongly consistent by default, eventually consistent on request', async () => {
      await putRaw(completedItem({ key: 'k', hash: 'h' }, timing));
      const { client: wrapped, sent } = recording(client);
      const spied = new IdempotencyRecords({ client: wrapped, tableName: tables.idempotencyTableName });

      const consistent = await spied.read('k');
      const eventual = await spied.read('k', 'eventual');

      expect(consistent).toEqual({ key: 'k', status: 'COMPLETED', hash: 'h', completedAt: NOW, expiresAt: NOW / 1000 + 3600 });
      expect(eventual).toEqual(consistent);
      expect(sent).toEqual([
        { name: 'GetItemCommand', input: { TableName: tables.idempotencyTableName, Key: { id: { S: 'k' } }, ConsistentRead: true } },
        { name: 'GetItemCommand', input: { TableName: tables.idempotencyTableName, Key: { id: { S: 'k' } } } },
      ]);
    });

    it('reads an absent key as undefined', async () => {
      expect(await records.read('never')).toBeUndefined();
    });
  });

  describe('putIfKeyFree', () => {
    it('writes where the key is free and refuses where it is held, without the record where none is returned (dynalite)', async () => {
      const item = inProgressItem({ key: 'k', hash: 'h', owner: 'o', lockExpiresAt: NOW + 30_000 }, timing);

      expect(await records.putIfKeyFree(item, NOW, { returnExisting: true })).toEqual({ written: true });
      expect(await records.putIfKeyFree(item, NOW, { returnExisting: true })).toEqual({ written: false, existing: undefined });
    });

    it('asks for the record in the way only when told to, and hands it back where DynamoDB returns it', async () => {
      await putRaw(completedItem({ key: 'k', hash: 'h' }, timing));
      const { client: wrapped, sent } = recording(client, { returnOldItem: true });
      const spied = new IdempotencyRecords({ client: wrapped, tableName: tables.idempotencyTableName });
      const note = deadLetteredItem({ key: 'k', hash: 'h', reason: { code: 'X', message: 'y' } }, timing);

      const returned = await spied.putIfKeyFree(note, NOW, { returnExisting: true });
      await spied.putIfKeyFree(note, NOW);

      expect(returned).toEqual({ written: false, existing: expect.objectContaining({ key: 'k', status: 'COMPLETED' }) });
      expect(sent.map(({ input }) => input.ReturnValuesOnConditionCheckFailure)).toEqual(['ALL_OLD', undefined]);
      expect(sent.map(({ input }) => 'ReturnValuesOnConditionCheckFailure' in input)).toEqual([true, false]);
    });
  });

  describe('updateIfOwnedBy and deleteIfOwnedBy', () => {
    const update = { UpdateExpression: 'SET #status = :completed', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':completed': { S: 'COMPLETED' } } };

    it('touch the record only for the owner token it carries', async () => {
      await putRaw(inProgressItem({ key: 'k', hash: 'h', owner: 'mine', lockExpiresAt: NOW + 30_000 }, timing));

      expect(await records.updateIfOwnedBy('k', 'theirs', update)).toBe(false);
      expect(await records.deleteIfOwnedBy('k', 'theirs')).toBe(false);
      expect((await records.read('k'))?.status).toBe('IN_PROGRESS');

      expect(await records.updateIfOwnedBy('k', 'mine', update)).toBe(true);
      expect((await records.read('k'))?.status).toBe('COMPLETED');
      expect(await records.deleteIfOwnedBy('k', 'mine')).toBe(true);
      expect(await records.read('k')).toBeUndefined();
    });
  });

  describe('transactIfKeyFree', () => {
    const credit = (tableName: string, account = 'alice', condition?: string) => ({
      Update: {
        TableName: tableName,
        Key: { account: { S: account } },
        UpdateExpression: 'ADD balance :amount',
        ExpressionAttributeValues: { ':amount': { N: '5' } },
        ...(condition ? { ConditionExpression: condition } : {}),
      },
    });

    it('writes the record and the effect together', async () => {
      const result = await records.transactIfKeyFree(completedItem({ key: 'k', hash: 'h' }, timing), NOW, [credit(tables.ledgerTableName)]);

      expect(result).toEqual({ status: 'written' });
      expect((await records.read('k'))?.status).toBe('COMPLETED');
    });

    it('reports a held key as key-taken, and writes nothing', async () => {
      await putRaw(inProgressItem({ key: 'k', hash: 'h', owner: 'o', lockExpiresAt: NOW + 30_000 }, timing));

      const result = await records.transactIfKeyFree(completedItem({ key: 'k', hash: 'h' }, timing), NOW, [credit(tables.ledgerTableName)]);

      expect(result.status).toBe('key-taken');
      expect((await records.read('k'))?.status).toBe('IN_PROGRESS');
    });

    it('reports which of the effect\'s writes was rejected by its own condition, and writes nothing', async () => {
      const writes = [credit(tables.ledgerTableName), credit(tables.ledgerTableName, 'bob', 'attribute_exists(account)')];

      const result = await records.transactIfKeyFree(completedItem({ key: 'k', hash: 'h' }, timing), NOW, writes);

      expect(result).toEqual({ status: 'effect-rejected', writeIndex: 1 });
      expect(await records.read('k')).toBeUndefined();
    });
  });

  describe('errors', () => {
    it.each([
      ['read', (subject: IdempotencyRecords) => subject.read('k')],
      ['put', (subject: IdempotencyRecords) => subject.putIfKeyFree(completedItem({ key: 'k', hash: 'h' }, timing), NOW)],
      ['update', (subject: IdempotencyRecords) => subject.updateIfOwnedBy('k', 'o', { UpdateExpression: 'SET a = :a', ExpressionAttributeNames: {}, ExpressionAttributeValues: { ':a': { S: 'a' } } })],
      ['delete', (subject: IdempotencyRecords) => subject.deleteIfOwnedBy('k', 'o')],
      ['transact', (subject: IdempotencyRecords) => subject.transactIfKeyFree(completedItem({ key: 'k', hash: 'h' }, timing), NOW, [])],
    ] as const)('turns a DynamoDB failure of %s into a RECORDS_UNAVAILABLE error, with the SDK\'s error as the cause', async (operation, request) => {
      const missing = new IdempotencyRecords({ client, tableName: 'no-such-table' });

      const error = await request(missing).catch((thrown: unknown) => thrown);

      expect(error).toMatchObject({ code: 'RECORDS_UNAVAILABLE', message: `idempotency records ${operation} failed` });
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect((error as Error).cause).not.toMatchObject({ code: 'RECORDS_UNAVAILABLE' });
    });
  });

  describe('keyIsFree agrees with classifyRecord', () => {
    // Each record, and the moment a writer comes: the condition DynamoDB evaluates and the
    // classifier the readers use must give the same answer.
    const lock = inProgressItem({ key: 'k', hash: 'h', owner: 'o', lockExpiresAt: NOW + 1000 }, timing);
    const completed = completedItem({ key: 'k', hash: 'h' }, timing);
    const cases: Array<[string, RecordItem, number, boolean]> = [
      ['a live lock', lock, NOW, false],
      ['a lock at its expiry', lock, NOW + 1000, false],
      ['a lock just past its expiry', lock, NOW + 1001, true],
      ['a completed record', completed, NOW + 60_000, false],
      ['a completed record in its last second', completed, NOW + 3600_999, false],
      ['a completed record past its TTL', completed, NOW + 3601_000, true],
      ['a dead-letter note', deadLetteredItem({ key: 'k', hash: 'h', reason: { code: 'X', message: '' } }, timing), NOW, true],
    ];

    it.each(cases)('%s', async (_case, item, writerNow, free) => {
      await putRaw(item);
      const classified = classifyRecord(await records.read('k'), writerNow, 'h');

      const put = await records.putIfKeyFree(completedItem({ key: 'k', hash: 'h' }, { now: writerNow, ttlSeconds: 3600 }), writerNow);

      expect(!holdsKey(classified)).toBe(free);
      expect(put.written).toBe(free);
    });
  });
});
