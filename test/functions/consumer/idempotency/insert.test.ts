import { DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../../functions/consumer/idempotency/index.js';
import { INSERTED_ITEM_ATTRIBUTES, type InsertTable } from '../../../../functions/shared/idempotency/index.js';
import { createKeyedTable, createTables, dynamodbClient, type Tables } from '../../../support/aws.js';

/** Passes every command to `inner`, counting them by name; `before` may act before a command is sent. */
function counting(inner: DynamoDBClient, before?: (name: string) => Promise<void> | void) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      await before?.(command.constructor.name);
      return inner.send(command as never);
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

/** An orders table keyed by `orderKey` (test input: the shipped stack has no insert-kind type yet). */
const ordersTable = async (dynamodb: DynamoDBClient): Promise<InsertTable> => ({ tableName: await createKeyedTable(dynamodb, 'orders', 'orderKey'), keyAttribute: 'orderKey' });

const order = { customer: { S: 'c-1' }, total: { N: '4200' } };

describe('IdempotencyStore.insert', () => {
  let dynamodb: DynamoDBClient;
  let tables: Tables;
  let orders: InsertTable;
  const storeWith = (client: DynamoDBClient) => new IdempotencyStore({ client, tableName: tables.idempotencyTableName, ttlSeconds: 3600, clock: () => 1_700_000_000_000 });
  const itemOf = async (key: string) => (await dynamodb.send(new GetItemCommand({ TableName: orders.tableName, Key: { orderKey: { S: key } }, ConsistentRead: true }))).Item;

  beforeAll(() => {
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [tables, orders] = await Promise.all([createTables(dynamodb), ordersTable(dynamodb)]);
  });

  it('inserts the item keyed by the idempotency key, with its hash and time, in one read and one put', async () => {
    const { client, sent } = counting(dynamodb);

    expect(await storeWith(client).insert(orders, 'scope/o-1', 'h1', order)).toEqual({ status: 'inserted' });

    expect(sent).toEqual(['BatchGetItemCommand', 'PutItemCommand']);
    expect(await itemOf('scope/o-1')).toEqual({
      ...order,
      orderKey: { S: 'scope/o-1' },
      [INSERTED_ITEM_ATTRIBUTES.hash]: { S: 'h1' },
      [INSERTED_ITEM_ATTRIBUTES.appliedAt]: { N: '1700000000000' },
    });
  });

  it('writes nothing for a duplicate: the read finds the item', async () => {
    await storeWith(dynamodb).insert(orders, 'scope/o-2', 'h', order);
    const { client, sent } = counting(dynamodb);

    expect(await storeWith(client).insert(orders, 'scope/o-2', 'h', { ...order, total: { N: '1' } })).toEqual({ status: 'completed' });

    expect(sent).toEqual(['BatchGetItemCommand']);
    expect((await itemOf('scope/o-2'))?.total).toEqual(order.total);
  });

  it('reports a key reused with other content as a mismatch, leaving the item as it was', async () => {
    await storeWith(dynamodb).insert(orders, 'scope/o-3', 'h-original', order);

    expect(await storeWith(dynamodb).insert(orders, 'scope/o-3', 'h-other', { total: { N: '9' } })).toEqual({ status: 'mismatch' });
    expect((await itemOf('scope/o-3'))?.[INSERTED_ITEM_ATTRIBUTES.hash]).toEqual({ S: 'h-original' });
  });

  it('treats an item Conveyor did not insert (no hash) as a mismatch, never overwriting it', async () => {
    await dynamodb.send(new PutItemCommand({ TableName: orders.tableName, Item: { orderKey: { S: 'scope/o-4' }, note: { S: 'written by hand' } } }));

    expect(await storeWith(dynamodb).insert(orders, 'scope/o-4', 'h', order)).toEqual({ status: 'mismatch' });
    expect((await itemOf('scope/o-4'))?.note).toEqual({ S: 'written by hand' });
  });

  it('inserts once when two copies race past the read: the second put is refused and finds the first', async () => {
    const first = storeWith(dynamodb);
    // The racing copy inserts between this copy's read and its put.
    const { client } = counting(dynamodb, async (name) => {
      if (name === 'PutItemCommand' && (await itemOf('scope/o-5')) === undefined) await first.insert(orders, 'scope/o-5', 'h', order);
    });

    expect(await storeWith(client).insert(orders, 'scope/o-5', 'h', order)).toEqual({ status: 'completed' });
    expect(await itemOf('scope/o-5')).toBeDefined();
  });

  it('puts again when the item in the way is deleted before it can be read', async () => {
    await storeWith(dynamodb).insert(orders, 'scope/o-6', 'h', order);
    const sent: string[] = [];
    // A stand-in: the first read misses the item (as an eventually consistent read may; dynalite's
    // reads are always consistent), and the item is deleted between the refused put and the next read.
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        if (sent.length === 1) return {};
        if (sent.length === 3) await dynamodb.send(new DeleteItemCommand({ TableName: orders.tableName, Key: { orderKey: { S: 'scope/o-6' } } }));
        return dynamodb.send(command as never);
      },
    } as unknown as DynamoDBClient;

    expect(await storeWith(client).insert(orders, 'scope/o-6', 'h', order)).toEqual({ status: 'inserted' });
    expect(sent).toEqual(['BatchGetItemCommand', 'PutItemCommand', 'GetItemCommand', 'PutItemCommand']);
  });

  it('fails with RECORDS_UNAVAILABLE, DynamoDB\'s error as the cause, when the table cannot be written', async () => {
    const error = await storeWith(dynamodb).insert({ tableName: 'no-such-table', keyAttribute: 'orderKey' }, 'scope/o-7', 'h', order).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ code: 'RECORDS_UNAVAILABLE' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
