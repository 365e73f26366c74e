/**
 * The insert-kind section of `npm run bench`: what a message of an insert-kind type costs, measured
 * end to end on an app that declares one — `examples/payments` (queue `payments`, type
 * `payments.charge`, one item in table `charges` per message, the item being its own idempotency
 * record) — run by this checkout's runtime as `npm start` would run it from that folder. Batch
 * ingest at 10 and at 100 messages per request, the requests and function time of each counted for
 * the cost model. No duplicates, and the consumer takes batches of 10: like the pipeline's ledger
 * runs, so that the two types compare.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MAX_BATCH_MESSAGES } from '../contract/index.js';
import { waitForEmpty } from './consumers.js';
import { BATCH_SIZE } from './pipeline.js';
import { type BenchRuntime, startBenchRuntime } from './support/bench-runtime.js';
import type { MeasuredCounts } from './usage.js';

/** The app, its type, and the table and attribute a message's item is counted by. */
export const INSERT_KIND_APP = {
  dir: join('examples', 'payments'),
  type: 'payments.charge',
  table: 'charges',
  countedAttribute: 'customerId',
} as const;

/** Messages per request of the two runs: a `SendMessageBatch` worth, and the batch route's most. */
export const INSERT_KIND_REQUEST_SIZES = [BATCH_SIZE, MAX_BATCH_MESSAGES] as const;

/** One run at one request size. */
export interface InsertKindRun {
  /** Messages per `POST /messages/batch`. */
  readonly perRequest: number;
  readonly messages: number;
  /** First request sent → last item in the table, msg/s. */
  readonly messagesPerSecond: number;
  /** Requests and function counters of the run, for the cost model. */
  readonly counts: MeasuredCounts;
}

/** What {@link measureInsertKind} measured. */
export interface InsertKindSection {
  readonly app: string;
  readonly type: string;
  readonly runs: readonly InsertKindRun[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const charge = (customerId: string, amountCents: number) => ({ type: INSERT_KIND_APP.type, payload: { customerId, amountCents, currency: 'EUR' } });

/**
 * Starts the runtime on `examples/payments` (from empty state), warms it up, then sends `messages`
 * at each of {@link INSERT_KIND_REQUEST_SIZES} per request from 16 clients and waits until every
 * message's item is in `charges` and the queue is empty.
 */
export async function measureInsertKind(projectDir: string, messages: number, progress: (label: string) => void): Promise<InsertKindSection> {
  progress(`starting the runtime on ${INSERT_KIND_APP.dir}`);
  // Batches of 10 (the example app takes 5): the same batch size as the pipeline's ledger runs, so the two compare.
  const runtime = await startBenchRuntime(join(projectDir, INSERT_KIND_APP.dir), 'insert-kind', { cli: join(projectDir, 'cli', 'conveyor.ts'), context: [`batchSize=${BATCH_SIZE}`] });
  try {
    await run(runtime, Math.min(300, messages), BATCH_SIZE);
    const runs: InsertKindRun[] = [];
    for (const perRequest of INSERT_KIND_REQUEST_SIZES) {
      await runtime.resetRequests();
      const before = await runtime.functions();
      const result = await run(runtime, messages, perRequest);
      const counts: MeasuredCounts = {
        messages,
        apiRequests: Math.ceil(messages / perRequest),
        requests: await runtime.requests(),
        functionsBefore: before,
        functionsAfter: await runtime.functions(),
        // The peeks are eventually consistent reads.
        stronglyConsistentShare: 0,
      };
      runs.push({ perRequest, messages, messagesPerSecond: result, counts });
      progress(`${INSERT_KIND_APP.type}, ${perRequest} per request: ${result.toFixed(0)} msg/s`);
    }
    return { app: INSERT_KIND_APP.dir, type: INSERT_KIND_APP.type, runs };
  } finally {
    await runtime.stop();
  }
}

/** Sends `messages` charges in requests of `perRequest` (16 clients); msg/s until the last item is stored. */
async function run(runtime: BenchRuntime, messages: number, perRequest: number): Promise<number> {
  const prefix = `i${randomUUID().slice(0, 6)}`;
  const requests = Math.ceil(messages / perRequest);
  let next = 0;
  const began = performance.now();
  const sent = Promise.all(Array.from({ length: 16 }, async () => {
    while (next < requests) {
      const index = next++;
      const count = Math.min(perRequest, messages - index * perRequest);
      const status = await runtime.post('messages/batch', { messages: Array.from({ length: count }, (_, i) => charge(`${prefix}-${(index * perRequest + i) % 200}`, 1 + i)) });
      if (status !== 202) throw new Error(`the API answered ${status} to a batch of ${count}`);
    }
  }));
  let failure: unknown;
  sent.catch((error: unknown) => { failure = error; });
  const deadline = Date.now() + 600_000;
  let stored = 0;
  while (stored < messages) {
    if (failure !== undefined) throw failure;
    if (Date.now() > deadline) throw new Error(`only ${stored} of ${messages} ${INSERT_KIND_APP.type} items stored after 600 s`);
    await sleep(200);
    stored = await runtime.countItems(INSERT_KIND_APP.table, INSERT_KIND_APP.countedAttribute, prefix);
  }
  const end = performance.now();
  await sent;
  await waitForEmpty(runtime);
  return messages / ((end - began) / 1000);
}
