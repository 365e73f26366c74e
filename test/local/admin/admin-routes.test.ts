import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';

describe('admin routes', () => {
  const faults = new FaultStore();
  const metrics = new MetricsAggregator();
  const requests = new RequestCounters();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const routes = createAdminRoutes({ faults, metrics, requests, health: () => ({ status: 'ok' }) });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (!routes(req, res, Buffer.concat(chunks))) res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
  };

  it('leaves every path outside /_conveyor to the API', async () => {
    expect((await call('/prod/messages')).status).toBe(418);
    expect((await call('/_conveyorx')).status).toBe(418);
  });

  it('sets, lists and clears fault rules', async () => {
    const rule = { service: 'sqs', latencyMs: 5 };

    expect((await call('/_conveyor/faults', { method: 'POST', body: JSON.stringify(rule) })).status).toBe(200);
    expect((await call('/_conveyor/faults')).json).toEqual({ rules: [rule] });
    faults.forAwsCall({ service: 'sqs', operation: 'SendMessage' });
    expect((await call('/_conveyor/faults/stats')).json).toEqual({ stats: [{ rule, matched: 1, fired: 1 }] });
    expect(faults.list()).toEqual([rule]);
    expect((await call('/_conveyor/faults', { method: 'DELETE' })).status).toBe(200);
    expect(faults.list()).toEqual([]);
  });

  it('serves the aggregated metrics and their totals, and rejects a bad window', async () => {
    metrics.recordValue('Conveyor', 'MessagesProcessed', 'Count', 3);

    const ok = await call('/_conveyor/metrics?window=30');
    const bad = await call('/_conveyor/metrics?window=abc');

    expect(ok.json.totals).toEqual([expect.objectContaining({ name: 'MessagesProcessed', sum: 3 })]);
    expect(ok.json.metrics).toEqual([expect.objectContaining({ name: 'MessagesProcessed', sum: 3 })]);
    expect(bad).toEqual({ status: 400, json: { error: { code: 'INVALID_WINDOW', message: expect.stringMatching(/window/) } } });
  });

  it('serves the request counters and resets them on DELETE', async () => {
    requests.entry('dynamodb', 'PutItem', 'Consumer').requests += 2;

    expect((await call('/_conveyor/requests')).json).toEqual({ dynamodb: { PutItem: { Consumer: expect.objectContaining({ requests: 2 }) } } });
    expect((await call('/_conveyor/requests', { method: 'DELETE' })).status).toBe(204);
    expect((await call('/_conveyor/requests')).json).toEqual({});
  });

  it('answers health, an unknown endpoint with 404 and a wrong method with 405, always as JSON errors', async () => {
    expect(await call('/_conveyor/health')).toEqual({ status: 200, json: { status: 'ok' } });
    expect(await call('/_conveyor/nope')).toEqual({ status: 404, json: { error: { code: 'NOT_FOUND', message: expect.any(String) } } });
    expect(await call('/_conveyor/metrics', { method: 'POST' })).toEqual({ status: 405, json: { error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String) } } });
  });
});
