import { randomUUID } from 'node:crypto';
import { waitForEmpty } from './consumers.js';
import type { BenchRuntime } from './support/bench-runtime.js';

/** How messages enter: one per `POST /messages`, or 10 per `POST /messages/batch`. */
export type Ingest = 'single' | 'batch';

/** Messages per batch request (one SendMessageBatch). */
export const BATCH_SIZE = 10;

/** A sustained-rate run. */
export interface SustainedResult {
  readonly ingest: Ingest;
  readonly messages: number;
  /** Messages per second end to end: first request sent → last credit in the ledger. */
  readonly messagesPerSecond: number;
  /** Messages per second the API accepted (first request → last answer). */
  readonly ingestPerSecond: number;
  readonly apiRequests: number;
}

/** A latency run at a paced rate. */
export interface LatencyPoint {
  /** Offered rate, messages per second. */
  readonly rateMsgPerSec: number;
  /** Share of the sustained rate it was asked for (0.25, 0.5, 0.9). */
  readonly share: number;
  /** End-to-end latency (accepted by the API → effect committed), ms, from the consumer's EndToEndLatency metric. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly samples: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const credit = (account: string, amount: number) => ({ type: 'ledger.credit', payload: { account, amount } });

/** One request of `ingest` carrying messages `from`…`from + count - 1` of a run. */
async function send(runtime: BenchRuntime, ingest: Ingest, prefix: string, from: number, count: number): Promise<void> {
  const status = ingest === 'single'
    ? await runtime.post('messages', credit(`${prefix}-${from % 200}`, 1))
    : await runtime.post('messages/batch', { messages: Array.from({ length: count }, (_, i) => credit(`${prefix}-${(from + i) % 200}`, 1)) });
  if (status !== 202 && status !== 207) throw new Error(`the API answered ${status}`);
}

/**
 * Closed loop: `senders` clients send `messages` as fast as the API takes them, while the consumer
 * drains the queue; the rate is messages over the time until the last credit is in the ledger.
 */
export async function measureSustained(runtime: BenchRuntime, ingest: Ingest, messages: number, senders = 16): Promise<SustainedResult> {
  const prefix = `s${randomUUID().slice(0, 6)}`;
  const per = ingest === 'single' ? 1 : BATCH_SIZE;
  const requests = Math.ceil(messages / per);
  let next = 0;
  const began = performance.now();
  const done = Promise.all(Array.from({ length: senders }, async () => {
    while (next < requests) {
      const index = next++;
      await send(runtime, ingest, prefix, index * per, Math.min(per, messages - index * per));
    }
  })).then(() => performance.now());
  let credited = 0;
  while (credited < messages) {
    await sleep(200);
    credited = await runtime.ledgerCredits(prefix);
  }
  const end = performance.now();
  const sent = await done;
  await waitForEmpty(runtime);
  return { ingest, messages, messagesPerSecond: messages / ((end - began) / 1000), ingestPerSecond: messages / ((sent - began) / 1000), apiRequests: requests };
}

/**
 * Open loop: batch requests paced to `rate` messages per second for `seconds`, then waits for the
 * queue to drain and reads the EndToEndLatency percentiles of exactly that window.
 */
export async function measureLatencyAt(runtime: BenchRuntime, rate: number, share: number, seconds: number, ingest: Ingest = 'batch'): Promise<LatencyPoint> {
  const prefix = `l${randomUUID().slice(0, 6)}`;
  const per = ingest === 'single' ? 1 : BATCH_SIZE;
  const requests = Math.max(1, Math.round((rate * seconds) / per));
  const interval = (1000 * per) / rate;
  // The metrics window is whole seconds: keep the previous phase's last samples out of it.
  await sleep(1_500);
  const began = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < requests; i += 1) {
    const due = began + i * interval;
    if (due > performance.now()) await sleep(due - performance.now());
    inFlight.push(send(runtime, ingest, prefix, i * per, per));
  }
  await Promise.all(inFlight);
  while ((await runtime.ledgerCredits(prefix)) < requests * per) await sleep(100);
  await waitForEmpty(runtime);
  const windowSeconds = Math.ceil((performance.now() - began) / 1000) + 1;
  const e2e = (await runtime.metrics(windowSeconds)).metrics.find((metric) => metric.name === 'EndToEndLatency');
  if (e2e === undefined) throw new Error('the consumer reported no EndToEndLatency');
  const samples = e2e.sampleCount;
  if (samples < requests * per) throw new Error(`EndToEndLatency has ${samples} samples for ${requests * per} messages`);
  return { rateMsgPerSec: rate, share, p50: e2e.p50, p90: e2e.p90, p99: e2e.p99, samples };
}
