import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStats } from '../../ops/stats.js';
import { createQueues, type Queues, sqsClient } from '../support/aws.js';

const nameOf = (url: string): string => url.split('/').pop() as string;

describe('localStats', () => {
  const sqs = sqsClient();
  let ledger: Queues;
  let orders: Queues;
  let server: Server;
  let runtimeUrl: string;

  beforeAll(async () => {
    [ledger, orders] = await Promise.all([createQueues(sqs), createQueues(sqs)]);
    // A runtime with no metrics yet, whose snapshot shows both queues and their DLQs, each with its own oldest age.
    const snapshot = {
      queues: [
        { name: nameOf(ledger.queueUrl), role: 'source', oldestAgeSeconds: 1 },
        { name: nameOf(ledger.deadLetterQueueUrl), role: 'dead-letter', oldestAgeSeconds: 2 },
        { name: nameOf(orders.queueUrl), role: 'source', oldestAgeSeconds: 3 },
        { name: nameOf(orders.deadLetterQueueUrl), role: 'dead-letter', oldestAgeSeconds: 4 },
      ],
    };
    server = createServer((req, res) => {
      if (req.url?.startsWith('/_conveyor/metrics')) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ windowSeconds: 60, metrics: [], totals: [] }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    runtimeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sqs.destroy();
  });

  it('reports on the queue it is given and its DLQ, among several, by name', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: orders.queueUrl, MessageBody: 'waiting' }));

    const report = await localStats({ runtimeUrl, sqs, queue: 'orders', queueUrl: orders.queueUrl, deadLetterQueueUrl: orders.deadLetterQueueUrl });

    expect(report.queue).toBe('orders');
    expect(report.queues.source).toEqual({ url: orders.queueUrl, visible: 1, inFlight: 0, delayed: 0, oldestAgeSeconds: 3 });
    expect(report.queues.deadLetter).toEqual({ url: orders.deadLetterQueueUrl, visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: 4 });
  });
});
