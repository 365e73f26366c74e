import { afterAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import type { DashboardHistory } from '../../../local/admin/dashboard-history.js';
import type { DashboardSnapshot } from '../../../local/admin/dashboard-snapshot.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { sqsClient } from '../../support/aws.js';
import { serveRoutes } from './server.js';
import { openSse } from './sse-client.js';

const record = (name: string, unit: string, values: number[], timestamp: number) =>
  ({ namespace: 'Conveyor', name, unit, dimensions: { service: 'conveyor' }, values, timestamp });

/** An aggregator whose clock the test sets: created at `startedAt`, read at `now`. */
function aggregatorStartedAt(startedAt: number, now: number): MetricsAggregator {
  let clock = startedAt;
  const aggregator = new MetricsAggregator({ now: () => clock });
  clock = now;
  return aggregator;
}

/** A page that connects mid-load gets the last 5 minutes of the charted series at once, before the first snapshot. */
describe('GET /_conveyor/events: history on connect', () => {
  const sqs = sqsClient();
  const now = Math.floor(Date.now() / 1000) * 1000;
  afterAll(() => sqs.destroy());

  /** Connects to the events of routes on `metrics`; returns the events' names in order and the history. */
  async function connect(metrics: MetricsAggregator): Promise<{ order: string[]; history: DashboardHistory }> {
    const routes = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics, requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}), snapshotIntervalMs: 60_000 },
    }));
    try {
      const stream = await openSse(`${routes.base}/_conveyor/events`);
      const history = await stream.next<DashboardHistory>('history');
      await stream.next<DashboardSnapshot>('snapshot');
      stream.close();
      return { order: stream.received.map((event) => event.event), history };
    } finally {
      await routes.close();
    }
  }

  it("sends a history of the last 300 s first, with the rates and latency each second's snapshot had", async () => {
    const metrics = aggregatorStartedAt(now - 600_000, now);
    metrics.ingest([record('MessagesAccepted', 'Count', [50], now - 120_000)], 'Producer');
    metrics.ingest([record('MessagesProcessed', 'Count', [10], now - 30_000), record('EndToEndLatency', 'Milliseconds', [40, 40], now - 30_000)], 'Consumer');

    const { order, history } = await connect(metrics);

    expect(order.slice(0, 2)).toEqual(['history', 'snapshot']);
    expect(history.t).toHaveLength(300);
    expect(history.t[0]).toBe(now - 299_000);
    expect(history.t.at(-1)).toBe(now);
    const at = (ms: number) => history.t.indexOf(ms);
    // 50 accepted in one second: 10/s in each of the 5 points whose 5-second window holds it.
    expect(history.rates.accepted.slice(at(now - 121_000), at(now - 114_000))).toEqual([0, 10, 10, 10, 10, 10, 0]);
    expect(history.rates.processed[at(now - 30_000)]).toBe(2);
    expect(history.rates.failed.every((rate) => rate === 0)).toBe(true);
    expect(history.latency.p50[at(now - 30_000)]).toBe(40);
    expect(history.latency.p99[at(now - 26_000)]).toBe(40);
    expect(history.latency.p50[at(now - 25_000)]).toBeNull();
    expect(history.latency.p50[at(now - 31_000)]).toBeNull();
  });

  it('starts the history when the runtime started, if that was less than 5 minutes ago', async () => {
    const metrics = aggregatorStartedAt(now - 20_000, now);

    const { history } = await connect(metrics);

    expect(history.t).toHaveLength(21);
    expect(history.t[0]).toBe(now - 20_000);
    expect(history.rates.accepted).toEqual(Array(21).fill(0));
  });

  it('sends the history again to a client that reconnects, with what happened meanwhile', async () => {
    const metrics = aggregatorStartedAt(now - 600_000, now);
    const first = await connect(metrics);
    metrics.ingest([record('MessagesDeadLettered', 'Count', [5], now)], 'Consumer');

    const second = await connect(metrics);

    expect(first.history.rates.deadLettered.at(-1)).toBe(0);
    expect(second.history.rates.deadLettered.at(-1)).toBe(1);
  });
});
