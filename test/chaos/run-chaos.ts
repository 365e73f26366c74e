import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SendMessageBatchCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SingleBar } from 'cli-progress';
import { buildReferenceConsumer } from '../../reference/powertools/build.js';
import { startRuntimeProcess } from '../../local/runtime-process.js';
import { collectFigures, setFaults } from './faults.js';
import { judge, readChaosTarget, type Verdict, violated, waitUntilQuiet } from './oracle.js';
import type { ChaosOptions } from './options.js';
import { sendAll, type SendStats } from './sender.js';
import { type MalformedMessage, planWorkload } from './workload.js';

/** Everything a run measured; `passed` is false on any violation. */
export interface ChaosResult {
  readonly passed: boolean;
  readonly options: ChaosOptions;
  readonly send: SendStats;
  readonly verdict: Verdict;
  readonly figures: Record<string, number>;
  readonly seconds: { readonly send: number; readonly quiet: number; readonly total: number };
}

/**
 * Context for the chaos stack: a short consumer timeout (so crashed locks expire in seconds) with the
 * visibility timeout the stack's rules ask for, an API limit that does not slow the senders, and
 * `consumerConcurrency` batches at once (throttled DynamoDB calls spend most of their time in SDK backoff).
 * Context sets the default (ledger) queue only; the orders queue keeps conveyor.config.ts's settings
 * (30-s consumer timeout, 5 pollers) — its inserts take no lock, so no lock has to expire quickly.
 */
const CHAOS_CONTEXT = ['consumerTimeoutSeconds=10', 'visibilityTimeoutSeconds=60', 'apiRateLimit=10000', 'apiBurstLimit=5000'];

/**
 * Runs the chaos suite against a fresh embedded runtime (its own process, state folder and cloud
 * assembly), through public surfaces only: the HTTP API, the AWS SDK on the local endpoint, and the
 * faults endpoint. Returns the oracle's verdict and the run's figures.
 */
export async function runChaos(projectDir: string, options: ChaosOptions, log: (line: string) => void): Promise<ChaosResult> {
  const began = performance.now();
  const stateDir = join(projectDir, '.conveyor', 'chaos');
  const code: string[] = [];
  if (options.consumer !== 'conveyor') {
    log(`building the ${options.consumer} reference consumer …`);
    code.push('--function-code', `Consumer=${await buildReferenceConsumer(options.consumer, join(stateDir, 'reference'))}`);
  }
  log('starting the runtime (synthesizes the chaos stack the first time) …');
  const context = [...CHAOS_CONTEXT, `maxConcurrency=${options.consumerConcurrency}`].flatMap((pair) => ['-c', pair]);
  const runtime = await startRuntimeProcess(projectDir, stateDir, ['--output', join(stateDir, 'cdk.out'), ...context, ...code]);
  try {
    const target = readChaosTarget(runtime.outputsFile);
    const runId = `chaos${randomUUID().slice(0, 8)}`;
    const workload = planWorkload(options, runId);
    log(`run ${runId}: ${workload.unique.size} messages (+${workload.duplicates} duplicates) over ${options.accounts} accounts, ${workload.requests.length} requests, ${workload.malformed.length} malformed`);
    if (workload.orders.size > 0) {
      log(`  and ${workload.orders.size} orders (+${workload.orderDuplicates} duplicates) over ${options.customers} customers, ${workload.malformedOrders.length} malformed`);
      if (target.orders === undefined) throw new Error('the run plans orders.place messages, but the stack has no queue for them (Queues output) or no table orders (Tables output)');
    }

    const sqs = new SQSClient({ region: target.region, endpoint: target.awsEndpoint, credentials: { accessKeyId: 'chaos', secretAccessKey: 'chaos' }, useQueueUrlAsEndpoint: false });
    for (const queueUrl of target.queueUrls) {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: String(options.visibilityTimeoutSeconds) } }));
    }
    await setFaults(target, options);
    await sendRaw(sqs, target.queueUrl, workload.malformed);
    if (target.orders !== undefined) await sendRaw(sqs, target.orders.queueUrl, workload.malformedOrders);
    sqs.destroy();

    const sendBegan = performance.now();
    const bar = options.progress ? new SingleBar({ format: 'sending   [{bar}] {percentage}% | {value}/{total} requests | {rate} msg/s | retries {retries}', hideCursor: true }) : undefined;
    bar?.start(workload.requests.length, 0, { rate: 0, retries: 0 });
    let lastLogged = 0;
    const send = await sendAll({ apiUrl: target.apiUrl, apiKey: target.apiKey }, workload.requests, options.senders, (stats, done) => {
      const rate = Math.round(stats.acceptedSends / ((performance.now() - sendBegan) / 1000));
      bar?.update(done, { rate, retries: stats.retries });
      if (!bar && done - lastLogged >= workload.requests.length / 10) {
        lastLogged = done;
        log(`  sent ${done}/${workload.requests.length} requests (${rate} msg/s)`);
      }
    });
    bar?.stop();
    const sendSeconds = (performance.now() - sendBegan) / 1000;

    const quietBegan = performance.now();
    log('waiting for the queue to drain and the consumer to go quiet …');
    let lastState = 0;
    await waitUntilQuiet(target, options.quietTimeoutSeconds * 1000, (state) => {
      if (performance.now() - lastState < 5_000) return;
      lastState = performance.now();
      log(`  ${((performance.now() - quietBegan) / 1000).toFixed(0)} s: ${state}`);
    });
    const quietSeconds = (performance.now() - quietBegan) / 1000;
    // Read the rules' firing counts before clearing them (clearing resets them).
    const figures = await collectFigures(target);
    await fetch(`${target.runtimeUrl}/_conveyor/faults`, { method: 'DELETE' });

    const refused = new Set(send.rejected.flatMap((entry) => entry.keys));
    const verdict = await judge(target, workload, runId, options.consumer, refused);
    return {
      passed: !violated(verdict, send.rejected.length),
      options,
      send,
      verdict,
      figures: {
        ...figures,
        uniqueMessages: workload.unique.size,
        plannedDuplicates: workload.duplicates,
        malformed: workload.malformed.length,
        orders: workload.orders.size,
        plannedOrderDuplicates: workload.orderDuplicates,
        malformedOrders: workload.malformedOrders.length,
      },
      seconds: { send: sendSeconds, quiet: quietSeconds, total: (performance.now() - began) / 1000 },
    };
  } finally {
    const code = await runtime.stop();
    if (code !== 0) log(`warning: the runtime exited with ${String(code)}:\n${runtime.output().slice(-3000)}`);
  }
}

/** Puts raw bodies straight onto a queue, ten per request; on a FIFO queue in their group, deduplicated by their token. */
async function sendRaw(sqs: SQSClient, queueUrl: string, messages: readonly MalformedMessage[]): Promise<void> {
  for (let at = 0; at < messages.length; at += 10) {
    const entries = messages.slice(at, at + 10).map((entry, index) => ({
      Id: String(index),
      MessageBody: entry.body,
      ...(entry.groupId !== undefined ? { MessageGroupId: entry.groupId, MessageDeduplicationId: entry.token } : {}),
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}
