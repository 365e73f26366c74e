import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EventSourceOptionsError, ReceiveFailedError } from '../../../local/errors.js';
import { SqsEventSource } from '../../../local/esm/sqs-event-source.js';
import { queueDepth } from '../../support/aws.js';
import { eventually } from '../lambda/fixtures.js';
import { bodies, eventSourceSpec, fakeFunction, sendBodies, useMappings } from './harness.js';

describe('SqsEventSource', () => {
  const mapping = useMappings();

  describe('records', () => {
    it('invokes with records built as Lambda builds them and deletes the batch', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, queue, reports } = await mapping({ invoke: fn.invoke });

      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: '{"hello":"world"}',
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: 'credit' },
            blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 254]) },
          },
        }),
      );
      await eventually(() => reports.length === 1);

      const record = fn.events[0]?.Records[0];
      expect(record).toMatchObject({
        body: '{"hello":"world"}',
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: 'us-east-1',
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
        attributes: { ApproximateReceiveCount: '1', SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/) },
        messageAttributes: {
          kind: { stringValue: 'credit', stringListValues: [], binaryListValues: [], dataType: 'String' },
          blob: { binaryValue: Buffer.from([0, 1, 254]).toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
        },
      });
      expect(record?.messageId).toEqual(expect.any(String));
      expect(record?.attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d+$/);
      expect(reports[0]).toMatchObject({ mapping: 'TestMapping', size: 1, ok: true, failedItems: 0, deleted: 1 });
      expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
  });

  describe('batches', () => {
    it('never invokes with more than batchSize records', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, reports, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 3 }, start: false });
      await sendBodies(sqs, queueUrl, bodies(8));

      source.start();
      await eventually(() => fn.bodies().length === 8);

      expect(Math.max(...fn.events.map((event) => event.Records.length))).toBeLessThanOrEqual(3);
      expect(fn.bodies().sort()).toEqual(bodies(8).sort());
      await eventually(() => reports.reduce((sum, report) => sum + report.deleted, 0) === 8);
    });

    it('gathers more than 10 records without a window and deletes them in chunks', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, reports, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 25 }, start: false });
      await sendBodies(sqs, queueUrl, bodies(25));

      source.start();
      await eventually(() => fn.bodies().length === 25);
      await eventually(() => reports.reduce((sum, report) => sum + report.deleted, 0) === 25);

      expect(Math.max(...fn.events.map((event) => event.Records.length))).toBeGreaterThan(10);
      expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
  });

  describe('lifecycle', () => {
    it('stops by aborting its long polls instead of waiting them out, and polls no more', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, source, receives } = await mapping({ invoke: fn.invoke, deps: { pollers: 3, longPollSeconds: 20 } });
      await eventually(() => receives.length === 3);

      await source.stop();
      await sendBodies(sqs, queueUrl, ['after-stop']);
      await new Promise((resolve) => setTimeout(resolve, 300));

      // A stop that waited for the polls would see them answered (empty, after 20 s), not aborted.
      expect(receives).toEqual([
        { waitSeconds: 20, outcome: 'aborted' },
        { waitSeconds: 20, outcome: 'aborted' },
        { waitSeconds: 20, outcome: 'aborted' },
      ]);
      expect(source.running).toBe(false);
      expect(fn.events).toHaveLength(0);
      // An aborted long poll stays registered in fauxqs (as on SQS) and may take the message into flight.
      const depth = await queueDepth(sqs, queueUrl);
      expect(depth.visible + depth.inFlight).toBe(1);
    });

    it('waits for the invocation in flight before stop() resolves', async () => {
      const fn = fakeFunction(undefined, 300);
      const { sqs, queueUrl, source, reports } = await mapping({ invoke: fn.invoke });
      await sendBodies(sqs, queueUrl, ['slow']);
      await eventually(() => fn.events.length === 1);

      await source.stop();

      expect(reports).toEqual([expect.objectContaining({ ok: true, deleted: 1 })]);
    });

    it('invokes with what a batching window gathered when stopped during it, cutting the window short', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, source, reports, receives } = await mapping({ invoke: fn.invoke, spec: { maximumBatchingWindowSeconds: 20 } });
      await sendBodies(sqs, queueUrl, bodies(2));
      await eventually(async () => (await queueDepth(sqs, queueUrl)).inFlight === 2);

      await source.stop();

      expect(fn.bodies()).toEqual(bodies(2));
      expect(reports).toEqual([expect.objectContaining({ ok: true, deleted: 2 })]);
      // The receive that was waiting out the rest of the window was aborted, not answered.
      const window = receives.at(-1);
      expect(window).toEqual({ waitSeconds: expect.any(Number), outcome: 'aborted' });
      expect(window?.waitSeconds).toBeGreaterThan(0);
      expect(receives.slice(0, -1).every((call) => typeof call.outcome === 'number' && call.outcome > 0)).toBe(true);
    });

    it('backs off and keeps polling when ReceiveMessage fails', async () => {
      const fn = fakeFunction();
      const { source, errors } = await mapping({ invoke: fn.invoke, deps: { queueUrl: 'http://127.0.0.1:1/000000000000/missing-queue' } });

      await eventually(() => errors.length >= 3);
      await source.stop();

      expect(errors[0]).toBeInstanceOf(ReceiveFailedError);
      expect(fn.events).toHaveLength(0);
    });

    it('does not poll when the mapping is disabled', async () => {
      const fn = fakeFunction();
      const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, spec: { enabled: false } });

      await sendBodies(sqs, queueUrl, ['ignored']);
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(source.running).toBe(false);
      expect(fn.events).toHaveLength(0);
    });

    it('rejects unknown dependency keys and bad pollers', async () => {
      const { sqs, queueUrl, queue } = await mapping({ invoke: fakeFunction().invoke, start: false });
      const deps = { sqs, queueUrl, invoke: fakeFunction().invoke, region: 'us-east-1' };

      expect(() => new SqsEventSource(eventSourceSpec(queue), { ...deps, poller: 2 } as never)).toThrow(EventSourceOptionsError);
      expect(() => new SqsEventSource(eventSourceSpec(queue), { ...deps, pollers: 0 })).toThrow(/pollers/);
    });
  });
});
