import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueDepth } from '../../support/aws.js';
import { after, eventually } from '../lambda/fixtures.js';
import { bodies, fakeFunction, sendBodies, succeeded, useMappings } from './harness.js';

describe('SqsEventSource concurrency and batching', () => {
  const mapping = useMappings();

  it('runs at most `pollers` invocations at once', async () => {
    const fn = fakeFunction(undefined, 60);
    const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 1 }, deps: { pollers: 3 }, start: false });
    await sendBodies(sqs, queueUrl, bodies(15));

    source.start();
    await eventually(() => fn.bodies().length === 15, 5000);

    expect(fn.maxConcurrent).toBeLessThanOrEqual(3);
    expect(fn.maxConcurrent).toBeGreaterThan(1);
  });

  it('invokes strictly one at a time with one poller', async () => {
    const fn = fakeFunction(undefined, 20);
    const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 2 }, deps: { pollers: 1 }, start: false });
    await sendBodies(sqs, queueUrl, bodies(10));

    source.start();
    await eventually(() => fn.bodies().length === 10, 5000);

    expect(fn.maxConcurrent).toBe(1);
  });

  it('takes its pollers from the maximum concurrency of the mapping', async () => {
    const fn = fakeFunction(undefined, 60);
    const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 1, maximumConcurrency: 2 }, deps: { pollers: undefined }, start: false });
    await sendBodies(sqs, queueUrl, bodies(8));

    source.start();
    await eventually(() => fn.bodies().length === 8, 5000);

    expect(fn.maxConcurrent).toBe(2);
  });

  it('gathers messages sent one by one during the batching window into one invocation', async () => {
    const fn = fakeFunction();
    // Lambda's longest window (300 s): the five sends must all fall inside it, and under the full
    // suite's load the shared emulator has taken more than a 20 s window for them (the poller then,
    // rightly, invoked with a partial batch).
    const { sqs, queueUrl, reports, receives } = await mapping({ invoke: fn.invoke, spec: { batchSize: 5, maximumBatchingWindowSeconds: 300 } });

    // Each message is sent once the previous one is in flight, so each arrives in a receive of its own.
    for (const [index, body] of bodies(5).entries()) {
      await sendBodies(sqs, queueUrl, [body]);
      await eventually(async () => (await queueDepth(sqs, queueUrl)).inFlight === index + 1);
    }
    await eventually(() => reports.length >= 1);

    expect(receives.filter((call) => call.outcome === 1)).toHaveLength(5);
    expect(fn.events).toHaveLength(1);
    expect(fn.bodies()).toEqual(bodies(5));
  }, 150_000);

  it('invokes with a partial batch once the batching window has passed', async () => {
    const fn = fakeFunction();
    const { sqs, queueUrl, reports } = await mapping({ invoke: fn.invoke, spec: { batchSize: 10, maximumBatchingWindowSeconds: 1 } });
    const sentAt = Date.now();

    await sendBodies(sqs, queueUrl, ['alone']);
    await eventually(() => reports.length >= 1);
    const reportedAt = Date.now();

    expect(fn.bodies()).toEqual(['alone']);
    // The window opens when the first receive answers, after the send: a lower bound, never an upper one.
    expect(reportedAt - sentAt).toBeGreaterThanOrEqual(1000);
  });

  it('invokes as soon as the batch is full, before the window ends', async () => {
    // Started before the mapping exists, so it fires no later than the mapping's 20 s window could end.
    const windowEnd = after(20_000, 'the window ended first');
    let invoked: (value: string) => void = () => undefined;
    const firstInvocation = new Promise<string>((resolve) => (invoked = resolve));
    const fn = fakeFunction(() => {
      invoked('invoked');
      return succeeded();
    });
    const { sqs, queueUrl } = await mapping({ invoke: fn.invoke, spec: { batchSize: 3, maximumBatchingWindowSeconds: 20 } });

    await sendBodies(sqs, queueUrl, bodies(3));
    const first = await Promise.race([firstInvocation, windowEnd.promise]);
    windowEnd.cancel();

    expect(first).toBe('invoked');
    expect(fn.events[0]?.Records).toHaveLength(3);
  });

  it('keeps a batch within 6 MB and puts the overflow back on the queue', async () => {
    const fn = fakeFunction();
    const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, spec: { batchSize: 40, maximumBatchingWindowSeconds: 1 }, start: false });
    await Promise.all(bodies(30, 'x'.repeat(250_000)).map((body) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))));

    source.start();
    await eventually(() => new Set(fn.bodies()).size === 30, 8000);

    expect(fn.events.length).toBeGreaterThan(1);
    expect(fn.bodies()).toHaveLength(30);
    const released = fn.events.flatMap((event) => event.Records).filter((record) => record.attributes.ApproximateReceiveCount === '2');
    expect(released.length).toBeGreaterThan(0);
    for (const event of fn.events) expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it('keeps the order of each FIFO message group', async () => {
    const fn = fakeFunction(undefined, 10);
    const { sqs, queueUrl, source } = await mapping({ invoke: fn.invoke, queue: { fifo: true }, deps: { pollers: 3 }, start: false });
    const sent = bodies(20).map((body, index) => `${index % 2 === 0 ? 'a' : 'b'}:${body}`);
    await sendBodies(sqs, queueUrl, sent, (body, index) => ({ MessageGroupId: body.slice(0, 1), MessageDeduplicationId: String(index) }));

    source.start();
    await eventually(() => fn.bodies().length === 20, 8000);

    for (const group of ['a', 'b']) {
      const delivered = fn.events.flatMap((event) => event.Records).filter((record) => record.attributes.MessageGroupId === group);
      expect(delivered.map((record) => record.body)).toEqual(sent.filter((body) => body.startsWith(group)));
      expect(delivered.every((record) => record.attributes.SequenceNumber !== undefined)).toBe(true);
    }
  });
});
