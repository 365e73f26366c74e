/**
 * The pipeline benchmarks' load: `ledger.credit` messages through the API, one per `POST /messages`
 * or 10 per `POST /messages/batch`, as fast as answered or paced to a rate.
 */
import { randomUUID } from 'node:crypto';
import type { BenchRuntime } from './support/bench-runtime.js';

/** How messages enter: one per `POST /messages`, or 10 per `POST /messages/batch`. */
export type Ingest = 'single' | 'batch';

/** Messages per batch request (one SendMessageBatch). */
export const BATCH_SIZE = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const credit = (account: string, amount: number) => ({ type: 'ledger.credit', payload: { account, amount } });

/** One request of `ingest` carrying messages `from`…`from + count - 1` of a run. */
export async function send(runtime: BenchRuntime, ingest: Ingest, prefix: string, from: number, count: number): Promise<void> {
  const status = ingest === 'single'
    ? await runtime.post('messages', credit(`${prefix}-${from % 200}`, 1))
    : await runtime.post('messages/batch', { messages: Array.from({ length: count }, (_, i) => credit(`${prefix}-${(from + i) % 200}`, 1)) });
  if (status !== 202 && status !== 207) throw new Error(`the API answered ${status}`);
}

/** What {@link sendPaced} sent. */
export interface PacedRun {
  /** Account prefix of the run's credits. */
  readonly prefix: string;
  readonly messages: number;
  /** `performance.now()` when the first request went out. */
  readonly began: number;
}

/**
 * Open loop: batch requests paced to `rate` messages per second for `seconds` (each sent on time,
 * whether or not the earlier ones were answered); resolves once every request is answered.
 */
export async function sendPaced(runtime: BenchRuntime, rate: number, seconds: number, ingest: Ingest = 'batch'): Promise<PacedRun> {
  const prefix = `l${randomUUID().slice(0, 6)}`;
  const per = ingest === 'single' ? 1 : BATCH_SIZE;
  const requests = Math.max(1, Math.round((rate * seconds) / per));
  const interval = (1000 * per) / rate;
  const began = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < requests; i += 1) {
    const due = began + i * interval;
    if (due > performance.now()) await sleep(due - performance.now());
    inFlight.push(send(runtime, ingest, prefix, i * per, per));
  }
  await Promise.all(inFlight);
  return { prefix, messages: requests * per, began };
}

/** Waits until all of a run's credits are in the ledger. */
export async function waitForCredits(runtime: BenchRuntime, prefix: string, messages: number): Promise<void> {
  while ((await runtime.ledgerCredits(prefix)) < messages) await sleep(100);
}

