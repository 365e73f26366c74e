import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import type { DashboardSnapshot } from '../../../local/admin/dashboard-snapshot.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import type { ReloadReport } from '../../../local/reload/reload-report.js';
import { createQueues, sqsClient } from '../../support/aws.js';
import { serveRoutes } from './server.js';
import { openSse } from './sse-client.js';

/** A reload report as the runtime emits it. */
const reloadReport = (overrides: Partial<ReloadReport> = {}): ReloadReport => ({
  at: Date.now(), outcome: 'applied', durationMs: 1200, trigger: ['conveyor.config.ts'], synthesized: true,
  summary: 'code of Producer; new queue payments (payments.charge); new type payments.charge', ...overrides,
});

/** `reload` events of `/_conveyor/events` (npm start --watch), and the queue list that follows a reload. */
describe('GET /_conveyor/events after a reload', () => {
  const sqs = sqsClient();
  const reloads = new EventEmitter<{ reload: [ReloadReport] }>();
  let last: ReloadReport | undefined;
  let queues: { name: string; url: string; role: 'source' | 'dead-letter' }[] = [];
  let server: Awaited<ReturnType<typeof serveRoutes>>;

  beforeAll(async () => {
    const { queueUrl } = await createQueues(sqs);
    queues = [{ name: queueUrl.split('/').pop() as string, url: queueUrl, role: 'source' }];
    const routes = createAdminRoutes({
      faults: new FaultStore(),
      metrics: new MetricsAggregator(),
      requests: new RequestCounters(),
      health: () => ({}),
      dashboard: {
        sqs,
        queues: () => queues,
        functions: () => ({}),
        reloads: {
          last: () => last,
          subscribe: (listener) => {
            reloads.on('reload', listener);
            return () => reloads.off('reload', listener);
          },
        },
        snapshotIntervalMs: 200,
      },
    });
    server = await serveRoutes(routes);
  });
  afterAll(async () => {
    await server.close();
    sqs.destroy();
  });

  it('sends each reload to the connected clients as it happens', async () => {
    const stream = await openSse(`${server.base}/_conveyor/events`);
    await stream.next('snapshot');
    const report = reloadReport();

    last = report;
    reloads.emit('reload', report);
    const received = await stream.next<ReloadReport>('reload');
    stream.close();

    expect(received).toEqual(report);
  });

  it('sends the last reload at once to a client that connects later, before the first snapshot', async () => {
    last = reloadReport({ outcome: 'blocked', summary: 'settings of queue ledger', notApplied: ['queue orders changes from standard to FIFO'] });

    const stream = await openSse(`${server.base}/_conveyor/events`);
    const received = await stream.next<ReloadReport>('reload');
    await stream.next('snapshot');
    stream.close();

    expect(received).toEqual(last);
    expect(stream.received.findIndex((event) => event.event === 'reload')).toBeLessThan(stream.received.findIndex((event) => event.event === 'snapshot'));
  });

  it('shows a queue a reload added in the next snapshots', async () => {
    const { queueUrl } = await createQueues(sqs);
    const stream = await openSse(`${server.base}/_conveyor/events`);
    await stream.next('snapshot');

    queues = [...queues, { name: queueUrl.split('/').pop() as string, url: queueUrl, role: 'source' }];
    const snapshot = await stream.next<DashboardSnapshot>('snapshot', (candidate) => candidate.queues.length === 2);
    stream.close();

    expect(snapshot.queues.map((queue) => queue.name)).toEqual(queues.map((queue) => queue.name));
  });
});
