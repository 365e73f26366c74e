import { randomUUID } from 'node:crypto';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamodb, eventually, runtimeEndpoint, sqs, target, unavailable } from '../support/conveyor-client.js';
import { type FuzzRequest, fuzzRequest, withTag } from './arbitraries.js';

/**
 * Fuzzed ingest: random and adversarial requests against the running API (`CONVEYOR_FUZZ_RUNS`,
 * default 1 500 in `npm test`; `npm run fuzz` sends 10 000). No answer may be a 5xx, every 4xx
 * carries the JSON error body, and nothing from a rejected request reaches the queue or the ledger.
 */
const runs = Number(process.env.CONVEYOR_FUZZ_RUNS ?? 1_500);
const embeddedOnly = unavailable() !== '' || target().runtimeUrl === undefined;

interface Sent { readonly tag: string; readonly status: number; readonly accepted: number }

async function send(request: FuzzRequest): Promise<{ status: number; text: string; json: any } | undefined> {
  const { apiUrl, apiKey } = target();
  const headers: Record<string, string> = { ...request.headers };
  if (request.key === 'valid') headers['x-api-key'] = apiKey;
  if (request.key === 'wrong') headers['x-api-key'] = 'wrong-key-000000000000';
  let response: Response;
  try {
    response = await fetch(`${apiUrl}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined || request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
    });
  } catch (error) {
    // fetch itself refuses some inputs (a header value it cannot encode): nothing was sent.
    if (error instanceof TypeError && !/fetch failed/.test(error.message)) return undefined;
    throw error;
  }
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

async function acceptedTotal(): Promise<number> {
  const { json } = await runtimeEndpoint('metrics');
  return (json.totals as { namespace: string; name: string; sum: number }[])
    .filter((metric) => metric.namespace === 'Conveyor' && metric.name === 'MessagesAccepted')
    .reduce((sum, metric) => sum + metric.sum, 0);
}

describe.skipIf(embeddedOnly)('fuzzed ingest (embedded runtime)', () => {
  const db = dynamodb();
  const queue = sqs();
  afterAll(() => {
    db.destroy();
    queue.destroy();
  });

  it(`answers ${runs} random requests without a 5xx, with JSON errors, and enqueues nothing it rejected`, async () => {
    const runId = `fz${randomUUID().slice(0, 8)}`;
    const acceptedBefore = await acceptedTotal();
    const sent: Sent[] = [];
    const failures: string[] = [];

    // Messages other tests left in flight (a crashed batch waits out the visibility timeout) are not ours to wait for.
    const depth = async () => {
      const { Attributes = {} } = await queue.send(new GetQueueAttributesCommand({ QueueUrl: target().queueUrl, AttributeNames: ['All'] }));
      return {
        waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    };
    const inFlightBefore = (await depth()).inFlight;
    await fc.assert(fc.asyncProperty(fuzzRequest, async (generated) => {
      const tag = `${runId}x${sent.length}`;
      const request = withTag(generated, tag);
      const response = await send(request);
      if (response === undefined) return;
      const { status, json } = response;
      const accepted = status === 202 && json?.messageId ? 1
        : (status === 202 || status === 207) && Array.isArray(json?.results) ? json.results.filter((item: { messageId?: string }) => item.messageId).length
          : 0;
      sent.push({ tag, status, accepted });
      const describe = `${request.method} ${request.path} → ${status} ${response.text.slice(0, 200)}`;
      if (status >= 500) failures.push(`5xx: ${describe}`);
      if (status >= 400 && status < 500 && request.method !== 'HEAD') {
        const ok = typeof json?.error?.code === 'string' && typeof json?.error?.message === 'string';
        if (!ok) failures.push(`4xx without the JSON error body: ${describe}`);
      }
    }), { numRuns: runs, seed: Number(process.env.CONVEYOR_FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true });

    // Everything the API accepted is processed; then compare the books.
    const acceptedByApi = sent.reduce((sum, entry) => sum + entry.accepted, 0);
    await eventually(async () => {
      const { waiting, inFlight } = await depth();
      return waiting === 0 && inFlight <= inFlightBefore ? true : undefined;
    }, 'the queue to drain', 60_000);
    const rejectedTags = new Set(sent.filter((entry) => entry.status >= 400).map((entry) => entry.tag));
    const ledgerTags = new Set<string>();
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: target().ledgerTableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) if (item.account?.S?.startsWith(runId)) ledgerTags.add(item.account.S);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);

    const byStatus: Record<number, number> = {};
    for (const entry of sent) byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
    console.log(`fuzz ${runId}: ${sent.length} requests, ${acceptedByApi} messages accepted; answers by status ${JSON.stringify(byStatus)}`);
    expect(failures).toEqual([]);
    expect(sent.length).toBeGreaterThan(runs * 0.9);
    expect([...ledgerTags].filter((tag) => rejectedTags.has(tag))).toEqual([]);
    expect((await acceptedTotal()) - acceptedBefore).toBe(acceptedByApi);
    expect(sent.some((entry) => entry.status === 202)).toBe(true);
    expect(sent.some((entry) => entry.status >= 400 && entry.status < 500)).toBe(true);
  }, 15 * 60_000);
});
