import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, TransactGetItemsCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { createTable, proxiedDynamodb, startProxy } from './support.js';
import { addEntry, checkEntry, key, numberOf, putEntry, reasonsOf, seed, transact } from './transactions-support.js';

let proxy: AwsProxy | undefined;
let dynamodb: DynamoDBClient | undefined;
afterEach(async () => {
  dynamodb?.destroy();
  await proxy?.close();
  proxy = undefined;
  dynamodb = undefined;
});

async function setUp() {
  proxy = await startProxy();
  dynamodb = proxiedDynamodb(proxy);
  return { dynamodb, records: await createTable(dynamodb), counters: await createTable(dynamodb) };
}

/** Rounds per race: one round can pass by luck; several in a row cannot. */
const ROUNDS = 5;

const plainAdd = (tableName: string, id: string) =>
  new UpdateItemCommand({ TableName: tableName, Key: key(id), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } });

describe('createAwsProxy: transactions under concurrency', () => {
  it('of 50 concurrent "record once + count" transactions on the same record, exactly one commits', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();

    for (let round = 0; round < ROUNDS; round++) {
      // Act: the consumer's case — idempotency record with attribute_not_exists, plus the effect
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => transact(dynamodb, [putEntry(records, key(`message-${round}`), { onlyIfNew: true }), addEntry(counters, 'total')])),
      );

      // Assert
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o !== 'committed')) expect(reasonsOf(outcome)?.map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None']);
      expect(await numberOf(dynamodb, counters, 'total')).toBe(round + 1);
    }
  });

  it('a plain UpdateItem ADD racing transactions that commit and roll back is never lost', async () => {
    // Arrange: even transactions fail on their guard (after adding to the counter), odd ones commit
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, records, [{ id: 'present' }]);
    let expected = 0;

    for (let round = 0; round < ROUNDS; round++) {
      // Act
      const guard = (i: number) => checkEntry(records, i % 2 === 0 ? 'absent' : 'present', 'attribute_exists(id)');
      const transactions = Array.from({ length: 20 }, (_, i) => transact(dynamodb, [addEntry(counters, 'total'), guard(i)]));
      const plain = Array.from({ length: 20 }, () => dynamodb.send(plainAdd(counters, 'total')));
      const [outcomes] = await Promise.all([Promise.all(transactions), Promise.all(plain)]);

      // Assert
      expected += 20 + outcomes.filter((o) => o === 'committed').length;
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(10);
      expect(await numberOf(dynamodb, counters, 'total')).toBe(expected);
    }
  });

  it('a plain PutItem racing a transaction that rolls the same item back is never undone', async () => {
    // Arrange: the proxy finds PutItem's key through the table's key schema
    const { dynamodb, records } = await setUp();

    for (let round = 0; round < ROUNDS * 4; round++) {
      // Act
      const id = `item-${round}`;
      const cancelled = transact(dynamodb, [putEntry(records, { id: { S: id }, by: { S: 'transaction' } }), checkEntry(records, 'absent', 'attribute_exists(id)')]);
      const plain = dynamodb.send(new PutItemCommand({ TableName: records, Item: { id: { S: id }, by: { S: 'plain' } } }));
      await Promise.all([cancelled, plain]);

      // Assert
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: records, Key: key(id), ConsistentRead: true }));
      expect(Item).toEqual({ id: { S: id }, by: { S: 'plain' } });
    }
  });
  it('a BatchWriteItem racing transactions that roll its items back is never undone', async () => {
    // Arrange
    const { dynamodb, records } = await setUp();

    for (let round = 0; round < ROUNDS * 4; round++) {
      // Act
      const ids = [`a-${round}`, `b-${round}`];
      const cancelled = ids.map((id) => transact(dynamodb, [putEntry(records, { id: { S: id }, by: { S: 'transaction' } }), checkEntry(records, `absent-${id}`, 'attribute_exists(id)')]));
      const batch = dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [records]: ids.map((id) => ({ PutRequest: { Item: { id: { S: id }, by: { S: 'batch' } } } })) } }));
      await Promise.all([...cancelled, batch]);

      // Assert
      for (const id of ids) expect((await dynamodb.send(new GetItemCommand({ TableName: records, Key: key(id), ConsistentRead: true }))).Item?.by).toEqual({ S: 'batch' });
    }
  });

  it('a GetItem never sees the bare key a ConditionCheck of a missing item writes for an instant', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();

    // Act
    const checks = Array.from({ length: 30 }, () => transact(dynamodb, [checkEntry(records, 'ghost', 'attribute_not_exists(id)'), addEntry(counters, 'total')]));
    const reads = Array.from({ length: 60 }, () => dynamodb.send(new GetItemCommand({ TableName: records, Key: key('ghost') })));
    const [outcomes, seen] = await Promise.all([Promise.all(checks), Promise.all(reads)]);

    // Assert
    expect(outcomes.every((o) => o === 'committed')).toBe(true);
    expect(seen.filter((r) => r.Item !== undefined)).toEqual([]);
  });
});

describe('createAwsProxy: TransactGetItems', () => {
  it('reads every item consistently, {} for a missing one, with 2 read units per item', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, records, [{ id: 'a', v: 1 }]);
    await seed(dynamodb, counters, [{ id: 'total', n: 3 }]);

    // Act
    const output = await dynamodb.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: records, Key: key('a') } },
          { Get: { TableName: records, Key: key('missing') } },
          { Get: { TableName: counters, Key: key('total'), ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'n' } } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );

    // Assert
    expect(output.Responses).toEqual([{ Item: { id: { S: 'a' }, v: { N: '1' } } }, {}, { Item: { n: { N: '3' } } }]);
    expect(output.ConsumedCapacity).toEqual([
      { TableName: records, CapacityUnits: 4, ReadCapacityUnits: 4 },
      { TableName: counters, CapacityUnits: 2, ReadCapacityUnits: 2 },
    ]);
  });

  it('never sees a transaction half applied', async () => {
    // Arrange: each transaction moves one unit from a to b, so a + b stays 100
    const { dynamodb, counters } = await setUp();
    await seed(dynamodb, counters, [{ id: 'a', n: 100 }, { id: 'b', n: 0 }]);
    const read = () => dynamodb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: counters, Key: key('a') } }, { Get: { TableName: counters, Key: key('b') } }] }));

    // Act
    const moves = Array.from({ length: 30 }, () => transact(dynamodb, [addEntry(counters, 'a', -1), addEntry(counters, 'b', 1)]));
    const reads = Array.from({ length: 30 }, read);
    const [, snapshots] = await Promise.all([Promise.all(moves), Promise.all(reads)]);

    // Assert
    for (const { Responses = [] } of snapshots) expect(Responses.reduce((sum, r) => sum + Number(r.Item?.n?.N), 0)).toBe(100);
    expect(await numberOf(dynamodb, counters, 'b')).toBe(30);
  });

  it('rejects the same item twice', async () => {
    const { dynamodb, records } = await setUp();

    const error = await dynamodb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: records, Key: key('a') } }, { Get: { TableName: records, Key: key('a') } }] })).catch((e: Error) => e);

    expect(error).toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
  });
});
