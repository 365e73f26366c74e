import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_DIMENSION } from '../../contract/index.js';
import { api, credit, dynamodb, eventually, ledgerWith, newAccount, runtimeEndpoint, target, unavailable } from './support/conveyor-client.js';

const embeddedOnly = unavailable() !== '' || target().runtimeUrl === undefined;

/** Totals the runtime aggregated from the functions' EMF output, by metric name. */
async function totals(): Promise<Record<string, { count: number; sum: number }>> {
  const { json } = await runtimeEndpoint('metrics');
  const byName: Record<string, { count: number; sum: number }> = {};
  for (const metric of json.totals as { namespace: string; name: string; count: number; sum: number; dimensions: Record<string, string> }[]) {
    // A consumer publishes each value under {service} and {service, queue}: count the first set only.
    if (metric.namespace !== 'Conveyor' || metric.dimensions[QUEUE_DIMENSION] !== undefined) continue;
    const entry = (byName[metric.name] ??= { count: 0, sum: 0 });
    entry.count += metric.count;
    entry.sum += metric.sum;
  }
  return byName;
}

const delta = (after: Record<string, { count: number; sum: number }>, before: Record<string, { count: number; sum: number }>, name: string) =>
  ({ count: (after[name]?.count ?? 0) - (before[name]?.count ?? 0), sum: (after[name]?.sum ?? 0) - (before[name]?.sum ?? 0) });

describe.skipIf(embeddedOnly)('metrics the runtime aggregated (embedded runtime only)', () => {
  const db = dynamodb();
  afterAll(() => db.destroy());

  it('match what was sent: accepted, processed and one latency sample per message', async () => {
    const before = await totals();
    const singles = [newAccount(), newAccount(), newAccount()];
    const batched = [newAccount(), newAccount()];

    for (const account of singles) await api('messages', { body: credit(account, 1) });
    await api('messages/batch', { body: { messages: batched.map((account) => credit(account, 2)) } });
    await Promise.all([...singles, ...batched].map((account) => ledgerWith(db, account, 1)));
    const after = await eventually(async () => {
      const now = await totals();
      return delta(now, before, 'MessagesProcessed').sum >= 5 && delta(now, before, 'EndToEndLatency').count >= 5 ? now : undefined;
    }, 'the consumer metrics');

    expect(delta(after, before, 'MessagesAccepted').sum).toBe(5);
    expect(delta(after, before, 'MessagesProcessed').sum).toBe(5);
    expect(delta(after, before, 'EndToEndLatency').count).toBe(5);
    expect(delta(after, before, 'MessagesRejected').sum).toBe(0);
  });

  it('rejects a malformed window with a 400 JSON error', async () => {
    const response = await runtimeEndpoint('metrics?window=-1');

    expect(response.status).toBe(400);
    expect(response.json.error.code).toEqual(expect.any(String));
  });
});
