import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { type AwsProxy, createAwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { EMULATOR_DYNAMODB_SERVICE } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { createTable, proxiedDynamodb, startProxy } from './support.js';
import { addEntry, checkEntry, contents, deleteEntry, key, numberOf, putEntry, reasonsOf, seed, transact } from './transactions-support.js';

let proxy: AwsProxy | undefined;
let dynamodb: DynamoDBClient | undefined;
afterEach(async () => {
  dynamodb?.destroy();
  await proxy?.close();
  proxy = undefined;
  dynamodb = undefined;
});

/** A proxy (with `faults`), a client on it, and two fresh tables keyed by `id`. */
async function setUp(faults?: FaultStore) {
  proxy = await startProxy(faults);
  dynamodb = proxiedDynamodb(proxy);
  const records = await createTable(dynamodb);
  const counters = await createTable(dynamodb);
  return { proxy, dynamodb, records, counters };
}

describe('createAwsProxy: TransactWriteItems', () => {
  it('is answered by the proxy: dynalite itself does not know the operation', async () => {
    const direct = new DynamoDBClient({ endpoint: inject('dynaliteEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });

    const error = await transact(direct, [putEntry('any', key('a'))]);

    expect(error).toMatchObject({ name: 'UnknownOperationException' });
    direct.destroy();
  });

  it('commits a Put and an Update across two tables, and reports 2 capacity units per item', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, counters, [{ id: 'total', n: 5 }]);

    // Act
    const output = await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [putEntry(records, { id: { S: 'r1' }, body: { S: 'hello' } }, { onlyIfNew: true }), addEntry(counters, 'total', 2)],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );

    // Assert
    expect(await contents(dynamodb, records)).toEqual([{ id: { S: 'r1' }, body: { S: 'hello' } }]);
    expect(await numberOf(dynamodb, counters, 'total')).toBe(7);
    expect(output.ConsumedCapacity).toEqual([
      { TableName: records, CapacityUnits: 2, WriteCapacityUnits: 2 },
      { TableName: counters, CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
  });

  it('a failing ConditionCheck cancels everything: created items are gone, updated and deleted ones are back', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, records, [{ id: 'old', v: 1 }, { id: 'doomed', v: 2 }]);
    await seed(dynamodb, counters, [{ id: 'total', n: 5, note: 'kept' }]);
    const before = [await contents(dynamodb, records), await contents(dynamodb, counters)];

    // Act
    const error = await transact(dynamodb, [
      putEntry(records, { id: { S: 'new' } }),
      putEntry(records, { id: { S: 'old' }, v: { N: '100' } }),
      addEntry(counters, 'total', 10),
      deleteEntry(records, 'doomed'),
      checkEntry(counters, 'guard', 'attribute_exists(id)'),
    ]);

    // Assert
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, None, None, ConditionalCheckFailed]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    });
    expect([await contents(dynamodb, records), await contents(dynamodb, counters)]).toEqual(before);
  });

  it('gives one reason per entry, in order, and every failed condition', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, records, [{ id: 'taken' }]);

    // Act
    const error = await transact(dynamodb, [
      putEntry(records, { id: { S: 'taken' } }, { onlyIfNew: true }),
      addEntry(counters, 'total'),
      checkEntry(records, 'missing', 'attribute_exists(id)'),
      putEntry(records, { id: { S: 'free' } }, { onlyIfNew: true }),
    ]);

    // Assert
    expect(reasonsOf(error)?.map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed', 'None']);
    expect(await contents(dynamodb, records)).toEqual([{ id: { S: 'taken' } }]);
    expect(await contents(dynamodb, counters)).toEqual([]);
  });

  it('puts the old item in the reason only with ReturnValuesOnConditionCheckFailure ALL_OLD', async () => {
    // Arrange
    const { dynamodb, records } = await setUp();
    await seed(dynamodb, records, [{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);

    // Act
    const error = await transact(dynamodb, [
      putEntry(records, { id: { S: 'a' } }, { onlyIfNew: true, allOld: true }),
      checkEntry(records, 'b', 'v = :three', { ':three': { N: '3' } }, false),
    ]);

    // Assert
    expect(reasonsOf(error)).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'a' }, v: { N: '1' } } },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });

  it('a passing ConditionCheck changes nothing, on an existing item or a missing one', async () => {
    // Arrange
    const { dynamodb, records, counters } = await setUp();
    await seed(dynamodb, records, [{ id: 'a', v: 1 }]);

    // Act
    const outcome = await transact(dynamodb, [
      checkEntry(records, 'a', 'v = :one', { ':one': { N: '1' } }),
      checkEntry(records, 'ghost', 'attribute_not_exists(id)'),
      addEntry(counters, 'total'),
    ]);

    // Assert
    expect(outcome).toBe('committed');
    expect(await contents(dynamodb, records)).toEqual([{ id: { S: 'a' }, v: { N: '1' } }]);
    expect(await numberOf(dynamodb, counters, 'total')).toBe(1);
  });

  describe('validation, before anything is written', () => {
    it.each([
      ['101 entries', (t: string) => Array.from({ length: 101 }, (_, i) => putEntry(t, key(`i${i}`))), /^1 validation error detected: .*transactItems.*less than or equal to 100$/],
      ['no entries', () => [], /^1 validation error detected: .*transactItems.*greater than or equal to 1$/],
      ['the same item twice (Put + Update)', (t: string) => [putEntry(t, key('a')), addEntry(t, 'a')], /^Transaction request cannot include multiple operations on one item$/],
      ['an entry with two actions', (t: string) => [{ ...putEntry(t, key('a')), ...deleteEntry(t, 'b') }], /^TransactItems can only contain one of Check, Put, Update or Delete$/],
      ['an entry with no action', () => [{} as TransactWriteItem], /^TransactItems can only contain one of Check, Put, Update or Delete$/],
      ['an Update without UpdateExpression', (t: string) => [{ Update: { TableName: t, Key: key('a') } } as TransactWriteItem], /Value null at 'transactItems\.1\.member\.update\.updateExpression'/],
    ])('rejects %s with a ValidationException', async (_name, entries, message) => {
      // Arrange
      const { dynamodb, records } = await setUp();

      // Act
      const error = await transact(dynamodb, entries(records));

      // Assert
      expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toMatch(message);
      expect(await contents(dynamodb, records)).toEqual([]);
    });

    it('passes the emulator\'s ValidationException for a bad expression on, not a cancellation, and rolls back', async () => {
      // Arrange
      const { dynamodb, records } = await setUp();

      // Act
      const error = await transact(dynamodb, [
        putEntry(records, key('a')),
        { Update: { TableName: records, Key: key('b'), UpdateExpression: 'SET #x = :y', ExpressionAttributeValues: { ':y': { N: '1' } } } },
      ]);

      // Assert
      expect(error).toMatchObject({ name: 'ValidationException' });
      expect(await contents(dynamodb, records)).toEqual([]);
    });

    it('answers ResourceNotFoundException for an unknown table', async () => {
      const { dynamodb } = await setUp();

      const error = await transact(dynamodb, [putEntry('no-such-table', key('a'))]);

      expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    });
  });

  describe('ClientRequestToken', () => {
    it('a retry with the same token and entries succeeds without applying again', async () => {
      const { dynamodb, counters } = await setUp();

      const outcomes = [await transact(dynamodb, [addEntry(counters, 'total')], 'token-1'), await transact(dynamodb, [addEntry(counters, 'total')], 'token-1')];

      expect(outcomes).toEqual(['committed', 'committed']);
      expect(await numberOf(dynamodb, counters, 'total')).toBe(1);
    });

    it('the same token with other entries is an IdempotentParameterMismatchException', async () => {
      const { dynamodb, counters } = await setUp();

      await transact(dynamodb, [addEntry(counters, 'total')], 'token-2');
      const error = await transact(dynamodb, [addEntry(counters, 'total', 5)], 'token-2');

      expect(error).toMatchObject({ name: 'IdempotentParameterMismatchException', $metadata: { httpStatusCode: 400 } });
      expect(await numberOf(dynamodb, counters, 'total')).toBe(1);
    });
  });

  describe('faults and counters', () => {
    it('an injected error on TransactWriteItems applies nothing', async () => {
      // Arrange
      const store = new FaultStore();
      const { dynamodb, records, counters } = await setUp(store);
      store.set({ service: 'dynamodb', operation: 'TransactWriteItems', error: { code: 'InternalServerError', statusCode: 500 } });

      // Act
      const error = await transact(dynamodb, [putEntry(records, key('a')), addEntry(counters, 'total')]);

      // Assert
      store.set([]);
      expect(error).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
      expect([await contents(dynamodb, records), await contents(dynamodb, counters)]).toEqual([[], []]);
    });

    it('counts the transaction once, and the calls the proxy makes to the emulator for it apart', async () => {
      // Arrange
      const { proxy, records, counters } = await setUp();
      const consumer = proxiedDynamodb(proxy, { caller: 'Consumer' });
      proxy.counters.reset();

      // Act
      await transact(consumer, [putEntry(records, key('a')), addEntry(counters, 'total'), checkEntry(records, 'b', 'attribute_not_exists(id)')]);
      await transact(consumer, [putEntry(records, key('a'), { onlyIfNew: true })]);

      // Assert
      const snapshot = proxy.counters.snapshot();
      expect(snapshot.dynamodb).toEqual({
        TransactWriteItems: { Consumer: { requests: 2, errors: 1, injected: 0, requestBytes: expect.any(Number), responseBytes: expect.any(Number) } },
      });
      // What the emulator did for them: single-item calls on the caller's account, at least one per item of each transaction.
      const upstream = snapshot[EMULATOR_DYNAMODB_SERVICE] ?? {};
      expect(upstream.TransactWriteItems).toBeUndefined();
      expect(Object.values(upstream).reduce((sum, byCaller) => sum + (byCaller.Consumer?.requests ?? 0), 0)).toBeGreaterThanOrEqual(4);
      consumer.destroy();
    });
  });

  describe('a transaction in progress', () => {
    /** The proxy in front of a slow DynamoDB (another proxy adding 100 ms to every call), a table, and 20 Puts. */
    async function slowSetUp() {
      const slowness = new FaultStore();
      const slow = await createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: inject('dynaliteEndpoint') }, faults: slowness });
      onTestFinished(() => slow.close());
      proxy = await createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: slow.url } });
      dynamodb = proxiedDynamodb(proxy);
      const records = await createTable(dynamodb);
      slowness.set({ service: 'dynamodb', latencyMs: 100 });
      const puts = Array.from({ length: 20 }, (_, i) => putEntry(records, key(`i${i}`)));
      const count = () => proxy?.counters.snapshot().dynamodb?.TransactWriteItems?.['-'];
      const received = () => expect.poll(() => count()?.requestBytes ?? 0).toBeGreaterThan(1000);
      return { slowness, slow, proxy, dynamodb, records, puts, count, received };
    }

    it('is rolled back all the same when its client went away', async () => {
      // Arrange
      const { slowness, dynamodb, records, puts, count, received } = await slowSetUp();
      const abort = new AbortController();

      // Act: the last entry fails, after the client has left
      const sent = dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [...puts, checkEntry(records, 'guard', 'attribute_exists(id)')] }), { abortSignal: abort.signal });
      await received();
      abort.abort();
      const clientSaw = await sent.catch((e: Error) => e);
      await expect.poll(() => count()?.errors, { timeout: 10_000 }).toBe(1);

      // Assert: the client left before the answer; all 20 writes were undone
      expect(clientSaw).toMatchObject({ name: 'AbortError' });
      expect(count()?.responseBytes).toBe(0);
      slowness.set([]);
      expect(await contents(dynamodb, records)).toEqual([]);
    });

    it('is finished before close() lets go of the upstream', async () => {
      // Arrange
      const { slowness, slow, proxy, dynamodb, records, puts, received } = await slowSetUp();

      // Act
      const sent = dynamodb.send(new TransactWriteItemsCommand({ TransactItems: puts })).catch((e: Error) => e);
      await received();
      await proxy.close();
      await sent;

      // Assert: committed whole
      slowness.set([]);
      const after = new DynamoDBClient({ endpoint: slow.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      expect(await contents(after, records)).toHaveLength(20);
      after.destroy();
    });
  });
});
