import { describe, expect, it } from 'vitest';
import { queueDepth, receiveAll } from '../../support/aws.js';
import { eventually } from '../lambda/fixtures.js';
import { bodies, failed, fakeFunction, sendBodies, succeeded, useMappings } from './harness.js';

/** Each body's ApproximateReceiveCount per delivery, in delivery order. */
function deliveries(events: ReturnType<typeof fakeFunction>['events']): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const record of events.flatMap((event) => event.Records)) (seen[record.body] ??= []).push(record.attributes.ApproximateReceiveCount ?? '?');
  return seen;
}

describe('SqsEventSource failures', () => {
  const mapping = useMappings();
  const queue = { visibilityTimeoutSeconds: 1, maxReceiveCount: 5 };

  it('deletes only the successes of a partial batch; the failures come back after the visibility timeout', async () => {
    const fn = fakeFunction((event, index) =>
      succeeded({ batchItemFailures: index > 0 ? [] : event.Records.filter((record) => record.body.endsWith('1') || record.body.endsWith('3')).map((record) => ({ itemIdentifier: record.messageId })) }),
    );
    const { sqs, queueUrl, reports, source } = await mapping({ invoke: fn.invoke, queue, start: false });
    await sendBodies(sqs, queueUrl, bodies(4));

    source.start();
    await eventually(() => fn.bodies().length >= 6, 5000);

    expect(deliveries(fn.events)).toEqual({ m0: ['1'], m1: ['1', '2'], m2: ['1'], m3: ['1', '2'] });
    expect(reports[0]).toMatchObject({ size: 4, ok: true, failedItems: 2, deleted: 2 });
    await eventually(() => reports.reduce((sum, report) => sum + report.deleted, 0) === 4);
  });

  it('deletes nothing when the invocation fails', async () => {
    const fn = fakeFunction((_event, index) => (index === 0 ? failed('timeout') : succeeded()));
    const { sqs, queueUrl, reports, source } = await mapping({ invoke: fn.invoke, queue, start: false });
    await sendBodies(sqs, queueUrl, bodies(3));

    source.start();
    await eventually(() => fn.bodies().length >= 6, 5000);

    expect(deliveries(fn.events)).toEqual({ m0: ['1', '2'], m1: ['1', '2'], m2: ['1', '2'] });
    expect(reports[0]).toMatchObject({ size: 3, ok: false, reason: 'timeout', failedItems: 3, deleted: 0 });
  });

  it('deletes nothing when batchItemFailures is malformed', async () => {
    const fn = fakeFunction((_event, index) => succeeded(index === 0 ? { batchItemFailures: [{ itemIdentifier: 'not-a-message-of-this-batch' }] } : {}));
    const { sqs, queueUrl, reports, source } = await mapping({ invoke: fn.invoke, queue, start: false });
    await sendBodies(sqs, queueUrl, bodies(2));

    source.start();
    await eventually(() => fn.bodies().length >= 4, 5000);

    expect(deliveries(fn.events)).toEqual({ m0: ['1', '2'], m1: ['1', '2'] });
    expect(reports[0]).toMatchObject({ ok: false, reason: 'malformed-response', deleted: 0 });
  });

  it('deletes the whole batch after success without ReportBatchItemFailures', async () => {
    const fn = fakeFunction((event) => succeeded({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] }));
    const { sqs, queueUrl, reports } = await mapping({ invoke: fn.invoke, queue, spec: { reportBatchItemFailures: false } });

    await sendBodies(sqs, queueUrl, bodies(3));
    await eventually(() => reports.reduce((sum, report) => sum + report.deleted, 0) === 3);

    expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('lets the redrive policy move a message that keeps failing to the DLQ', async () => {
    const fn = fakeFunction(() => failed('error'));
    const { sqs, queueUrl, deadLetterQueueUrl, source } = await mapping({ invoke: fn.invoke, queue: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } });

    await sendBodies(sqs, queueUrl, ['poison']);
    let dead: Awaited<ReturnType<typeof receiveAll>> = [];
    await eventually(() => fn.events.length >= 2, 5000);
    await source.stop();
    const deadline = Date.now() + 4000;
    while (dead.length === 0 && Date.now() < deadline) {
      dead = await receiveAll(sqs, deadLetterQueueUrl, 10);
      if (dead.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }

    expect(dead.map((message) => message.Body)).toEqual(['poison']);
    expect(deliveries(fn.events)).toEqual({ poison: ['1', '2'] });
  });
});
