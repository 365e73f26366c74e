import { type BatchGetItemCommandInput, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completedItem, INSERTED_ITEM_ATTRIBUTES, type InsertTable, MAX_PEEKS_PER_REQUEST, Peeks } from '../../../../functions/shared/idempotency/index.js';
import { createKeyedTable, createTables, dynamodbClient, type Tables } from '../../../support/aws.js';

/** Passes every command to `inner` and keeps each command's name and input. */
function recording(inner: DynamoDBClient) {
  const sent: Array<{ name: string; input: BatchGetItemCommandInput }> = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: BatchGetItemCommandInput }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return inner.send(command as never);
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

const NOW = 1_700_000_000_000;

describe('Peeks', () => {
  let dynamodb: DynamoDBClient;
  let tables: Tables;
  let orders: InsertTable;

  beforeAll(() => {
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    tables = await createTables(dynamodb);
    orders = { tableName: await createKeyedTable(dynamodb, 'orders', 'orderKey'), keyAttribute: 'orderKey' };
  });

  const putRecord = (key: string, hash: string) =>
    dynamodb.send(new PutItemCommand({ TableName: tables.idempotencyTableName, Item: completedItem({ key, hash }, { now: NOW, ttlSeconds: 3600 }) }));
  const putOrder = (key: string, hash: string) =>
    dynamodb.send(new PutItemCommand({
      TableName: orders.tableName,
      Item: { orderKey: { S: key }, total: { N: '5' }, [INSERTED_ITEM_ATTRIBUTES.hash]: { S: hash }, [INSERTED_ITEM_ATTRIBUTES.appliedAt]: { N: String(NOW) } },
    }));

  it('reads the peeks asked for in one turn with one eventually consistent BatchGetItem across tables', async () => {
    await Promise.all([putRecord('s/a', 'ha'), putRecord('s/c', 'hc'), putOrder('s/o', 'ho')]);
    const { client, sent } = recording(dynamodb);
    const peeks = new Peeks(client, tables.idempotencyTableName);

    const [a, b, c, o, p] = await Promise.all([
      peeks.record('s/a'),
      peeks.record('s/b'),
      peeks.record('s/c'),
      peeks.inserted(orders, 's/o'),
      peeks.inserted(orders, 's/p'),
    ]);

    expect([a?.hash, b, c?.hash]).toEqual(['ha', undefined, 'hc']);
    expect(a?.status).toBe('COMPLETED');
    expect(o).toEqual({ hash: 'ho', appliedAt: NOW });
    expect(p).toBeUndefined();
    expect(sent.map(({ name }) => name)).toEqual(['BatchGetItemCommand']);
    const request = sent[0]!.input.RequestItems!;
    expect(request[tables.idempotencyTableName]).toEqual({ Keys: [{ id: { S: 's/a' } }, { id: { S: 's/b' } }, { id: { S: 's/c' } }] });
    expect(request[tables.idempotencyTableName]?.ConsistentRead).toBeUndefined();
    // The insert table is read for the key, hash and time only, never the handler's own attributes.
    expect(request[orders.tableName]?.ProjectionExpression).toBe('#key, #hash, #at');
  });

  it('asks for a key peeked twice in one turn once (DynamoDB refuses a request naming a key twice), and answers both', async () => {
    await putRecord('s/a', 'ha');
    const { client, sent } = recording(dynamodb);
    const peeks = new Peeks(client, tables.idempotencyTableName);

    const [first, second] = await Promise.all([peeks.record('s/a'), peeks.record('s/a')]);

    expect([first?.hash, second?.hash]).toEqual(['ha', 'ha']);
    expect(sent[0]!.input.RequestItems![tables.idempotencyTableName]?.Keys).toHaveLength(1);
  });

  it(`splits more than ${MAX_PEEKS_PER_REQUEST} peeks into requests of at most ${MAX_PEEKS_PER_REQUEST} keys`, async () => {
    const { client, sent } = recording(dynamodb);
    const peeks = new Peeks(client, tables.idempotencyTableName);
    const keys = Array.from({ length: MAX_PEEKS_PER_REQUEST + 1 }, (_, i) => `s/k${i}`);

    await putRecord(keys.at(-1)!, 'last');
    const found = await Promise.all(keys.map((key) => peeks.record(key)));

    expect(found.at(-1)?.hash).toBe('last');
    expect(sent.map(({ input }) => input.RequestItems![tables.idempotencyTableName]?.Keys?.length)).toEqual([MAX_PEEKS_PER_REQUEST, 1]);
  });

  it('reads again on the next peek: nothing is cached between turns', async () => {
    const { client, sent } = recording(dynamodb);
    const peeks = new Peeks(client, tables.idempotencyTableName);

    expect(await peeks.record('s/a')).toBeUndefined();
    await putRecord('s/a', 'ha');

    expect((await peeks.record('s/a'))?.hash).toBe('ha');
    expect(sent).toHaveLength(2);
  });

  it('answers absent when the read fails: a peek is a hint, the conditional write decides', async () => {
    // A mock: a refused or unreachable BatchGetItem, which dynalite cannot be made to produce on demand.
    const failing = { send: async () => { throw new Error('ProvisionedThroughputExceededException'); } } as unknown as DynamoDBClient;
    const peeks = new Peeks(failing, tables.idempotencyTableName);

    expect(await Promise.all([peeks.record('s/a'), peeks.inserted(orders, 's/o')])).toEqual([undefined, undefined]);
  });

  it('answers absent for keys DynamoDB leaves unprocessed', async () => {
    // A mock: UnprocessedKeys come from throttling, which dynalite does not do.
    await putRecord('s/a', 'ha');
    const throttled = {
      send: async (command: { input: BatchGetItemCommandInput }) => ({ Responses: {}, UnprocessedKeys: command.input.RequestItems }),
    } as unknown as DynamoDBClient;

    expect(await new Peeks(throttled, tables.idempotencyTableName).record('s/a')).toBeUndefined();
  });
});
