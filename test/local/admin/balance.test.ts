import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import { type DashboardSnapshot, messageBalance } from '../../../local/admin/dashboard-snapshot.js';
import type { QueueFigures } from '../../../local/admin/queue-stats.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { createQueues, receiveAll, sqsClient } from '../../support/aws.js';
import { serveRoutes } from './server.js';
import { openSse } from './sse-client.js';

const count = (name: string, value: number) => ({ namespace: 'Conveyor', name, unit: 'Count', dimensions: { service: 'conveyor' }, values: [value] });

/** accepted = processed + duplicates + dead-lettered + queued + what is left (on FIFO: what SQS deduplicated). */
describe('the snapshot balance', () => {
  const sqs = sqsClient();
  afterAll(() => sqs.destroy());

  /** The first snapshot of routes over a source queue (and its DLQ) with these metrics. */
  async function snapshotOf(metrics: MetricsAggregator, queues: { queueUrl: string; deadLetterQueueUrl: string }, fifo: boolean): Promise<DashboardSnapshot> {
    const name = (url: string) => url.split('/').pop() as string;
    const routes = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics, requests: new RequestCounters(), health: () => ({}),
      dashboard: {
        sqs,
        queues: [
          { name: name(queues.queueUrl), url: queues.queueUrl, role: 'source', fifo },
          { name: name(queues.deadLetterQueueUrl), url: queues.deadLetterQueueUrl, role: 'dead-letter', fifo },
        ],
        functions: () => ({}),
        snapshotIntervalMs: 60_000,
      },
    }));
    try {
      const stream = await openSse(`${routes.base}/_conveyor/events`);
      const snapshot = await stream.next<DashboardSnapshot>('snapshot');
      stream.close();
      return snapshot;
    } finally {
      await routes.close();
    }
  }

  it('on a FIFO queue, counts the copies SQS deduplicated as what accepted leaves unaccounted for', async () => {
    const queues = await createQueues(sqs, { fifo: true });
    const metrics = new MetricsAggregator();
    // A client sent one message three times with the same key: the producer accepted each, SQS kept one.
    for (let i = 0; i < 3; i += 1) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: 'credit', MessageGroupId: 'acct-1', MessageDeduplicationId: 'order-9-credit' }));
      metrics.ingest([count('MessagesAccepted', 1)], 'Producer');
    }

    const queued = await snapshotOf(metrics, queues, true);
    const [message] = await receiveAll(sqs, queues.queueUrl, 10);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.queueUrl, ReceiptHandle: message?.ReceiptHandle }));
    metrics.ingest([count('MessagesProcessed', 1)], 'Consumer');
    const processed = await snapshotOf(metrics, queues, true);

    expect(queued.totals.accepted).toBe(3);
    expect(queued.balance).toEqual({ queued: 1, unaccounted: 2, fifo: true });
    expect(processed.balance).toEqual({ queued: 0, unaccounted: 2, fifo: true });
  });

  it('on a standard queue, adds up when every accepted message is processed, skipped, dead-lettered or queued', async () => {
    const queues = await createQueues(sqs);
    const metrics = new MetricsAggregator();
    for (let i = 0; i < 2; i += 1) await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: `m${i}` }));
    metrics.ingest([count('MessagesAccepted', 7), count('MessagesProcessed', 3), count('DuplicatesSkipped', 1), count('MessagesDeadLettered', 1)]);

    const snapshot = await snapshotOf(metrics, queues, false);

    expect(snapshot.balance).toEqual({ queued: 2, unaccounted: 0, fifo: false });
  });

  it('goes below zero when more was processed than accepted since the start (a redrive, a restart)', () => {
    const source: QueueFigures = { name: 'q', role: 'source', visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: null };
    const dlq: QueueFigures = { ...source, name: 'd', role: 'dead-letter', visible: 4 };

    expect(messageBalance({ accepted: 10, processed: 11, duplicates: 0, failed: 3, deadLettered: 1 }, [source, dlq])).toEqual({ queued: 0, unaccounted: -2, fifo: false });
  });
});
