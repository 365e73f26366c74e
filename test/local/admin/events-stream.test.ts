import { EventEmitter } from 'node:events';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import type { DashboardSnapshot } from '../../../local/admin/dashboard-snapshot.js';
import type { LogEvent } from '../../../local/admin/events-stream.js';
import { fauxqsOldestMessage } from '../../../local/admin/queue-stats.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import type { FunctionHostStats } from '../../../local/lambda/options.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { createQueues, sqsClient } from '../../support/aws.js';
import { call, serveRoutes } from './server.js';
import { openSse } from './sse-client.js';

const stats = (overrides: Partial<FunctionHostStats> = {}): FunctionHostStats => ({
  instances: 2, busy: 1, queued: 0, invocations: 10, coldStarts: 2, errors: 1, timeouts: 1, crashes: 1, billedMs: 0, memoryMb: 256, ...overrides,
});

/** An EMF line as Powertools prints it. */
const emf = (name: string, unit: string, value: number | number[]) =>
  JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Conveyor', Dimensions: [['service']], Metrics: [{ Name: name, Unit: unit }] }] }, service: 'conveyor', [name]: value });

describe('GET /_conveyor/events', () => {
  const sqs = sqsClient();
  const metrics = new MetricsAggregator();
  const lines = new EventEmitter<{ line: [string, string] }>();
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  let server: Awaited<ReturnType<typeof serveRoutes>>;

  beforeAll(async () => {
    ({ queueUrl, deadLetterQueueUrl } = await createQueues(sqs));
    const name = (url: string) => url.split('/').pop() as string;
    const routes = createAdminRoutes({
      faults: new FaultStore(),
      metrics,
      requests: new RequestCounters(),
      health: () => ({}),
      dashboard: {
        sqs,
        queues: [{ name: name(queueUrl), url: queueUrl, role: 'source' }, { name: name(deadLetterQueueUrl), url: deadLetterQueueUrl, role: 'dead-letter' }],
        deadLetters: { ledger: { queueUrl: deadLetterQueueUrl, sourceQueueUrl: queueUrl } },
        functions: () => ({ Consumer: stats(), Producer: stats({ busy: 0, errors: 0, timeouts: 0, crashes: 0 }) }),
        logs: (listener) => {
          lines.on('line', listener);
          return () => lines.off('line', listener);
        },
        logGroups: { Consumer: '/aws/Conveyor/ConsumerLogGroup' },
        oldestMessage: fauxqsOldestMessage(inject('sqsEndpoint')),
        snapshotIntervalMs: 200,
      },
    });
    server = await serveRoutes(routes);
  });
  afterAll(async () => {
    await server.close();
    sqs.destroy();
  });

  it('sends a snapshot at once, then one per interval, with rates, latency, queues, functions and totals', async () => {
    const sentAt = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'waiting' }));
    const values: [string, string, number[]][] = [['MessagesAccepted', 'Count', [10]], ['MessagesProcessed', 'Count', [5]], ['DuplicatesSkipped', 'Count', [1]], ['EndToEndLatency', 'Milliseconds', [20, 40, 60]]];
    for (const [name, unit, recorded] of values) {
      metrics.ingest([{ namespace: 'Conveyor', name, unit, dimensions: { service: 'conveyor' }, values: recorded }], 'Consumer');
    }
    const began = Date.now();

    const stream = await openSse(`${server.base}/_conveyor/events`);
    const first = await stream.next<DashboardSnapshot>('snapshot');
    const second = await stream.next<DashboardSnapshot>('snapshot');
    const secondsSinceSent = (Date.now() - sentAt) / 1000;
    stream.close();

    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(first.at).toBeGreaterThanOrEqual(began);
    expect(second.at).toBeGreaterThan(first.at);
    expect(Object.keys(first).sort()).toEqual(['at', 'balance', 'functions', 'latency', 'queues', 'rates', 'totals']);
    expect(first.rates.accepted).toBeGreaterThan(0);
    expect(first.rates.processed).toBeGreaterThan(0);
    expect(first.rates.failed).toBe(0);
    expect(first.totals).toEqual({ accepted: 10, processed: 5, failed: 0, duplicates: 1, deadLettered: 0 });
    expect(first.latency).toEqual({ p50: 40, p90: 60, p99: 60 });
    expect(first.functions).toEqual({
      Consumer: { busy: 1, instances: 2, queued: 0, invocations: 10, errors: 3 },
      Producer: { busy: 0, instances: 2, queued: 0, invocations: 10, errors: 0 },
    });
    const [source, dlq] = first.queues;
    expect(source).toMatchObject({ role: 'source', visible: 1, inFlight: 0, delayed: 0 });
    expect(source?.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    // Counted from the send: never more than the time since (plus its rounding to 0.1 s).
    expect(source?.oldestAgeSeconds).toBeLessThanOrEqual(secondsSinceSent + 0.05);
    expect(dlq).toEqual({ name: deadLetterQueueUrl.split('/').pop(), role: 'dead-letter', fifo: false, visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: null });
  });

  it('sends a log event per function line, with its log group when known, level and message of JSON lines, and none for EMF lines', async () => {
    const stream = await openSse(`${server.base}/_conveyor/events`);
    await stream.next('snapshot');

    lines.emit('line', 'Consumer', emf('MessagesProcessed', 'Count', 1));
    lines.emit('line', 'Consumer', JSON.stringify({ level: 'ERROR', message: 'handler failed', key: 'k-1' }));
    lines.emit('line', 'Producer', 'plain text line');
    const structured = await stream.next<LogEvent>('log');
    const plain = await stream.next<LogEvent>('log');
    stream.close();

    expect(structured).toEqual({ at: expect.any(Number), function: 'Consumer', logGroup: '/aws/Conveyor/ConsumerLogGroup', level: 'ERROR', message: 'handler failed', line: expect.stringContaining('"k-1"') });
    expect(plain).toEqual({ at: expect.any(Number), function: 'Producer', line: 'plain text line' });
    expect(stream.received.filter((event) => event.event === 'log')).toHaveLength(2);
  });

  it('stops listening to logs when the last client leaves', async () => {
    const stream = await openSse(`${server.base}/_conveyor/events`);
    await stream.next('snapshot');
    expect(lines.listenerCount('line')).toBe(1);

    stream.close();
    const deadline = Date.now() + 5_000;
    while (lines.listenerCount('line') > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(lines.listenerCount('line')).toBe(0);
  });

  it('answers another method with 405', async () => {
    expect((await call(`${server.base}/_conveyor/events`, { method: 'POST' })).status).toBe(405);
  });

  it('ends every stream on close, and refuses new ones after', async () => {
    const routes = createAdminRoutes({
      faults: new FaultStore(), metrics, requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}) },
    });
    const own = await serveRoutes(routes);
    const stream = await openSse(`${own.base}/_conveyor/events`);
    await stream.next('snapshot');

    routes.close();
    await stream.ended;
    const after = await call(`${own.base}/_conveyor/events`);
    await own.close();

    expect(after.status).toBe(503);
    expect(after.json).toEqual({ error: { code: 'STOPPING', message: expect.any(String) } });
  });
});
