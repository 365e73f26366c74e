import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSnapshot } from '../../../local/admin/dashboard-snapshot.js';
import type { LogEvent } from '../../../local/admin/events-stream.js';
import { banner } from '../../../local/banner.js';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime.js';
import { after } from '../lambda/fixtures.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';
import { call } from './server.js';
import { openSse } from './sse-client.js';

/** Logs each record it processes as a Powertools-style JSON line. */
const HANDLER = `
export const handler = async (event) => {
  for (const record of event.Records ?? []) console.log(JSON.stringify({ level: 'INFO', message: 'processed', body: record.body }));
  return event.Records ? { batchItemFailures: [] } : { statusCode: 200, body: '{}' };
};`;

/** The dashboard's endpoints on the runtime with its embedded emulators, on the small fixture stack. */
describe('the runtime dashboard endpoints', () => {
  let runtime: LocalRuntime;
  let sqs: SQSClient;
  let dlqUrl: string;

  beforeAll(async () => {
    const template = miniTemplate();
    runtime = await startLocalRuntime({
      outputDir: writeAssembly(template, { stackName: 'Dash', assets: { 'asset.worker': HANDLER } }),
      synth: false,
      port: 0,
      awsPort: 0,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: () => undefined,
    });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: runtime.awsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false });
    dlqUrl = runtime.outputs.QueueUrl?.replace(/Queue$/, 'Dlq') as string;
  });
  afterAll(async () => {
    sqs?.destroy();
    await runtime?.stop({ graceMs: 0 });
  });

  it('streams snapshots with the stack queues and their roles, the functions, and the exact age of the oldest dead letter', async () => {
    const sentAt = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'dead' }));
    const stream = await openSse(`${runtime.runtimeUrl}/_conveyor/events`);

    const snapshot = await stream.next<DashboardSnapshot>('snapshot', (s) => s.queues.some((q) => q.role === 'dead-letter' && q.visible === 1));
    const secondsSinceSent = (Date.now() - sentAt) / 1000;
    stream.close();

    expect(snapshot.queues).toEqual([
      { name: 'Dash-Dlq', role: 'dead-letter', fifo: false, visible: 1, inFlight: 0, delayed: 0, oldestAgeSeconds: expect.any(Number) },
      { name: 'Dash-Queue', role: 'source', fifo: false, visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: null },
    ]);
    // The age counts from the send: never more than the time since (plus its rounding to 0.1 s).
    expect(snapshot.queues[0]?.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(snapshot.queues[0]?.oldestAgeSeconds).toBeLessThanOrEqual(secondsSinceSent + 0.05);
    expect(snapshot.functions).toEqual({ Worker: expect.objectContaining({ busy: expect.any(Number), instances: expect.any(Number) }) });
  });

  it('lists and peeks at the DLQ through the emulator: twice, and the receive count stays 0', async () => {
    const looks = [await call(`${runtime.runtimeUrl}/_conveyor/dlq`), await call(`${runtime.runtimeUrl}/_conveyor/dlq`)];
    const id = looks[0]?.json.messages.find((message: { body: string }) => message.body === 'dead')?.messageId as string;
    const peeks = [await call(`${runtime.runtimeUrl}/_conveyor/dlq/${id}`), await call(`${runtime.runtimeUrl}/_conveyor/dlq/${id}`)];

    expect(looks.map((look) => look.json.countsAsReceive)).toEqual([false, false]);
    expect(looks.map((look) => look.json.messages.find((message: { messageId: string }) => message.messageId === id)?.receiveCount)).toEqual([0, 0]);
    expect(peeks.map((peek) => [peek.status, peek.json.receiveCount, peek.json.sourceMessageId])).toEqual([[200, 0, id], [200, 0, id]]);
  });

  it('lists the DLQ, redrives a message from it, and streams the log line of its processing', async () => {
    const listed = await call(`${runtime.runtimeUrl}/_conveyor/dlq`);
    const id = listed.json.messages.find((message: { body: string }) => message.body === 'dead')?.messageId as string;
    const stream = await openSse(`${runtime.runtimeUrl}/_conveyor/events`);

    const redrive = await call(`${runtime.runtimeUrl}/_conveyor/dlq/redrive`, { method: 'POST', body: JSON.stringify({ messageId: id }) });
    const log = await stream.next<LogEvent>('log', (event) => event.message === 'processed');
    stream.close();

    expect(listed.json).toMatchObject({ queueUrl: dlqUrl, sourceQueueUrl: runtime.outputs.QueueUrl });
    expect(redrive).toMatchObject({ status: 200, json: { moved: [{ messageId: id }], failed: [] } });
    expect(log).toMatchObject({ function: 'Worker', logGroup: expect.stringMatching(/^\/aws\/lambda\/./), level: 'INFO', message: 'processed', line: expect.stringContaining('"body":"dead"') });
  });

  it('names the dashboard in the banner and in the 404 hint', async () => {
    const notFound = await call(`${runtime.runtimeUrl}/_conveyor/nope`);

    expect(banner(runtime)).toContain(`Dashboard`);
    expect(banner(runtime)).toContain(`${runtime.runtimeUrl}/_conveyor/`);
    expect(notFound.json.error.message).toMatch(/\/_conveyor\/ \(dashboard\), \/events/);
  });

  it('stops without waiting out the grace period for an open event stream', async () => {
    const stream = await openSse(`${runtime.runtimeUrl}/_conveyor/events`);
    await stream.next('snapshot');

    // Started just before stop(), so it ends before a grace period the stop would wait out.
    const grace = after(8_000, 'the grace period ended first');
    const first = await Promise.race([runtime.stop({ graceMs: 8_000 }).then(() => 'stopped'), grace.promise]);
    grace.cancel();
    await stream.ended;

    expect(first).toBe('stopped');
  });
});
