import type { MetricsAggregator } from '../metrics/metrics-aggregator.js';
import { LATENCY_METRIC } from '../../contract/index.js';
import { COUNT_METRICS, type MessageCounts, RATE_WINDOW_SECONDS, round, seriesOf } from './dashboard-snapshot.js';

/** How far back the `history` event reaches, in seconds: what the page's charts show (300 points, one a second). */
export const HISTORY_SECONDS = 300;

/**
 * The `history` event of `/_conveyor/events`, sent first to every client that connects: the last
 * {@link HISTORY_SECONDS} seconds (since the runtime started, if later) of what the charts plot, one
 * point a second, each point what that second's `snapshot` said (rates and latency over the
 * {@link RATE_WINDOW_SECONDS} seconds ending at it). Columns, as the charts take them.
 */
export interface DashboardHistory {
  /** Epoch ms. */
  readonly at: number;
  /** The points' times, epoch ms, oldest first. */
  readonly t: readonly number[];
  /** Messages per second, per count. */
  readonly rates: Readonly<Record<keyof MessageCounts, readonly number[]>>;
  /** EndToEndLatency percentiles, ms; null where the point's window has no samples. */
  readonly latency: {
    readonly p50: readonly (number | null)[];
    readonly p90: readonly (number | null)[];
    readonly p99: readonly (number | null)[];
  };
}

/** The history from the functions' metrics, counted as {@link metricFigures} counts a snapshot. */
export function metricHistory(metrics: MetricsAggregator, seconds = HISTORY_SECONDS): DashboardHistory {
  const history = metrics.history({ seconds, windowSeconds: RATE_WINDOW_SECONDS });
  const points = history.t.length;
  const rates = {} as Record<keyof MessageCounts, number[]>;
  for (const [key, name] of Object.entries(COUNT_METRICS) as [keyof MessageCounts, string][]) {
    const series = seriesOf(history.metrics, name);
    rates[key] = Array.from({ length: points }, (_, i) => round(series.reduce((sum, one) => sum + (one.ratePerSecond[i] as number), 0)));
  }
  // As in a snapshot: percentiles of separate series cannot be merged; the busiest one at each point stands for all.
  const latencySeries = seriesOf(history.metrics, LATENCY_METRIC);
  const latency = { p50: [] as (number | null)[], p90: [] as (number | null)[], p99: [] as (number | null)[] };
  for (let i = 0; i < points; i++) {
    const busiest = latencySeries.reduce<(typeof latencySeries)[number] | undefined>(
      (best, one) => ((one.sampleCount[i] as number) > (best?.sampleCount[i] ?? 0) ? one : best),
      undefined,
    );
    for (const p of ['p50', 'p90', 'p99'] as const) {
      const value = busiest?.[p][i];
      latency[p].push(value === undefined || value === null ? null : round(value, 1));
    }
  }
  return { at: Date.now(), t: history.t.map((second) => second * 1000), rates, latency };
}
