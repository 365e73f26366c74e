import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { EMULATOR_DYNAMODB_SERVICE } from '../local/aws-proxy/request-counters.js';
import { buildReferenceConsumer, type ReferenceConsumer } from '../reference/powertools/build.js';
import { type BenchRuntime, type FunctionStats, type RequestSnapshot, startBenchRuntime } from './support/bench-runtime.js';
import { planEnvelopes } from './workload.js';

/** Which consumer a run measured. */
export type BenchConsumer = 'conveyor' | ReferenceConsumer;

/** Options of {@link measureConsumer}. */
export interface ConsumerBenchOptions {
  /** Unique messages per repeat. @default 3000 */
  readonly messages?: number;
  /** Share sent twice (half of them next to their original). @default 0.1 */
  readonly duplicateRatio?: number;
  /** Repeats on one runtime; the first warms the instances up. @default 3 */
  readonly repeats?: number;
  /** Called as repeats finish. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** One consumer's figures: medians over the repeats after the warm-up. */
export interface ConsumerBenchResult {
  readonly consumer: BenchConsumer;
  readonly messages: number;
  readonly duplicates: number;
  /** Unique effects applied per second, from the first send until the last unique credit is in the ledger (median). */
  readonly effectsPerSecond: number;
  readonly runs: readonly number[];
  /** Seconds until the queue was empty again, duplicates' retries included (median). */
  readonly drainSeconds: number;
  /** The consumer's DynamoDB requests by operation, per unique message (last repeat, retries of duplicates included). */
  readonly dynamodbPerMessage: Readonly<Record<string, number>>;
  /**
   * The calls the runtime's AWS endpoint made to the DynamoDB emulator for the consumer's requests,
   * by operation, per unique message: a request streamed through is one, a `TransactWriteItems` the
   * endpoint runs itself is several. What bounds the consumer on the emulator; `dynamodbPerMessage`
   * is what AWS would bill and serve.
   */
  readonly emulatorDynamodbPerMessage: Readonly<Record<string, number>>;
  /** The event source mapping's SQS requests by operation, per unique message. */
  readonly sqsPerMessage: Readonly<Record<string, number>>;
  /** Consumer invocations and billed ms per unique message. */
  readonly invocationsPerMessage: number;
  readonly billedMsPerMessage: number;
  readonly memoryMb: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Requests per unique message for one caller, by operation. */
export function perMessage(snapshot: RequestSnapshot, service: string, caller: string, messages: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [operation, byCaller] of Object.entries(snapshot[service] ?? {})) {
    const count = byCaller[caller]?.requests ?? 0;
    if (count > 0) out[operation] = count / messages;
  }
  return out;
}

/**
 * Puts the same workload (`ledger.credit` envelopes straight on the queue, 10 % duplicates, 8
 * concurrent batches) through one consumer: Conveyor's, or a Powertools reference build swapped in
 * with `--function-code`. Throughput counts unique effects, so a duplicate a consumer defers to a
 * later retry does not stretch its figure; the requests it costs are counted.
 */
export async function measureConsumer(projectDir: string, consumer: BenchConsumer, options: ConsumerBenchOptions = {}): Promise<ConsumerBenchResult> {
  const messages = options.messages ?? 3000;
  const repeats = options.repeats ?? 3;
  const code = consumer === 'conveyor' ? undefined : await buildReferenceConsumer(consumer, join(projectDir, '.conveyor', 'bench', 'reference'));
  const runtime = await startBenchRuntime(projectDir, `consumer-${consumer}`, code === undefined ? {} : { consumerCode: code });
  try {
    // Retried messages come back in 5 s instead of the stack's 60 s (batches here take well under a second).
    await runtime.sqs.send(new SetQueueAttributesCommand({ QueueUrl: runtime.outputs.QueueUrl ?? '', Attributes: { VisibilityTimeout: '5' } }));
    const runs: number[] = [];
    const drains: number[] = [];
    let last: { requests: RequestSnapshot; before: FunctionStats; after: FunctionStats; duplicates: number } | undefined;
    for (let repeat = 0; repeat <= repeats; repeat += 1) {
      const prefix = `b${randomUUID().slice(0, 6)}`;
      const workload = planEnvelopes({ messages: repeat === 0 ? Math.min(300, messages) : messages, prefix, ...(options.duplicateRatio !== undefined ? { duplicateRatio: options.duplicateRatio } : {}) });
      await runtime.resetRequests();
      const before = (await runtime.functions()).Consumer!;
      const began = performance.now();
      await sendAll(runtime, workload.bodies);
      const effectsAt = await waitForCredits(runtime, prefix, workload.unique, began);
      await waitForEmpty(runtime);
      const drained = (performance.now() - began) / 1000;
      if (repeat === 0) continue; // warm-up
      runs.push(workload.unique / effectsAt);
      drains.push(drained);
      last = { requests: await runtime.requests(), before, after: (await runtime.functions()).Consumer!, duplicates: workload.duplicates };
      options.onProgress?.(repeat, repeats, `${consumer} ${repeat}/${repeats}: ${(workload.unique / effectsAt).toFixed(0)} effects/s`);
    }
    const { requests, before, after, duplicates } = last!;
    return {
      consumer,
      messages,
      duplicates,
      effectsPerSecond: median(runs),
      runs,
      drainSeconds: median(drains),
      dynamodbPerMessage: perMessage(requests, 'dynamodb', 'Consumer', messages),
      emulatorDynamodbPerMessage: perMessage(requests, EMULATOR_DYNAMODB_SERVICE, 'Consumer', messages),
      sqsPerMessage: perMessage(requests, 'sqs', 'EventSourceMapping', messages),
      invocationsPerMessage: (after.invocations - before.invocations) / messages,
      billedMsPerMessage: (after.billedMs - before.billedMs) / messages,
      memoryMb: after.memoryMb,
    };
  } finally {
    await runtime.stop();
  }
}

async function sendAll(runtime: BenchRuntime, bodies: readonly string[]): Promise<void> {
  const batches: string[][] = [];
  for (let at = 0; at < bodies.length; at += 10) batches.push(bodies.slice(at, at + 10));
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < batches.length) await runtime.enqueue(batches[next++]!);
  }));
}

/** Seconds from `began` until the ledger holds `unique` credits of this run. */
async function waitForCredits(runtime: BenchRuntime, prefix: string, unique: number, began: number): Promise<number> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const credits = await runtime.ledgerCredits(prefix);
    if (credits >= unique) return (performance.now() - began) / 1000;
    if (Date.now() > deadline) throw new Error(`only ${credits} of ${unique} credits after 600 s`);
    await sleep(200);
  }
}

/** Waits until the queue is empty and no consumer invocation runs. */
export async function waitForEmpty(runtime: BenchRuntime, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = Object.values(await runtime.functions()).reduce((sum, fn) => sum + fn.busy + fn.queued, 0);
    if (busy === 0 && (await runtime.queued()) === 0) return;
    if (Date.now() > deadline) throw new Error(`the queue did not drain within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}
