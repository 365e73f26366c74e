import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExecuteDeps, executeOnce, lockExpiry } from '../../../functions/consumer/execute.js';
import type { LockedHandler, TransactionalHandler } from '../../../functions/consumer/handlers/index.js';
import type { LedgerCredit } from '../../../handlers/ledger-credit.js';
import { EXAMPLE_TYPES } from '../../support/types.js';
import { IdempotencyStore } from '../../../functions/consumer/idempotency/index.js';
import { prepareMessage } from '../../../functions/consumer/prepare.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createTables, dynamodbClient, ledgerOf } from '../../support/aws.js';
import { ledgerCredit } from '../../../handlers/ledger-credit.js';
import { ledgerTable } from '../../support/types.js';
import { observability } from '../../support/conveyor.js';
import { envelope, sqsRecord } from '../../support/factories.js';
import type { ExampleHandlers } from '../../support/types.js';

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
  function setup(options: { remainingMs?: number; handler?: LockedHandler<LedgerCredit> } = {}) {
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
      } satisfies ExampleHandlers,
      logger,
      config: { lockGraceMs: 5000, minRemainingMs: 1000 },
      clock: () => clock.now,
      remainingMs: () => options.remainingMs ?? 30_000,
    };
    const body = serializeEnvelope(envelope({ id: 'key-1', payload: { account: 'alice', amount: 5 } }));
    const record = sqsRecord({ body });
    return { deps, handler, store, clock, applied, record, prepared: prepareMessage(record, EXAMPLE_TYPES) };
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

    expect(outcome).toMatchObject({ status: 'retry', error: expect.objectContaining({ code: 'INSUFFICIENT_TIME' }) });
    expect(applied).toEqual([]);
    expect(await store.get('key-1')).toBeUndefined();
  });

  it('reports a key held by another invocation as in progress, with the holder’s expiry', async () => {
    const { deps, store, clock, applied, record, prepared } = setup();
    await store.acquire('key-1', prepared.hash, clock.now + 9000);

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'retry', error: expect.objectContaining({ code: 'IN_PROGRESS' }) });
    expect(outcome).toMatchObject({ error: { retry: { kind: 'in-flight', lockExpiresAt: clock.now + 9000 } } });
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

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: expect.objectContaining({ code: 'PAYLOAD_MISMATCH' }) });
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

describe('executeOnce with a transactional handler', () => {
  let client: DynamoDBClient;
  let tables: Awaited<ReturnType<typeof createTables>>;
  beforeAll(() => {
    client = dynamodbClient();
  });
  beforeEach(async () => {
    tables = await createTables(client);
  });

  function setup(handler: TransactionalHandler<LedgerCredit> = ledgerCredit(ledgerTable(tables.ledgerTableName).ledger!), id = 'key-t') {
    const clock = { now: 1_800_000_000_000 };
    const store = new IdempotencyStore({ client, tableName: tables.idempotencyTableName, ttlSeconds: 3600, clock: () => clock.now });
    const deps: ExecuteDeps = {
      store,
      handlers: { 'ledger.credit': handler },
      logger: observability().logger,
      config: { lockGraceMs: 5000, minRemainingMs: 1000 },
      clock: () => clock.now,
      remainingMs: () => 30_000,
    };
    const record = sqsRecord({ body: serializeEnvelope(envelope({ id, payload: { account: `acct-${id}`, amount: 5 } })) });
    return { deps, store, clock, record, prepared: prepareMessage(record, EXAMPLE_TYPES) };
  }

  it('commits the effect and the completed record together, then treats every copy as a duplicate', async () => {
    const { deps, store, record, prepared } = setup();

    const first = await executeOnce(record, prepared, deps);
    const again = await executeOnce(record, prepared, deps);

    expect(first.status).toBe('processed');
    expect(again.status).toBe('duplicate');
    expect(await store.get('key-t')).toMatchObject({ status: 'COMPLETED' });
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-key-t')).toMatchObject({ balance: 5, credits: 1 });
  });

  it('applies a key exactly once when many copies commit at the same moment', async () => {
    const { deps, record, prepared } = setup(undefined, 'key-race');

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => executeOnce(record, prepared, deps)));

    expect(outcomes.filter((outcome) => outcome.status === 'processed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status !== 'processed').every((outcome) => outcome.status === 'duplicate')).toBe(true);
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-key-race')).toMatchObject({ balance: 5, credits: 1 });
  });

  it('takes over the abandoned lock of a crashed locked invocation once it expired, and applies once', async () => {
    const { deps, store, clock, record, prepared } = setup(undefined, 'key-abandoned');
    await store.acquire('key-abandoned', prepared.hash, clock.now + 10_000);

    const whileLocked = await executeOnce(record, prepared, deps);
    clock.now += 10_001;
    const afterExpiry = await executeOnce(record, prepared, deps);

    expect(whileLocked).toMatchObject({ status: 'retry', error: expect.objectContaining({ code: 'IN_PROGRESS' }) });
    expect(afterExpiry.status).toBe('processed');
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-key-abandoned')).toMatchObject({ credits: 1 });
  });

  it('keeps keys apart by scope: the same key from two API keys is two messages, not a mismatch', async () => {
    const { deps } = setup(undefined, 'unused');
    const from = (scope: string, amount: number) => {
      const record = sqsRecord({ body: serializeEnvelope(envelope({ id: 'shared-key', scope, payload: { account: 'acct-scoped', amount } })) });
      return () => executeOnce(record, prepareMessage(record, EXAMPLE_TYPES), deps);
    };

    const outcomes = [await from('client-a', 5)(), await from('client-b', 7)(), await from('client-a', 5)()];

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['processed', 'processed', 'duplicate']);
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-scoped')).toMatchObject({ balance: 12, credits: 2 });
  });

  it('dead-letters a key reused for another payload, writing nothing', async () => {
    const { deps, record, prepared } = setup(undefined, 'key-m');
    await executeOnce(record, prepared, deps);
    const other = sqsRecord({ body: serializeEnvelope(envelope({ id: 'key-m', payload: { account: 'acct-key-m', amount: 99 } })) });

    const outcome = await executeOnce(other, prepareMessage(other, EXAMPLE_TYPES), deps);

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: expect.objectContaining({ code: 'PAYLOAD_MISMATCH' }) });
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-key-m')).toMatchObject({ balance: 5 });
  });

  it('dead-letters a message whose effect condition fails, and records nothing, so nothing half-happened', async () => {
    const rejecting: TransactionalHandler<LedgerCredit> = {
      kind: 'transactional',
      writes: ({ account }) => [{
        Update: {
          TableName: tables.ledgerTableName,
          Key: { account: { S: account } },
          UpdateExpression: 'ADD balance :minus',
          ConditionExpression: 'balance >= :need',
          ExpressionAttributeValues: { ':minus': { N: '-5' }, ':need': { N: '5' } },
        },
      }],
    };
    const { deps, store, record, prepared } = setup(rejecting, 'key-r');

    const outcome = await executeOnce(record, prepared, deps);

    expect(outcome).toMatchObject({ status: 'dead-lettered', error: expect.objectContaining({ code: 'EFFECT_REJECTED' }) });
    expect(await store.get('key-r')).toBeUndefined();
    expect(await ledgerOf(client, tables.ledgerTableName, 'acct-key-r')).toEqual({ balance: 0, credits: 0 });
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
