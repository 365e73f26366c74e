import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConveyorApi } from '../../ops/api-client.js';
import { runLoad } from '../../ops/load.js';
import { LoadPlan } from '../../ops/load-plan.js';

const read = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** A stand-in for the API: refuses keys ending in 7 (429 on the single route, a failed item in a batch). */
describe('runLoad', () => {
  let server: Server;
  let api: ConveyorApi;
  const seen: { route: string; key?: string | undefined; keys?: string[] }[] = [];
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = JSON.parse(await read(req)) as { messages?: { idempotencyKey: string }[] };
      const reply = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (req.headers['x-api-key'] !== 'key') return reply(403, { error: { code: 'FORBIDDEN', message: 'no' } });
      if (req.url === '/prod/messages') {
        const key = req.headers['idempotency-key'] as string | undefined;
        seen.push({ route: 'single', key });
        if (key?.endsWith('7')) return reply(429, { error: { code: 'THROTTLED', message: 'slow down' } });
        return reply(202, { id: key, messageId: 'm' });
      }
      const keys = (body.messages ?? []).map((message) => message.idempotencyKey);
      seen.push({ route: 'batch', keys });
      const results = keys.map((id) => (id.endsWith('7') ? { id, error: { code: 'QUEUE_UNAVAILABLE', message: 'x' } } : { id, messageId: 'm' }));
      const failed = results.filter((item) => 'error' in item).length;
      return reply(failed ? 207 : 202, { accepted: keys.length - failed, failed, results });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new ConveyorApi({ apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/`, apiKey: 'key' });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts accepted messages, errors by status and code, and unique accepted keys (single route)', async () => {
    seen.length = 0;
    const plan = new LoadPlan({ count: 40, runId: 'single', duplicateRatio: 0.25, random: () => 0 });

    const summary = await runLoad({ api, plan, ratePerSecond: 2000, concurrency: 4 });

    const keys = seen.map((request) => request.key as string);
    const refused = keys.filter((key) => key.endsWith('7')).length;
    expect(seen).toHaveLength(40);
    expect(summary.messages).toEqual({
      planned: 40, sent: 40, accepted: 40 - refused, failed: refused, duplicates: 10,
      uniqueAccepted: new Set(keys.filter((key) => !key.endsWith('7'))).size,
    });
    expect(summary.errors).toEqual(refused > 0 ? { '429 THROTTLED': refused } : {});
    expect(summary.requests).toEqual({ sent: 40, succeeded: 40 - refused, failed: refused });
    expect(summary.latencyMs?.requests).toBe(40);
    expect(summary.latencyMs!.p50).toBeGreaterThan(0);
    expect(summary.latencyMs!.p99).toBeGreaterThanOrEqual(summary.latencyMs!.p50);
    expect(summary.interrupted).toBe(false);
  });

  it('sends batches and counts a 207\'s failed items only', async () => {
    seen.length = 0;
    const plan = new LoadPlan({ count: 25, runId: 'batch' });

    const summary = await runLoad({ api, plan, ratePerSecond: 5000, batchSize: 10 });

    expect(seen.map((request) => request.keys?.length)).toEqual([10, 10, 5]);
    expect(summary.messages.accepted).toBe(23); // keys batch-7 and batch-17 are refused
    expect(summary.errors).toEqual({ '207 QUEUE_UNAVAILABLE': 2 });
    expect(summary.requests).toEqual({ sent: 3, succeeded: 3, failed: 0 });
  });

  it('counts requests that get no answer as 0 NETWORK', async () => {
    const dead = new ConveyorApi({ apiUrl: 'http://127.0.0.1:1/prod/', apiKey: 'key', timeoutMs: 2000 });

    const summary = await runLoad({ api: dead, plan: new LoadPlan({ count: 3, runId: 'dead' }), ratePerSecond: 1000 });

    expect(summary.messages.accepted).toBe(0);
    expect(summary.errors).toEqual({ '0 NETWORK': 3 });
    expect(summary.latencyMs).toBeNull();
  });

  it('keeps to the rate: 10 messages at 20 msg/s take about half a second', async () => {
    const summary = await runLoad({ api, plan: new LoadPlan({ count: 10, runId: 'paced' }), ratePerSecond: 20 });

    expect(summary.seconds).toBeGreaterThanOrEqual(0.44);
  });

  it('stops sending when aborted and reports the run as interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);

    const summary = await runLoad({ api, plan: new LoadPlan({ count: 1000, runId: 'stop' }), ratePerSecond: 20, signal: controller.signal });

    expect(summary.interrupted).toBe(true);
    expect(summary.messages.sent).toBeLessThan(1000);
    expect(summary.messages.sent).toBeGreaterThan(0);
  });
});
