/**
 * The pipeline section of `npm run bench`: the embedded runtime in its own process, its closed-loop
 * rates (batch and single ingest), its steady rate (paced; `steady-rate.ts`) and its end-to-end
 * latency at shares of the steady rate; and the same closed-loop
 * sustained rates on a second runtime started with `--in-memory`, interleaved run by run with the
 * default one (queues and tables on disk), for the cost of persistence.
 */
import { randomUUID } from 'node:crypto';
import { waitForEmpty } from './consumers.js';
import { BATCH_SIZE, type Ingest, send, sendPaced, waitForCredits } from './load.js';
import { measureSteadyRate, type SteadyRate } from './steady-rate.js';
import { type BenchRuntime, startBenchRuntime } from './support/bench-runtime.js';
import type { MeasuredCounts } from './usage.js';
import { LATENCY_METRIC } from '../contract/index.js';

export { BATCH_SIZE, type Ingest } from './load.js';

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

/**
 * Pause before a latency phase, ms: more than the window's two seconds of slack, so no value of the
 * phase before it (or of a drained backlog) is counted in it. At 1.5 s, the first phase after a
 * closed-loop run counted part of that run's queued seconds (p50 1.8 s at 80 msg/s).
 */
export const LATENCY_PAUSE_MS = 3_000;

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
  // The metrics are bucketed by the second of each value's timestamp (wall clock), and the window
  // is counted in whole seconds back from the runtime's current one: it starts at the second the
  // phase began, one more to be safe, and the pause keeps the previous phase's values (which may be
  // a drained backlog's, seconds long) two whole seconds before that.
  await sleep(LATENCY_PAUSE_MS);
  const startedAt = Date.now();
  const { prefix, messages } = await sendPaced(runtime, rate, seconds, ingest);
  await waitForCredits(runtime, prefix, messages);
  await waitForEmpty(runtime);
  const windowSeconds = Math.floor(Date.now() / 1000) - Math.floor(startedAt / 1000) + 2;
  const e2e = (await runtime.metrics(windowSeconds)).metrics.find((metric) => metric.name === LATENCY_METRIC);
  if (e2e === undefined) throw new Error('the consumer reported no EndToEndLatency');
  const samples = e2e.sampleCount;
  if (samples < messages) throw new Error(`EndToEndLatency has ${samples} samples for ${messages} messages`);
  return { rateMsgPerSec: rate, share, p50: e2e.p50, p90: e2e.p90, p99: e2e.p99, samples };
}

/** Sizes of {@link measurePipeline}. */
export interface PipelineSizes {
  /** Messages of each batch-ingest run. */
  readonly sustained: number;
  /** Messages of each single-ingest run. */
  readonly sustainedSingle: number;
  /** Runs of each ingest on each runtime; the median is reported. */
  readonly sustainedRepeats: number;
  /** Seconds of each latency phase. */
  readonly latencySeconds: number;
  /** Seconds of each paced probe of the steady rate. */
  readonly steadySeconds: number;
  /** Probes of the steady rate after its upper bound. */
  readonly steadyProbes: number;
  /** Also measure the sustained rates on a runtime started with `--in-memory`. @default true */
  readonly compareInMemory?: boolean;
}

/** Sustained rates of one runtime, msg/s: medians over the repeats. */
export interface StorageRates {
  readonly batch: number;
  readonly single: number;
  readonly batchRuns: readonly number[];
  readonly singleRuns: readonly number[];
}

/** What {@link measurePipeline} measured. */
export interface PipelineSection {
  /** `latest.json`'s `pipeline`: the default runtime (queues and tables on disk). */
  readonly pipeline: {
    readonly sustained: { batch: { messagesPerSecond: number; runs: SustainedResult[] }; single: SustainedResult & { runs: SustainedResult[] } };
    /** Batch ingest paced in the open loop: the highest rate applied as fast as it arrives; the latency shares are of it. */
    readonly steady: SteadyRate;
    readonly latency: LatencyPoint[];
  };
  /** Requests and function counters of the last batch and single runs on disk (for the cost section). */
  readonly batchCounts: MeasuredCounts;
  readonly singleCounts: MeasuredCounts;
  /** Sustained rates on disk and, unless left out, in memory. */
  readonly storage: { readonly disk: StorageRates; readonly memory?: StorageRates };
}

type Progress = (done: number, total: number, label: string) => void;

/**
 * Starts the bench runtime (on disk, from empty state) and, with `compareInMemory`, a second one
 * with `--in-memory`; warms both up; runs the sustained rates alternately on each (the order flips
 * every repeat, so drift and background load hit both alike; the idle one's pollers only wait on
 * their long polls); stops the in-memory one; then the latency phases on the disk one.
 */
export async function measurePipeline(projectDir: string, sizes: PipelineSizes, progress: Progress): Promise<PipelineSection> {
  const step = (label: string) => progress(0, 1, label);
  step('starting the runtime');
  const disk = await startBenchRuntime(projectDir, 'pipeline');
  let memory: BenchRuntime | undefined;
  try {
    if (sizes.compareInMemory ?? true) {
      step('starting the runtime with --in-memory');
      memory = await startBenchRuntime(projectDir, 'pipeline-memory', { inMemory: true });
    }
    const runtimes = [{ name: 'disk', runtime: disk }, ...(memory ? [{ name: 'memory', runtime: memory }] : [])];
    step('warming up');
    for (const { runtime } of runtimes) await measureSustained(runtime, 'batch', 300);
    const runs = new Map(runtimes.map(({ name }) => [name, { batch: [] as SustainedResult[], single: [] as SustainedResult[] }]));
    let batchCounts: MeasuredCounts | undefined;
    let singleCounts: MeasuredCounts | undefined;
    const total = sizes.sustainedRepeats * 2 * runtimes.length;
    let done = 0;
    for (const ingest of ['batch', 'single'] as const) {
      const messages = ingest === 'batch' ? sizes.sustained : sizes.sustainedSingle;
      for (let repeat = 1; repeat <= sizes.sustainedRepeats; repeat += 1) {
        const order = repeat % 2 === 1 ? runtimes : [...runtimes].reverse();
        for (const { name, runtime } of order) {
          await runtime.resetRequests();
          const before = await runtime.functions();
          const run = await measureSustained(runtime, ingest, messages);
          runs.get(name)![ingest].push(run);
          if (name === 'disk') {
            const counts = { messages: run.messages, apiRequests: run.apiRequests, requests: await runtime.requests(), functionsBefore: before, functionsAfter: await runtime.functions(), stronglyConsistentShare: 0 };
            if (ingest === 'batch') batchCounts = counts;
            else singleCounts = counts;
          }
          progress(++done, total, `${ingest} ingest ${repeat}/${sizes.sustainedRepeats}${memory ? `, ${name}` : ''}: ${run.messagesPerSecond.toFixed(0)} msg/s`);
        }
      }
    }
    await memory?.stop();
    memory = undefined;
    const rates = (name: string): StorageRates => {
      const entry = runs.get(name)!;
      return { batch: median(entry.batch.map((run) => run.messagesPerSecond)), single: median(entry.single.map((run) => run.messagesPerSecond)), batchRuns: entry.batch.map((run) => run.messagesPerSecond), singleRuns: entry.single.map((run) => run.messagesPerSecond) };
    };
    const diskRuns = runs.get('disk')!;
    const sustained = rates('disk').batch;
    const singleMedian = [...diskRuns.single].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[Math.floor(diskRuns.single.length / 2)]!;
    const steady = await measureSteadyRate(disk, { seconds: sizes.steadySeconds, upperBound: sustained, probes: sizes.steadyProbes }, step);
    const latency: LatencyPoint[] = [];
    for (const share of [0.25, 0.5, 0.9]) {
      const rate = steady.messagesPerSecond * share;
      step(`latency at ${share * 100} % (${rate.toFixed(0)} msg/s)`);
      latency.push(await measureLatencyAt(disk, rate, share, sizes.latencySeconds));
    }
    return {
      pipeline: { sustained: { batch: { messagesPerSecond: sustained, runs: diskRuns.batch }, single: { ...singleMedian, runs: diskRuns.single } }, steady, latency },
      batchCounts: batchCounts!,
      singleCounts: singleCounts!,
      storage: { disk: rates('disk'), ...(runs.has('memory') ? { memory: rates('memory') } : {}) },
    };
  } finally {
    await memory?.stop();
    await disk.stop();
  }
}

/** Median (upper middle for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
