import type { FunctionHostStats } from '../lambda/options.js';
import type { MetricsAggregator } from '../metrics/metrics-aggregator.js';
import type { QueueFigures } from './queue-stats.js';
import { LATENCY_METRIC, MESSAGE_COUNTERS } from '../../contract/index.js';

/** Message counts by outcome (per second in `rates`, since start in `totals`). */
export interface MessageCounts {
  readonly accepted: number;
  readonly processed: number;
  readonly failed: number;
  readonly duplicates: number;
  readonly deadLettered: number;
}

/** A function's figures in a snapshot. */
export interface FunctionFigures {
  /** Instances running an invocation (in-flight invocations). */
  readonly busy: number;
  /** Live instances. */
  readonly instances: number;
  /** Invocations waiting for an instance. */
  readonly queued: number;
  /** Invocations since start. */
  readonly invocations: number;
  /** Invocations that failed since start: errors, timeouts and crashes. */
  readonly errors: number;
}

/**
 * Where the messages accepted since the runtime started are now. Only the sum is certain; the
 * remainder has several causes (docs/dashboard.md, "Do the counters add up?").
 */
export interface MessageBalance {
  /** Messages in the source queues now: visible, in flight and delayed. */
  readonly queued: number;
  /**
   * accepted − (processed + duplicates + dead-lettered + queued). On a FIFO queue, chiefly the
   * copies SQS dropped itself (a MessageDeduplicationId — the idempotency key — seen in the last 5
   * minutes); also messages SQS's redrive policy moved to the DLQ (the consumer never counted them)
   * and, for a moment, a batch whose metrics are not in yet. Below zero after a redrive or a restart
   * (messages processed that were not accepted since the start).
   */
  readonly unaccounted: number;
  /** Whether a source queue is FIFO: the page then calls `unaccounted` "deduplicated by SQS". */
  readonly fifo: boolean;
}

/** The `snapshot` event of `/_conveyor/events`, sent every second. */
export interface DashboardSnapshot {
  /** Epoch ms. */
  readonly at: number;
  /** Per second over the last {@link RATE_WINDOW_SECONDS} seconds. */
  readonly rates: MessageCounts;
  /** EndToEndLatency (API accepted → consumer done) over the same window, ms; null without samples. */
  readonly latency: { readonly p50: number; readonly p90: number; readonly p99: number } | null;
  readonly queues: readonly QueueFigures[];
  /** By function short name. */
  readonly functions: Readonly<Record<string, FunctionFigures>>;
  /** Since the runtime started. */
  readonly totals: MessageCounts;
  /** `totals.accepted` against where the messages are: see {@link MessageBalance}. */
  readonly balance: MessageBalance;
}

/** The window of `rates` and `latency`, in seconds. */
export const RATE_WINDOW_SECONDS = 5;

/** The EMF metric behind each count (Producer: accepted; Consumer: the rest). */
export const COUNT_METRICS: Readonly<Record<keyof MessageCounts, string>> = {
  accepted: MESSAGE_COUNTERS.accepted,
  processed: MESSAGE_COUNTERS.processed,
  failed: MESSAGE_COUNTERS.failed,
  duplicates: MESSAGE_COUNTERS.duplicates,
  deadLettered: MESSAGE_COUNTERS.deadLettered,
};


interface Named {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The series of one metric to count: those with the fewest dimensions. EMF may emit a value once
 * per dimension set (e.g. `[service]` and `[service, type]`); summing every set would count it twice.
 */
export function seriesOf<T extends Named>(all: readonly T[], name: string): T[] {
  const named = all.filter((series) => series.name === name);
  const fewest = Math.min(...named.map((series) => Object.keys(series.dimensions).length));
  return named.filter((series) => Object.keys(series.dimensions).length === fewest);
}

/** `value` to `digits` decimals. */
export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Rates, latency and totals from the functions' metrics. */
export function metricFigures(metrics: MetricsAggregator): Pick<DashboardSnapshot, 'rates' | 'latency' | 'totals'> {
  const window = metrics.snapshot({ windowSeconds: RATE_WINDOW_SECONDS }).metrics;
  const totals = metrics.totals();
  const rates = {} as Record<keyof MessageCounts, number>;
  const sums = {} as Record<keyof MessageCounts, number>;
  for (const [key, name] of Object.entries(COUNT_METRICS) as [keyof MessageCounts, string][]) {
    rates[key] = round(seriesOf(window, name).reduce((sum, series) => sum + series.ratePerSecond, 0));
    sums[key] = seriesOf(totals, name).reduce((sum, series) => sum + series.sum, 0);
  }
  // Percentiles of separate series cannot be merged; the busiest one stands for all.
  const [latency] = seriesOf(window, LATENCY_METRIC).sort((a, b) => b.sampleCount - a.sampleCount);
  return {
    rates,
    latency: latency === undefined ? null : { p50: round(latency.p50, 1), p90: round(latency.p90, 1), p99: round(latency.p99, 1) },
    totals: sums,
  };
}

/** The balance of the accepted messages (see {@link MessageBalance}) from the totals and the queues now. */
export function messageBalance(totals: MessageCounts, queues: readonly QueueFigures[]): MessageBalance {
  const sources = queues.filter((queue) => queue.role === 'source');
  const queued = sources.reduce((sum, queue) => sum + queue.visible + queue.inFlight + queue.delayed, 0);
  return {
    queued,
    unaccounted: totals.accepted - (totals.processed + totals.duplicates + totals.deadLettered + queued),
    fifo: sources.some((queue) => queue.fifo === true),
  };
}

/** The snapshot figures of each function's host. */
export function functionFigures(stats: Readonly<Record<string, FunctionHostStats | undefined>>): Record<string, FunctionFigures> {
  const figures: Record<string, FunctionFigures> = {};
  for (const [name, s] of Object.entries(stats)) {
    if (s === undefined) continue;
    figures[name] = { busy: s.busy, instances: s.instances, queued: s.queued, invocations: s.invocations, errors: s.errors + s.timeouts + s.crashes };
  }
  return figures;
}
