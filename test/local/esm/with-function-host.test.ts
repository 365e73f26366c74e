import { afterAll, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../../local/lambda/function-host.js';
import { queueDepth } from '../../support/aws.js';
import { eventually, functionSpec, handlerAsset } from '../lambda/fixtures.js';
import { bodies, sendBodies, useMappings } from './harness.js';

/** Reports every record whose body starts with `bad` as failed; counts deliveries per body in module state. */
const CONSUMER = `const seen = {};
export const handler = async (event) => {
  for (const record of event.Records) seen[record.body] = (seen[record.body] ?? 0) + 1;
  return { batchItemFailures: event.Records.filter((r) => r.body.startsWith('bad') && seen[r.body] < 2).map((r) => ({ itemIdentifier: r.messageId })) };
};`;

describe('SqsEventSource with a FunctionHost', () => {
  const mapping = useMappings();
  const asset = handlerAsset(CONSUMER);
  const host = new FunctionHost(functionSpec(asset.assetDir), { region: 'us-east-1' });
  afterAll(async () => {
    await host.stop();
    asset.cleanup();
  });

  it('delivers batches to worker instances and retries what they report as failed', async () => {
    const { sqs, queueUrl, reports, source } = await mapping({ invoke: host.invoke, queue: { visibilityTimeoutSeconds: 1 }, start: false });
    await sendBodies(sqs, queueUrl, [...bodies(4, 'ok'), 'bad-1']);

    source.start();
    await eventually(() => reports.reduce((sum, report) => sum + report.deleted, 0) === 5, 6000);

    expect(reports.filter((report) => report.failedItems > 0)).toEqual([expect.objectContaining({ ok: true, failedItems: 1 })]);
    expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});
