import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { call, serveRoutes } from './server.js';

const routesFor = (files?: { assetsDir: string }) =>
  createAdminRoutes({
    faults: new FaultStore(),
    metrics: new MetricsAggregator(),
    requests: new RequestCounters(),
    health: () => ({}),
    ...(files ? { dashboard: { sqs: undefined as never, queues: [], functions: () => ({}), files } } : {}),
  });

describe('the dashboard page and its assets', () => {
  const root = mkdtempSync(join(tmpdir(), 'conveyor-dashboard-'));
  const assetsDir = join(root, 'assets');
  let server: Awaited<ReturnType<typeof serveRoutes>>;

  beforeAll(async () => {
    mkdirSync(join(assetsDir, 'nested'), { recursive: true });
    writeFileSync(join(assetsDir, 'index.html'), '<!doctype html><title>test page</title>');
    writeFileSync(join(assetsDir, 'dashboard.js'), 'console.log(1);');
    writeFileSync(join(assetsDir, 'dashboard.css'), 'body{}');
    writeFileSync(join(assetsDir, 'notes.sh'), 'echo no');
    writeFileSync(join(assetsDir, 'nested', 'inner.js'), '1');
    writeFileSync(join(root, 'secret.js'), 'TOP-SECRET-CONTENT');
    server = await serveRoutes(routesFor({ assetsDir }));
  });
  afterAll(() => server.close());

  it('serves index.html at /_conveyor/, and redirects /_conveyor there', async () => {
    const page = await call(`${server.base}/_conveyor/`);
    const bare = await call(`${server.base}/_conveyor`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.text).toContain('test page');
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/_conveyor/');
  });

  it('serves the folder files with their content type, and uPlot from its package', async () => {
    const js = await call(`${server.base}/_conveyor/assets/dashboard.js`);
    const css = await call(`${server.base}/_conveyor/assets/dashboard.css`);
    const uplot = await call(`${server.base}/_conveyor/assets/uplot.iife.min.js`);
    const uplotCss = await call(`${server.base}/_conveyor/assets/uPlot.min.css`);

    expect([js.status, js.headers.get('content-type'), js.text]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1);']);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect([uplot.status, uplot.headers.get('content-type'), uplot.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=86400']);
    expect(uplot.text).toContain('uPlot');
    expect([uplotCss.status, uplotCss.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('answers 304 to a matching ETag and HEAD without a body', async () => {
    const first = await call(`${server.base}/_conveyor/assets/dashboard.js`);
    const etag = first.headers.get('etag') as string;

    const again = await call(`${server.base}/_conveyor/assets/dashboard.js`, { headers: { 'if-none-match': etag } });
    const head = await call(`${server.base}/_conveyor/assets/dashboard.js`, { method: 'HEAD' });

    expect(etag).toMatch(/^W\/"/);
    expect(again.status).toBe(304);
    expect([head.status, head.text, head.headers.get('content-length')]).toEqual([200, '', '15']);
  });

  it.each([
    ['a path out of the folder', '/_conveyor/assets/..%2Fsecret.js'],
    ['a dotted path out of the folder', '/_conveyor/assets/%2e%2e/secret.js'],
    ['a file in a subfolder', '/_conveyor/assets/nested%2Finner.js'],
    ['a file with an extension not served', '/_conveyor/assets/notes.sh'],
    ['a file that does not exist', '/_conveyor/assets/missing.js'],
    ['bad URL encoding', '/_conveyor/assets/%E0%A4%A'],
  ])('answers 404 for %s', async (_, path) => {
    const response = await call(`${server.base}${path}`);

    expect(response.status).toBe(404);
    expect(response.text).not.toContain('TOP-SECRET-CONTENT');
  });

  it('answers 405 to a POST', async () => {
    expect((await call(`${server.base}/_conveyor/`, { method: 'POST' })).status).toBe(405);
  });

  it('serves a placeholder page when index.html is missing', async () => {
    const empty = await serveRoutes(routesFor({ assetsDir: mkdtempSync(join(tmpdir(), 'conveyor-empty-')) }));

    const page = await call(`${empty.base}/_conveyor/`);
    await empty.close();

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('/_conveyor/health');
  });

  it("serves the repository's own page by default", async () => {
    const own = await serveRoutes(routesFor());

    const page = await call(`${own.base}/_conveyor/`);
    await own.close();

    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
  });
});
