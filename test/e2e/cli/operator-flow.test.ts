import { GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, ledger, runCli, startCliRuntime, waitFor } from './support.js';

/**
 * The operator's whole loop, as the issue tells it: generate load, break the consumer with a fault,
 * watch the dead-letter queue fill, repair, redrive, and see every message applied exactly once.
 * (The dashboard's view of the same steps is `test/e2e/dashboard.test.ts`.) The queue's visibility
 * timeout and maxReceiveCount are lowered on the running queue so that failing messages reach the
 * DLQ in seconds instead of the stack's 5 × 180 s.
 */
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-flow');
});
afterAll(async () => {
  await fetch(`${runtime?.target.runtimeUrl}/_conveyor/faults`, { method: 'DELETE' }).catch(() => undefined);
  await runtime?.stop();
});

const depth = async (queueUrl: string) => {
  const { Attributes = {} } = await runtime.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
};

describe('operating Conveyor with the CLI', { timeout: 150_000 }, () => {
  it('load → a crashing consumer fills the DLQ and applies nothing → fault cleared → redrive → every credit applied once', async () => {
    const { target } = runtime;
    const { Attributes: dlq = {} } = await runtime.sqs.send(new GetQueueAttributesCommand({ QueueUrl: target.deadLetterQueueUrl, AttributeNames: ['QueueArn'] }));
    await runtime.sqs.send(new SetQueueAttributesCommand({
      QueueUrl: target.queueUrl,
      Attributes: { VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: 2 }) },
    }));
    const fault = await fetch(`${target.runtimeUrl}/_conveyor/faults`, { method: 'POST', body: JSON.stringify([{ service: 'lambda', function: 'Consumer', crash: { afterMs: 0 } }]) });
    expect(fault.status).toBe(200);

    const load = await runCli(runtime.stateDir, ['load', '--count', '20', '--rate', '40', '--accounts', '4', '--json']);
    expect(load.code, load.stderr).toBe(0);
    const summary = JSON.parse(load.stdout) as { messages: { accepted: number; uniqueAccepted: number }; accounts: string[] };
    expect(summary.messages.accepted).toBe(20);
    const credits = async () => (await Promise.all(summary.accounts.map((account) => ledger(runtime, account)))).reduce((sum, row) => sum + row.credits, 0);

    await waitFor(async () => (await depth(target.deadLetterQueueUrl)) === 20, 'all 20 messages in the DLQ', 90_000);
    expect(await credits()).toBe(0);
    const listed = await runCli(runtime.stateDir, ['dlq', 'list', '--max', '50', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(20);

    expect((await fetch(`${target.runtimeUrl}/_conveyor/faults`, { method: 'DELETE' })).status).toBeLessThan(300);
    const redrive = await runCli(runtime.stateDir, ['dlq', 'redrive', '--rate', '50']);
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout.match(/^moved \S+ → \S+$/gm)).toHaveLength(20);

    await waitFor(async () => (await credits()) === summary.messages.uniqueAccepted, `${summary.messages.uniqueAccepted} credits in the ledger`, 60_000);
    await waitFor(async () => (await depth(target.queueUrl)) === 0, 'the queue to drain', 30_000);
    expect(await credits()).toBe(summary.messages.uniqueAccepted);
    expect(await depth(target.deadLetterQueueUrl)).toBe(0);
  });
});
