/**
 * A load run: sends a {@link LoadPlan}'s messages at a steady rate (open loop: request k is due at
 * k × batch / rate seconds, whatever earlier answers took), at most `concurrency` requests in
 * flight, and counts what the API answered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { build, type Histogram } from 'hdr-histogram-js';
import { type ApiAnswer, type ConveyorApi, errorOf } from './api-client.js';
import { isOpsError, OpsError } from './errors.js';
import type { LoadPlan, PlannedMessage } from './load-plan.js';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly api: ConveyorApi;
  readonly plan: LoadPlan;
  /** Messages per second to send. */
  readonly ratePerSecond: number;
  /** Messages per request: 1 uses `POST messages`, more `POST messages/batch` (≤ 100). @default 1 */
  readonly batchSize?: number;
  /** Requests in flight at most; when they are all slow, later requests start late. @default 16 */
  readonly concurrency?: number;
  /** Stops sending; requests in flight are still awaited and counted. */
  readonly signal?: AbortSignal;
  /** Called after every answer. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** Counts so far, for a progress bar. */
export interface LoadProgress {
  /** Messages whose request was answered (or failed). */
  readonly done: number;
  readonly accepted: number;
  readonly failed: number;
}

/** What a load run did. */
export interface LoadSummary {
  /** The run's id: its accounts are `load-<runId>-…`, its keys `<runId>-<n>`. */
  readonly runId: string;
  /** Accounts credited (1 cent per unique message). */
  readonly accounts: readonly string[];
  /** FIFO message groups the messages were spread over; empty when they carried no group. */
  readonly groups: readonly string[];
  /** Bytes of each message's `{type, payload}` JSON. */
  readonly messageBytes: number;
  readonly batchSize: number;
  readonly messages: {
    /** Planned for the run. */
    readonly planned: number;
    /** Sent (their request was made). */
    readonly sent: number;
    /** Accepted by the API (2xx, or an accepted item of a 207). */
    readonly accepted: number;
    /** Not accepted: 4xx/5xx, failed 207 items, network errors. */
    readonly failed: number;
    /** Sent as duplicates of an earlier message (same key and payload). */
    readonly duplicates: number;
    /** Distinct idempotency keys with at least one accepted send: the credits the ledger should show. */
    readonly uniqueAccepted: number;
  };
  readonly requests: { readonly sent: number; readonly succeeded: number; readonly failed: number };
  /** Messages not accepted, by `<status> <code>` (`0 NETWORK` for requests that got no answer). */
  readonly errors: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly rate: { readonly target: number; readonly achieved: number };
  /** Client-side request latency, ms; null when no request was answered. */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number; readonly requests: number } | null;
  /** True when the run was stopped before it sent every message. */
  readonly interrupted: boolean;
}

/** Sends the plan and summarizes the answers. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const { api, plan, ratePerSecond } = options;
  const batchSize = options.batchSize ?? 1;
  const concurrency = options.concurrency ?? 16;
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new OpsError('INPUT', `the rate must be a positive number of messages per second (got ${ratePerSecond})`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100) throw new OpsError('INPUT', `the batch size must be 1–100 messages (got ${batchSize})`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new OpsError('INPUT', `concurrency must be a positive integer (got ${concurrency})`);

  const counts = new Tally(plan);
  const intervalMs = (batchSize / ratePerSecond) * 1000;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let request = 0; !plan.done && !options.signal?.aborted; request++) {
    const wait = started + request * intervalMs - performance.now();
    if (wait > 0 && !(await pause(wait, options.signal))) break;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const batch = plan.take(batchSize);
    const sending: Promise<void> = send(api, batch, batchSize).then((outcome) => {
      counts.add(batch, outcome);
      options.onProgress?.(counts.progress());
    }).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  return counts.summary({ batchSize, ratePerSecond, seconds, interrupted: !plan.done });
}

/** Waits `ms`; false when aborted first. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
    return true;
  } catch {
    return false;
  }
}

type Outcome = { readonly answer: ApiAnswer } | { readonly networkError: string };

async function send(api: ConveyorApi, batch: readonly PlannedMessage[], batchSize: number): Promise<Outcome> {
  try {
    const messages = batch.map((planned) => planned.message);
    const answer = batchSize === 1 ? await api.postMessage(messages[0]!) : await api.postBatch(messages);
    return { answer };
  } catch (error) {
    if (isOpsError(error, 'REQUEST_FAILED')) return { networkError: error.message };
    throw error;
  }
}

/** Running counts of a load run. */
class Tally {
  readonly #plan: LoadPlan;
  readonly #latency: Histogram = build({ numberOfSignificantValueDigits: 3, autoResize: true });
  readonly #acceptedKeys = new Set<string>();
  readonly #errors: Record<string, number> = {};
  #sent = 0;
  #accepted = 0;
  #duplicates = 0;
  #requests = 0;
  #requestsOk = 0;

  constructor(plan: LoadPlan) {
    this.#plan = plan;
  }

  add(batch: readonly PlannedMessage[], outcome: Outcome): void {
    this.#requests += 1;
    this.#sent += batch.length;
    this.#duplicates += batch.filter((planned) => planned.duplicate).length;
    if ('networkError' in outcome) {
      this.#error('0 NETWORK', batch.length);
      return;
    }
    const { answer } = outcome;
    this.#latency.recordValue(Math.max(1, Math.round(answer.latencyMs * 1000)));
    const items = (answer.body as { results?: unknown } | null)?.results;
    if (answer.status === 207 && Array.isArray(items)) {
      this.#requestsOk += 1;
      batch.forEach((planned, index) => {
        const error = errorOf(items[index]);
        if (error === undefined) this.#accept(planned);
        else this.#error(`207 ${error.code}`, 1);
      });
    } else if (answer.status >= 200 && answer.status < 300) {
      this.#requestsOk += 1;
      for (const planned of batch) this.#accept(planned);
    } else {
      this.#error(`${answer.status} ${errorOf(answer.body)?.code ?? 'UNKNOWN'}`, batch.length);
    }
  }

  progress(): LoadProgress {
    return { done: this.#sent, accepted: this.#accepted, failed: this.#sent - this.#accepted };
  }

  summary(run: { batchSize: number; ratePerSecond: number; seconds: number; interrupted: boolean }): LoadSummary {
    const latency = this.#latency;
    const ms = (micros: number) => Math.round(micros / 10) / 100;
    return {
      runId: this.#plan.runId,
      accounts: this.#plan.accounts,
      groups: this.#plan.groups,
      messageBytes: this.#plan.messageBytes,
      batchSize: run.batchSize,
      messages: {
        planned: this.#plan.total,
        sent: this.#sent,
        accepted: this.#accepted,
        failed: this.#sent - this.#accepted,
        duplicates: this.#duplicates,
        uniqueAccepted: this.#acceptedKeys.size,
      },
      requests: { sent: this.#requests, succeeded: this.#requestsOk, failed: this.#requests - this.#requestsOk },
      errors: { ...this.#errors },
      seconds: Math.round(run.seconds * 1000) / 1000,
      rate: { target: run.ratePerSecond, achieved: run.seconds > 0 ? Math.round((this.#sent / run.seconds) * 10) / 10 : 0 },
      latencyMs: latency.totalCount === 0 ? null : {
        p50: ms(latency.getValueAtPercentile(50)),
        p90: ms(latency.getValueAtPercentile(90)),
        p99: ms(latency.getValueAtPercentile(99)),
        max: ms(latency.maxValue),
        mean: ms(latency.mean),
        requests: latency.totalCount,
      },
      interrupted: run.interrupted,
    };
  }

  #accept(planned: PlannedMessage): void {
    this.#accepted += 1;
    this.#acceptedKeys.add(planned.message.idempotencyKey);
  }

  #error(key: string, messages: number): void {
    this.#errors[key] = (this.#errors[key] ?? 0) + messages;
  }
}
