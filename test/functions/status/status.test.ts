import { type DynamoDBClient, DynamoDBClient as Client } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../functions/consumer/idempotency/index.js';
import { createStatusFunction } from '../../../functions/status/status.js';
import { InsertedItems } from '../../../functions/shared/idempotency/index.js';
import { createKeyedTable, createTables, dynamodbClient } from '../../support/aws.js';
import { statusEvent } from '../../support/factories.js';

const SCOPE = 'key-id-1';
/** A stack with no fan-out type and no effect table. */
const NO_PLACES = { fanOutQueues: [], tables: [] };
const START = 1_800_000_000_000;

describe('status function', () => {
  let client: DynamoDBClient;
  let tableName: string;
  let clock: { now: number };
  let store: IdempotencyStore;
  const get = async (id: string, apiKeyId = SCOPE) => {
    const status = createStatusFunction({ config: { idempotencyTableName: tableName, places: NO_PLACES }, dynamodb: client, logger: new Logger({ logLevel: 'SILENT' }), clock: () => clock.now });
    const response = await status(statusEvent(id, apiKeyId));
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  beforeAll(() => {
    client = dynamodbClient();
  });
  beforeEach(async () => {
    tableName = (await createTables(client)).idempotencyTableName;
    clock = { now: START };
    store = new IdempotencyStore({ client, tableName, ttlSeconds: 3600, clock: () => clock.now });
  });

  it('answers unknown for a key never seen', async () => {
    expect(await get('never-sent')).toEqual({ status: 200, body: { id: 'never-sent', status: 'unknown' } });
  });

  it('answers completed, with when, once the effect is committed', async () => {
    await store.commit(`${SCOPE}/order-1`, 'h', []);

    expect(await get('order-1')).toEqual({ status: 200, body: { id: 'order-1', status: 'completed', outcome: 'applied', completedAt: new Date(START).toISOString() } });
  });

  it('answers in_progress while a lock is held, and unknown once the lock is abandoned', async () => {
    await store.acquire(`${SCOPE}/order-2`, 'h', START + 30_000);

    expect(await get('order-2')).toEqual({ status: 200, body: { id: 'order-2', status: 'in_progress', lockExpiresAt: new Date(START + 30_000).toISOString() } });
    clock.now += 31_000;
    expect((await get('order-2')).body.status).toBe('unknown');
  });

  it('answers dead_lettered with when and why', async () => {
    await store.markDeadLettered(`${SCOPE}/order-3`, 'h', { code: 'INVALID_PAYLOAD', message: 'payload.amount must be a positive integer number of cents' });

    expect(await get('order-3')).toEqual({
      status: 200,
      body: { id: 'order-3', status: 'dead_lettered', deadLetteredAt: new Date(START).toISOString(), reason: { code: 'INVALID_PAYLOAD', message: 'payload.amount must be a positive integer number of cents' } },
    });
  });

  it('answers unknown once the record has outlived the idempotency TTL, as the consumer reads it', async () => {
    await store.commit(`${SCOPE}/order-4`, 'h', []);
    clock.now += 3601_000;

    expect((await get('order-4')).body.status).toBe('unknown');
  });

  it('sees only the caller\'s own keys: another API key gets unknown', async () => {
    await store.commit(`${SCOPE}/order-5`, 'h', []);

    expect((await get('order-5', 'another-key-id')).body.status).toBe('unknown');
  });

  it.each([['a space', 'a b'], ['a slash', 'a/b'], ['129 characters', 'k'.repeat(129)]])('refuses an id with %s: 400 naming the rule', async (_case, id) => {
    expect(await get(id)).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_IDEMPOTENCY_KEY', message: expect.stringMatching(/^the id in \/messages\/\{id\} must be/), requestId: expect.any(String) } },
    });
  });

  it('answers 503 STORE_UNAVAILABLE, with Retry-After, when the table cannot be read', async () => {
    // The emulator cannot be made to fail on demand; a client pointed at a closed port is a real failure to read.
    const unreachable = new Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const status = createStatusFunction({ config: { idempotencyTableName: tableName, places: NO_PLACES }, dynamodb: unreachable, logger: new Logger({ logLevel: 'SILENT' }) });

    const response = await status(statusEvent('order-6', SCOPE));

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(JSON.parse(response.body).error.code).toBe('STORE_UNAVAILABLE');
  });

  describe('with fan-out queues and insert-kind tables (RECORD_PLACES)', () => {
    let orders: string;
    const places = () => ({ fanOutQueues: [['ledger', 'orders']], tables: [{ tableName: orders, partitionKey: 'orderId' }] });
    const getWith = async (id: string) => {
      const status = createStatusFunction({ config: { idempotencyTableName: tableName, places: places() }, dynamodb: client, logger: new Logger({ logLevel: 'SILENT' }), clock: () => clock.now });
      const response = await status(statusEvent(id, SCOPE));
      return JSON.parse(response.body) as Record<string, unknown>;
    };
    /** An order item as the insert kind puts it, keyed by the record key. */
    const insert = (key: string, at: number) => new InsertedItems(client).putIfAbsent({ tableName: orders, keyAttribute: 'orderId' }, key, {}, { hash: 'h', now: at });

    beforeEach(async () => {
      orders = await createKeyedTable(client, 'orders', 'orderId');
    });

    it('answers completed for an insert-kind message from its item, with when', async () => {
      await insert(`${SCOPE}/o-1`, START);

      expect(await getWith('o-1')).toEqual({ id: 'o-1', status: 'completed', outcome: 'applied', completedAt: new Date(START).toISOString() });
    });

    it('answers in_progress for a fan-out message one queue has applied, naming each queue\'s state', async () => {
      await store.commit(`ledger#${SCOPE}/f-1`, 'h', []);

      expect(await getWith('f-1')).toEqual({
        id: 'f-1',
        status: 'in_progress',
        queues: { ledger: { status: 'completed', outcome: 'applied', completedAt: new Date(START).toISOString() } },
      });
    });

    it('answers completed once every queue of the fan-out has applied it, the insert-kind one through its item', async () => {
      await store.commit(`ledger#${SCOPE}/f-2`, 'h', []);
      await insert(`orders#${SCOPE}/f-2`, START + 5);

      expect(await getWith('f-2')).toMatchObject({
        id: 'f-2',
        status: 'completed',
        completedAt: new Date(START + 5).toISOString(),
        queues: { ledger: { status: 'completed' }, orders: { status: 'completed' } },
      });
    });

    it('reads past DynamoDB\'s 100 keys a BatchGetItem takes: 60 fan-out queues over two tables', async () => {
      const many = Array.from({ length: 60 }, (_, index) => `q${index}`);
      await insert(`q59#${SCOPE}/f-4`, START + 7);
      const status = createStatusFunction({
        config: { idempotencyTableName: tableName, places: { fanOutQueues: [many], tables: [{ tableName: orders, partitionKey: 'orderId' }] } },
        dynamodb: client,
        logger: new Logger({ logLevel: 'SILENT' }),
        clock: () => clock.now,
      });

      const body = JSON.parse((await status(statusEvent('f-4', SCOPE))).body) as { status: string; queues: Record<string, unknown> };

      expect(body.status).toBe('in_progress');
      expect(body.queues).toEqual({ q59: { status: 'completed', outcome: 'applied', completedAt: new Date(START + 7).toISOString() } });
    });

    it('answers dead_lettered when one queue dead-lettered it, with that queue\'s reason', async () => {
      await store.commit(`ledger#${SCOPE}/f-3`, 'h', []);
      await store.markDeadLettered(`orders#${SCOPE}/f-3`, 'h', { code: 'RECEIVES_EXHAUSTED', message: 'gave up' });

      expect(await getWith('f-3')).toMatchObject({ status: 'dead_lettered', reason: { code: 'RECEIVES_EXHAUSTED' }, queues: { ledger: { status: 'completed' }, orders: { status: 'dead_lettered' } } });
    });
  });
});
