import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../../functions/consumer/idempotency/index.js';
import { createTables, dynamodbClient } from '../../../support/aws.js';

/** A store whose clock the test moves. */
function storeAt(client: DynamoDBClient, tableName: string, start = 1_800_000_000_000) {
  const clock = { now: start };
  const store = new IdempotencyStore({ client, tableName, ttlSeconds: 3600, clock: () => clock.now });
  return { store, clock };
}

describe('IdempotencyStore', () => {
  let client: DynamoDBClient;
  let tableName: string;
  beforeAll(() => {
    client = dynamodbClient();
  });
  beforeEach(async () => {
    tableName = (await createTables(client)).idempotencyTableName;
  });

  describe('acquire', () => {
    it('locks a new key, with the owner token and both expiries set', async () => {
      const { store, clock } = storeAt(client, tableName);

      const result = await store.acquire('k1', 'h1', clock.now + 30_000);

      expect(result.status).toBe('acquired');
      expect(await store.get('k1')).toEqual({
        key: 'k1',
        status: 'IN_PROGRESS',
        hash: 'h1',
        owner: expect.any(String),
        lockExpiresAt: clock.now + 30_000,
        expiresAt: Math.floor(clock.now / 1000) + 3600,
      });
    });

    it('reports a live lock as in progress, with its expiry', async () => {
      const { store, clock } = storeAt(client, tableName);
      await store.acquire('k1', 'h1', clock.now + 30_000);

      expect(await store.acquire('k1', 'h1', clock.now + 30_000)).toEqual({ status: 'in-progress', lockExpiresAt: clock.now + 30_000 });
    });

    it('reports a completed key as completed', async () => {
      const { store, clock } = storeAt(client, tableName);
      const first = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (first.status !== 'acquired') throw new Error('expected the lock');
      await store.complete(first.lock);

      expect(await store.acquire('k1', 'h1', clock.now + 30_000)).toEqual({ status: 'completed' });
    });

    it('flags the same key with a different payload hash, completed or in progress', async () => {
      const { store, clock } = storeAt(client, tableName);
      const first = await store.acquire('k1', 'h1', clock.now + 30_000);

      expect(await store.acquire('k1', 'other', clock.now + 30_000)).toEqual({ status: 'mismatch' });
      if (first.status !== 'acquired') throw new Error('expected the lock');
      await store.complete(first.lock);
      expect(await store.acquire('k1', 'other', clock.now + 30_000)).toEqual({ status: 'mismatch' });
    });

    it('takes over a lock whose expiry has passed', async () => {
      const { store, clock } = storeAt(client, tableName);
      const first = await store.acquire('k1', 'h1', clock.now + 1000);

      clock.now += 1001;
      const second = await store.acquire('k1', 'h1', clock.now + 30_000);

      expect(second.status).toBe('acquired');
      if (first.status !== 'acquired' || second.status !== 'acquired') throw new Error('expected both locks');
      expect(second.lock.owner).not.toBe(first.lock.owner);
    });

    it('does not take over a lock that expires at this very millisecond', async () => {
      const { store, clock } = storeAt(client, tableName);
      await store.acquire('k1', 'h1', clock.now + 1000);

      clock.now += 1000;

      expect((await store.acquire('k1', 'h1', clock.now + 30_000)).status).toBe('in-progress');
    });

    it('treats a completed record past its TTL as absent (TTL deletion is never relied on)', async () => {
      const { store, clock } = storeAt(client, tableName);
      const first = await store.acquire('k1', 'h1', clock.now + 1000);
      if (first.status !== 'acquired') throw new Error('expected the lock');
      await store.complete(first.lock);

      clock.now += 3601 * 1000;

      expect((await store.acquire('k1', 'h1', clock.now + 30_000)).status).toBe('acquired');
    });

    it('sets a lock expiry even when no invocation time is left', async () => {
      const { store, clock } = storeAt(client, tableName);

      await store.acquire('k1', 'h1', clock.now);
      clock.now += 1;

      expect((await store.get('k1'))?.lockExpiresAt).toBe(clock.now - 1);
      expect((await store.acquire('k1', 'h1', clock.now + 1000)).status).toBe('acquired');
    });

    it('wraps DynamoDB failures in RECORDS_UNAVAILABLE errors', async () => {
      const { store, clock } = storeAt(client, 'no-such-table');

      await expect(store.acquire('k1', 'h1', clock.now + 1000)).rejects.toMatchObject({ code: 'RECORDS_UNAVAILABLE' });
    });
  });

  describe('complete', () => {
    it('marks the record completed, drops the lock fields and restarts the TTL', async () => {
      const { store, clock } = storeAt(client, tableName);
      const acquired = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (acquired.status !== 'acquired') throw new Error('expected the lock');

      clock.now += 5000;
      await store.complete(acquired.lock);

      expect(await store.get('k1')).toEqual({ key: 'k1', status: 'COMPLETED', hash: 'h1', expiresAt: Math.floor(clock.now / 1000) + 3600, completedAt: clock.now });
    });

    it('refuses to complete a lock that expired and was taken over, leaving the new owner alone', async () => {
      const { store, clock } = storeAt(client, tableName);
      const former = await store.acquire('k1', 'h1', clock.now + 1000);
      clock.now += 2000;
      const current = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (former.status !== 'acquired' || current.status !== 'acquired') throw new Error('expected both locks');

      await expect(store.complete(former.lock)).rejects.toMatchObject({ code: 'LOCK_LOST' });

      expect(await store.get('k1')).toMatchObject({ status: 'IN_PROGRESS', owner: current.lock.owner });
    });
  });

  describe('release', () => {
    it('deletes the record so the key can be taken at once', async () => {
      const { store, clock } = storeAt(client, tableName);
      const acquired = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (acquired.status !== 'acquired') throw new Error('expected the lock');

      expect(await store.release(acquired.lock)).toBe(true);

      expect(await store.get('k1')).toBeUndefined();
      expect((await store.acquire('k1', 'h1', clock.now + 30_000)).status).toBe('acquired');
    });

    it('never releases a lock it no longer owns', async () => {
      const { store, clock } = storeAt(client, tableName);
      const former = await store.acquire('k1', 'h1', clock.now + 1000);
      clock.now += 2000;
      const current = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (former.status !== 'acquired' || current.status !== 'acquired') throw new Error('expected both locks');

      expect(await store.release(former.lock)).toBe(false);

      expect(await store.get('k1')).toMatchObject({ status: 'IN_PROGRESS', owner: current.lock.owner });
    });

    it('never releases a completed record', async () => {
      const { store, clock } = storeAt(client, tableName);
      const acquired = await store.acquire('k1', 'h1', clock.now + 30_000);
      if (acquired.status !== 'acquired') throw new Error('expected the lock');
      await store.complete(acquired.lock);

      expect(await store.release(acquired.lock)).toBe(false);
      expect((await store.get('k1'))?.status).toBe('COMPLETED');
    });
  });

  describe('markDeadLettered', () => {
    const reason = { code: 'INVALID_PAYLOAD', message: 'payload.amount must be a positive integer number of cents' };

    it('notes the dead-lettered message with when and why on a key never seen', async () => {
      const { store, clock } = storeAt(client, tableName);

      expect(await store.markDeadLettered('k1', 'h1', reason)).toBe(true);

      expect(await store.get('k1')).toEqual({
        key: 'k1', status: 'DEAD_LETTERED', hash: 'h1', deadLetteredAt: clock.now, reason, expiresAt: Math.floor(clock.now / 1000) + 3600,
      });
    });

    it('keeps the reason short enough for one write unit', async () => {
      const { store } = storeAt(client, tableName);

      await store.markDeadLettered('k1', 'h1', { code: 'X', message: 'y'.repeat(5000) });

      expect((await store.get('k1'))?.reason?.message.length).toBeLessThanOrEqual(300);
    });

    it('leaves a completed record and a live lock as they are', async () => {
      const { store, clock } = storeAt(client, tableName);
      const completed = await store.acquire('done', 'h1', clock.now + 30_000);
      if (completed.status !== 'acquired') throw new Error('expected the lock');
      await store.complete(completed.lock);
      await store.acquire('held', 'h1', clock.now + 30_000);

      expect(await store.markDeadLettered('done', 'h2', reason)).toBe(false);
      expect(await store.markDeadLettered('held', 'h1', reason)).toBe(false);
      expect((await store.get('done'))?.status).toBe('COMPLETED');
      expect((await store.get('held'))?.status).toBe('IN_PROGRESS');
    });

    it('does not hold the key: a redriven copy locks it, or commits it, as if it were absent', async () => {
      const { store, clock } = storeAt(client, tableName);
      await store.markDeadLettered('locked', 'h1', reason);
      await store.markDeadLettered('committed', 'h1', reason);

      const acquired = await store.acquire('locked', 'h1', clock.now + 30_000);
      const committed = await store.commit('committed', 'h1', []);

      expect(acquired.status).toBe('acquired');
      expect(committed.status).toBe('committed');
      expect((await store.get('committed'))?.status).toBe('COMPLETED');
    });
  });

  describe('requests per duplicate', () => {
    /** Counts the commands a store sends through `client`. */
    function counting(inner: DynamoDBClient, returnOldItem: boolean) {
      const sent: string[] = [];
      const client = {
        send: async (command: PutItemCommand | GetItemCommand) => {
          sent.push(command.constructor.name);
          try {
            return await inner.send(command as never);
          } catch (error) {
            // Mock: dynalite ignores ReturnValuesOnConditionCheckFailure. DynamoDB returns the item
            // with the failure; this reads it (uncounted) and attaches it the way DynamoDB does.
            if (returnOldItem && error instanceof ConditionalCheckFailedException && command instanceof PutItemCommand) {
              const { TableName, Item } = command.input;
              error.Item = (await inner.send(new GetItemCommand({ TableName, Key: { id: Item!.id! }, ConsistentRead: true }))).Item;
            }
            throw error;
          }
        },
      } as unknown as DynamoDBClient;
      return { client, sent };
    }

    it('costs one request on DynamoDB, which returns the item with the failure', async () => {
      const { client: wrapped, sent } = counting(client, true);
      const store = new IdempotencyStore({ client: wrapped, tableName, ttlSeconds: 3600 });
      await store.acquire('dup', 'h', Date.now() + 30_000);
      sent.length = 0;

      expect((await store.acquire('dup', 'h', Date.now() + 30_000)).status).toBe('in-progress');
      expect(sent).toEqual(['PutItemCommand']);
    });

    it('costs a put and a consistent read where the item is not returned (dynalite)', async () => {
      const { client: wrapped, sent } = counting(client, false);
      const store = new IdempotencyStore({ client: wrapped, tableName, ttlSeconds: 3600 });
      await store.acquire('dup', 'h', Date.now() + 30_000);
      sent.length = 0;

      expect((await store.acquire('dup', 'h', Date.now() + 30_000)).status).toBe('in-progress');
      expect(sent).toEqual(['PutItemCommand', 'GetItemCommand']);
    });
  });

  describe('concurrency', () => {
    it('gives the lock to exactly one of many simultaneous attempts', async () => {
      const { store, clock } = storeAt(client, tableName);

      const results = await Promise.all(Array.from({ length: 20 }, () => store.acquire('hot', 'h', clock.now + 30_000)));

      expect(results.filter((result) => result.status === 'acquired')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'in-progress')).toHaveLength(19);
    });
  });
});
