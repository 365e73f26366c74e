import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InProgressError, InsufficientTimeError, PayloadMismatchError } from '../../../functions/consumer/errors.js';
import { type ExecuteDeps, executeOnce, lockExpiry } from '../../../functions/consumer/execute.js';
import type { HandlerRegistry } from '../../../functions/consumer/handlers/index.js';
import { IdempotencyStore } from '../../../functions/consumer/idempotency/index.js';
import { prepareMessage } from '../../../functions/consumer/prepare.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createTables, dynamodbClient } from '../../support/aws.js';
import { observability } from '../../support/conveyor.js';
import { envelope, sqsRecord } from '../../support/factories.js';

describe('executeOnce', () => {
  let client: DynamoDBClient;
  let tableName: string;
  beforeAll(() => {
    client = dynamodbClient();
  });
  beforeEach(async () => {
    tableName = (await createTables(client)).idempotencyTableName;
  });

  /** Deps with a movable clock shared by the store and the executor. */
  function setup(options: { remainingMs?: number; handler?: HandlerRegistry['ledger.credit'] } = {}) {
    const handler = { current: options.handler };
    const clock = { now: 1_800_000_000_000 };
    const store = new IdempotencyStore({ client, tableName, ttlSeconds: 3600, clock: () => clock.now });
    const applied: string[] = [];
    const { logger } = observability();
    const deps: ExecuteDeps = {
      store,
      handlers: {
        'ledger.credit': async (payload, context) => {
          if (handler.current) return handler.current(payload, context);
          applied.push(payload.account);
        },
      },
      logger,
      config: { lockGraceMs: 5000, minRemainingMs: 1000 },
      clock: () => clock.now,
      remainingMs: () => options.remainingMs ?? 30_000,
    };
    const body = serializeEnvelope(envelope({ id: 'key-1', payload: { account: 'alice', amount: 5 } }));
    const record = sqsRecord({ body });
    return { deps, handler, store, clock, applied, record, prepared: prepareMessage(record) };
  }

  it('locks until the end of the invocation plus the grace, then completes', async () => {
    const { deps, handler, store, clock, applied, record, prepared } = setup({ remainingMs: 12_000 });
    let lockDuringEffect: number | undefined;
    handler.current = async () => {
      lockDuringEffect = (await store.get('key-1'))?.lockExpiresAt;
      applied.push('alice');
    };

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome.status).toBe('processed');
    expect(lockDuringEffect).toBe(clock.now + 12_000 + 5000);
    expect((await store.get('key-1'))?.status).toBe('COMPLETED');
  });

  it('does not start, nor take a lock, with less than minRemainingMs left', async () => {
    const { deps, store, applied, record, prepared } = setup({ remainingMs: 999 });

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'retry', error: expect.any(InsufficientTimeError) });
    expect(applied).toEqual([]);
    expect(await store.get('key-1')).toBeUndefined();
  });

  it('reports a key held by another invocation as in progress, with the holder’s expiry', async () => {
    const { deps, store, clock, applied, record, prepared } = setup();
    await store.acquire('key-1', prepared.hash, clock.now + 9000);

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'retry', error: expect.any(InProgressError) });
    expect(outcome).toMatchObject({ error: { lockExpiresAt: clock.now + 9000 } });
    expect(applied).toEqual([]);
  });

  it('processes the key of a crashed holder once its lock has expired', async () => {
    const { deps, store, clock, applied, record, prepared } = setup();
    await store.acquire('key-1', prepared.hash, clock.now + 9000);

    clock.now += 9001;
    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome.status).toBe('processed');
    expect(applied).toEqual(['alice']);
  });

  it('dead-letters a key reused with a different payload', async () => {
    const { deps, store, clock, record, prepared } = setup();
    await store.acquire('key-1', 'another-hash', clock.now + 9000);

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: expect.any(PayloadMismatchError) });
  });

  it('when its lock was lost mid-effect, neither completes nor frees the new holder’s lock', async () => {
    const { deps, handler, store, clock, record, prepared } = setup({ remainingMs: 2000 });
    let takeover: Awaited<ReturnType<IdempotencyStore['acquire']>> | undefined;
    handler.current = async () => {
      // The effect outlives the lock; meanwhile another invocation takes the key over.
      clock.now += 2000 + 5000 + 1;
      takeover = await store.acquire('key-1', prepared.hash, clock.now + 30_000);
    };

    const outcome = await executeOnce(record, prepared, deps);

    // The effect ran, so retrying would apply it again: the message counts as processed.
    expect(outcome.status).toBe('processed');
    expect(takeover?.status).toBe('acquired');
    const owner = takeover?.status === 'acquired' ? takeover.lock.owner : undefined;
    expect(await store.get('key-1')).toMatchObject({ status: 'IN_PROGRESS', owner });
  });

  it('releases the lock when the effect fails, so the retry need not wait for it', async () => {
    const { deps, store, record, prepared } = setup({
      handler: async () => {
        throw new Error('ledger unavailable');
      },
    });

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'retry', error: expect.objectContaining({ message: 'ledger unavailable' }) });
    expect(await store.get('key-1')).toBeUndefined();
  });
});

describe('lockExpiry', () => {
  it('is now + remaining time + grace', () => {
    expect(lockExpiry(1000, 30_000, 5000)).toBe(36_000);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('is still set (now + grace) when the remaining time reads %s', (remaining) => {
    expect(lockExpiry(1000, remaining, 5000)).toBe(6000);
  });
});
