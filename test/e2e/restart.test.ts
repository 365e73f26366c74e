import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { judge, readChaosTarget, waitUntilQuiet } from '../chaos/oracle.js';
import { defaultChaosOptions } from '../chaos/options.js';
import { sendAll } from '../chaos/sender.js';
import { planWorkload } from '../chaos/workload.js';
import { target, unavailable } from './support/conveyor-client.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';
import { freePort } from '../support/ports.js';

const embeddedOnly = unavailable() !== '' || target().runtimeUrl === undefined;
const projectDir = resolve(import.meta.dirname, '..', '..');
const stateDir = join(projectDir, '.conveyor', 'e2e-restart');

/**
 * A short consumer timeout and visibility timeout, so that a message in flight when the runtime
 * died comes back within seconds of the restart (as on SQS, after its visibility timeout).
 */
const CONTEXT = ['consumerTimeoutSeconds=5', 'visibilityTimeoutSeconds=30', 'apiRateLimit=10000', 'apiBurstLimit=5000'].flatMap((pair) => ['-c', pair]);
const ARGS = ['--output', join(stateDir, 'cdk.out'), ...CONTEXT];

const targetOf = (runtime: RuntimeProcess) => readChaosTarget(runtime.outputsFile);

/** The banner's state line: `… : 12 messages queued (3 delayed, 2 in flight), 1 in the DLQ`. */
function keptOnStart(runtime: RuntimeProcess): { queued: number; delayed: number; dead: number } {
  const line = /State .*?(\d+) messages? queued(?: \(([^)]*)\))?, (\d+) in the DLQ/.exec(runtime.output());
  if (line === null) throw new Error(`no state line in the banner:\n${runtime.output()}`);
  return { queued: Number(line[1]), delayed: Number(/(\d+) delayed/.exec(line[2] ?? '')?.[1] ?? 0), dead: Number(line[3]) };
}

describe.skipIf(embeddedOnly)('state kept across a crash of the runtime (embedded runtime only)', () => {
  let runtime: RuntimeProcess | undefined;
  afterAll(async () => {
    await runtime?.stop();
  });

  it('kill -9 of the process group mid-load: every accepted message is applied exactly once after the restart, the DLQ holds exactly the poison', async () => {
    const ports = [await freePort(), await freePort()] as const;
    runtime = await startRuntimeProcess(projectDir, stateDir, ARGS, { ports, processGroup: true });
    const stack = targetOf(runtime);
    const runId = `restart${randomUUID().slice(0, 8)}`;
    const workload = planWorkload(defaultChaosOptions({ messages: 1_500, malformedRatio: 0.02, lateDuplicateDelaySeconds: [2, 10] }), runId);
    const sqs = new SQSClient({ region: stack.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' }, useQueueUrlAsEndpoint: false });
    for (let at = 0; at < workload.malformed.length; at += 10) {
      const entries = workload.malformed.slice(at, at + 10).map((entry, index) => ({ Id: String(index), MessageBody: entry.body }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: stack.queueUrl, Entries: entries }));
    }
    sqs.destroy();
    // A slow consumer, so that a backlog (visible, in flight and delayed) is there when the runtime dies.
    await fetch(`${stack.runtimeUrl}/_conveyor/faults`, { method: 'POST', body: JSON.stringify([{ service: 'lambda', function: 'Consumer', latencyMs: 400 }]) });

    // Act: kill -9 the runtime while the senders are a third of the way through, then start it again on
    // the same state and ports. The senders retry what failed with the same idempotency keys.
    let killed: Promise<void> | undefined;
    const sending = sendAll({ apiUrl: stack.apiUrl, apiKey: stack.apiKey }, workload.requests, 8, (_stats, done) => {
      if (killed === undefined && done >= workload.requests.length / 3) {
        killed = (async () => {
          await runtime?.kill();
          runtime = await startRuntimeProcess(projectDir, stateDir, ARGS, { ports, reset: false, processGroup: true });
        })();
      }
    });
    const sent = await sending;
    await killed;
    expect(killed, 'the runtime was killed during the load').toBeDefined();
    const kept = keptOnStart(runtime);
    await waitUntilQuiet(stack, 300_000);
    const verdict = await judge(stack, workload, runId);

    // Assert: the restart found the backlog and the poison, and the oracle finds nothing lost or doubled.
    expect(kept.queued + kept.dead).toBeGreaterThan(0);
    expect(sent.rejected).toEqual([]);
    expect(verdict).toMatchObject({ lost: 0, doubleApplied: 0, wrongBalances: 0, missingDeadLetters: 0, unexpectedDeadLetters: 0, stuck: 0, unrecorded: 0 });
    // The DLQ holds exactly the poison set (none missing, nothing else); a poison message whose
    // consumer died between dead-lettering it and deleting it is dead-lettered again, so a copy may
    // be there too (docs/reliability.md, DLQ copies).
    expect(verdict.deadLetters).toBeGreaterThanOrEqual(workload.malformed.length);
  }, 600_000);

  it('keeps delayed messages through a restart and processes them afterwards', async () => {
    await runtime?.stop();
    runtime = await startRuntimeProcess(projectDir, stateDir, ARGS, { processGroup: true });
    const stack = targetOf(runtime);
    const runId = `delayed${randomUUID().slice(0, 8)}`;
    const workload = planWorkload(defaultChaosOptions({ messages: 20, duplicateRatio: 0, malformedRatio: 0, batchShare: 0 }), runId);
    const delayed = workload.requests.map((request) => (request.route === 'single' ? { ...request, message: { ...request.message, delaySeconds: 20 } } : request));
    await sendAll({ apiUrl: stack.apiUrl, apiKey: stack.apiKey }, delayed, 4);

    await runtime.kill();
    runtime = await startRuntimeProcess(projectDir, stateDir, ARGS, { reset: false, processGroup: true });
    const after = targetOf(runtime);
    const kept = keptOnStart(runtime);
    await waitUntilQuiet(after, 120_000);
    const verdict = await judge(after, workload, runId);

    expect(kept.delayed).toBe(workload.unique.size);
    expect(verdict).toMatchObject({ lost: 0, doubleApplied: 0, wrongBalances: 0, stuck: 0, unrecorded: 0 });
  }, 300_000);
});
