import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, eventually, ledger, ledgerWith, newAccount, runtimeEndpoint, target, unavailable } from './support/conveyor-client.js';

const embeddedOnly = unavailable() !== '' || target().runtimeUrl === undefined;

describe.skipIf(embeddedOnly)('faults injected through /_conveyor/faults (embedded runtime only)', () => {
  const db = dynamodb();
  afterEach(async () => {
    await runtimeEndpoint('faults', { method: 'DELETE' });
  });
  afterAll(() => db.destroy());

  it('rejects an invalid rule with a 400 JSON error and keeps the rules it had', async () => {
    const response = await runtimeEndpoint('faults', { method: 'POST', body: [{ service: 'dynamodb', probability: 7 }] });

    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/probability/) });
    expect((await runtimeEndpoint('faults')).json).toEqual({ rules: [] });
  });

  it('retries a transient DynamoDB fault of the consumer to success, applied once', async () => {
    const before = await injectedCount('TransactWriteItems');
    const rule = { service: 'dynamodb', operation: 'TransactWriteItems', function: 'Consumer', probability: 1, times: 2, error: { code: 'ProvisionedThroughputExceededException', statusCode: 400 } };
    expect((await runtimeEndpoint('faults', { method: 'POST', body: [rule] })).status).toBe(200);
    const account = newAccount();

    await api('messages', { body: credit(account, 42) });

    expect(await ledgerWith(db, account, 1)).toEqual({ balance: 42, credits: 1 });
    expect(await injectedCount('TransactWriteItems')).toBe(before + 2);
  });

  it('crashes a consumer instance mid-invocation: nothing is applied, and the next batch gets a fresh instance', async () => {
    const crashesBefore = await consumerCrashes();
    const rule = { service: 'lambda', function: 'Consumer', probability: 1, times: 1, crash: { afterMs: 0 } };
    expect((await runtimeEndpoint('faults', { method: 'POST', body: [rule] })).status).toBe(200);
    const crashed = newAccount();
    const next = newAccount();

    await api('messages', { body: credit(crashed, 5) });
    await eventually(async () => ((await consumerCrashes()) > crashesBefore ? true : undefined), 'the injected crash');
    await api('messages', { body: credit(next, 6) });

    expect(await ledgerWith(db, next, 1)).toEqual({ balance: 6, credits: 1 });
    expect(await ledger(db, crashed)).toBeUndefined();
  });

  async function injectedCount(operation: string): Promise<number> {
    const { json } = await runtimeEndpoint('requests');
    return Object.values((json.dynamodb?.[operation] ?? {}) as Record<string, { injected: number }>).reduce((sum, entry) => sum + entry.injected, 0);
  }

  async function consumerCrashes(): Promise<number> {
    const { json } = await runtimeEndpoint('health');
    return json.functions.Consumer.crashes as number;
  }
});
