/** Aggregates the functions' EMF metrics and the runtime's own into windows that answer rates and percentiles. */
import type { EmfRecord } from './emf.js';
import { MetricsOptionsError } from '../errors.js';
import { MetricSeries, seriesKey } from './series.js';

/** Options of {@link MetricsAggregator}. */
export interface MetricsAggregatorOptions {
  /** How long per-second data is kept, in seconds; snapshots can look back this far. @default 900 (15 minutes) */
  readonly retentionSeconds?: number;
  /** Width of the slots that hold value distributions (percentiles), in seconds; memory vs. precision. @default 5 */
  readonly distributionSlotSeconds?: number;
  /** Clock, epoch ms. @default Date.now */
  readonly now?: () => number;
}

/** Options of {@link MetricsAggregator.snapshot}. */
export interface SnapshotOptions {
  /** Look back this many seconds, counting the current one; an integer ≥ 1, clamped to the retention. @default 60 */
  readonly windowSeconds?: number;
  /** Only this namespace. @default every namespace */
  readonly namespace?: string;
}

/** One series over a snapshot's window. */
export interface MetricWindow {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Function short names that emitted it (empty for the runtime's own metrics). */
  readonly sources: readonly string[];
  /** Values recorded in the window. */
  readonly sampleCount: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly average: number;
  /** Percentiles (nearest rank; within 1 % once a slot holds over 128 values). */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** `sum` per second for `Count` metrics (events/s), `sampleCount` per second otherwise (observations/s). */
  readonly ratePerSecond: number;
  /** Per second of the window, oldest first; `t` in epoch seconds. */
  readonly series: readonly { readonly t: number; readonly count: number; readonly sum: number }[];
}

/** What {@link MetricsAggregator.snapshot} returns. */
export interface MetricsSnapshot {
  /** The window used: the requested one, clamped to the retention. */
  readonly windowSeconds: number;
  /** Series with at least one value in the window, sorted by namespace, name and dimensions. */
  readonly metrics: readonly MetricWindow[];
}

/** Options of {@link MetricsAggregator.history}. */
export interface HistoryOptions {
  /** How many seconds back, counting the current one: an integer ≥ 1, clamped to the retention and to the aggregator's start. @default 300 */
  readonly seconds?: number;
  /** Each point aggregates the seconds of a window ending at it, as a snapshot with this `windowSeconds` would. @default 1 */
  readonly windowSeconds?: number;
  /** Only this namespace. @default every namespace */
  readonly namespace?: string;
}

/** One series over a history: one entry per point of {@link MetricsHistory.t}. */
export interface MetricHistory {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Values in each point's window. */
  readonly sampleCount: readonly number[];
  readonly sum: readonly number[];
  /** As a snapshot's `ratePerSecond`, for each point's window. */
  readonly ratePerSecond: readonly number[];
  /** Percentiles of each point's window; null where it holds no values. */
  readonly p50: readonly (number | null)[];
  readonly p90: readonly (number | null)[];
  readonly p99: readonly (number | null)[];
}

/** What {@link MetricsAggregator.history} returns. */
export interface MetricsHistory {
  /** The points' epoch seconds, oldest first, one a second, ending at the current one. */
  readonly t: readonly number[];
  readonly windowSeconds: number;
  /** Series with at least one value over the history, sorted by namespace, name and dimensions. */
  readonly metrics: readonly MetricHistory[];
}

/** One series since the aggregator started. */
export interface MetricTotal {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

const OPTION_KEYS = new Set(['retentionSeconds', 'distributionSlotSeconds', 'now']);
const SNAPSHOT_KEYS = new Set(['windowSeconds', 'namespace']);
const HISTORY_KEYS = new Set(['seconds', 'windowSeconds', 'namespace']);

/**
 * Keeps, per (namespace, name, dimension set), 1-second buckets (count, sum, min, max) for the
 * retention window, value distributions per slot for percentiles, and totals since start.
 * Values are bucketed at their EMF `Timestamp` (future ones at now); values older than the
 * retention count in the totals only.
 */
export class MetricsAggregator {
  readonly #retention: number;
  readonly #slotSeconds: number;
  readonly #now: () => number;
  readonly #startSecond: number;
  readonly #series = new Map<string, MetricSeries>();
  #prunedAt = Number.NEGATIVE_INFINITY;

  /** @throws MetricsOptionsError naming an invalid or unknown option. */
  constructor(options: MetricsAggregatorOptions = {}) {
    for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new MetricsOptionsError(`unknown MetricsAggregator option ${key}`);
    const { retentionSeconds = 900, distributionSlotSeconds = 5, now = Date.now } = options;
    requireInteger('retentionSeconds', retentionSeconds, 1, 86_400);
    requireInteger('distributionSlotSeconds', distributionSlotSeconds, 1, 3_600);
    if (typeof now !== 'function') throw new MetricsOptionsError('now must be a function returning epoch ms');
    this.#retention = retentionSeconds;
    this.#slotSeconds = distributionSlotSeconds;
    this.#now = now;
    this.#startSecond = Math.floor(now() / 1000);
  }

  /** Adds parsed EMF records; `source` is the emitting function's short name. */
  ingest(records: readonly EmfRecord[], source?: string): void {
    const nowSecond = this.#nowSecond();
    for (const record of records) {
      const series = this.#seriesFor(record.namespace, record.name, record.unit, record.dimensions);
      if (source !== undefined) series.sources.add(source);
      const second = record.timestamp === undefined ? nowSecond : Math.min(nowSecond, Math.floor(record.timestamp / 1000));
      for (const value of record.values) this.#record(series, second, nowSecond, value);
    }
  }

  /** Records one of the runtime's own values now; non-finite values are ignored. */
  recordValue(namespace: string, name: string, unit: string, value: number, dimensions: Readonly<Record<string, string>> = {}): void {
    if (!Number.isFinite(value)) return;
    const nowSecond = this.#nowSecond();
    this.#record(this.#seriesFor(namespace, name, unit, dimensions), nowSecond, nowSecond, value);
  }

  /** Every series with values in the last `windowSeconds` seconds. @throws MetricsOptionsError for an invalid or unknown option. */
  snapshot(options: SnapshotOptions = {}): MetricsSnapshot {
    for (const key of Object.keys(options)) if (!SNAPSHOT_KEYS.has(key)) throw new MetricsOptionsError(`unknown snapshot option ${key}`);
    const { windowSeconds: requested = 60, namespace } = options;
    requireInteger('windowSeconds', requested, 1, Number.MAX_SAFE_INTEGER);
    const windowSeconds = Math.min(requested, this.#retention);
    const to = this.#nowSecond();
    const from = to - windowSeconds + 1;
    const elapsed = Math.max(1, Math.min(windowSeconds, to - this.#startSecond + 1));
    const metrics: MetricWindow[] = [];
    for (const key of [...this.#series.keys()].sort()) {
      const series = this.#series.get(key) as MetricSeries;
      if (namespace !== undefined && series.namespace !== namespace) continue;
      const stats = series.window(from, to);
      if (stats.count === 0) continue;
      metrics.push({
        namespace: series.namespace,
        name: series.name,
        unit: series.unit,
        dimensions: series.dimensions,
        sources: [...series.sources].sort(),
        sampleCount: stats.count,
        sum: stats.sum,
        min: stats.min,
        max: stats.max,
        average: stats.sum / stats.count,
        p50: stats.p50,
        p90: stats.p90,
        p99: stats.p99,
        ratePerSecond: (series.unit === 'Count' ? stats.sum : stats.count) / elapsed,
        series: stats.series,
      });
    }
    return { windowSeconds, metrics };
  }

  /**
   * The last `seconds` seconds, one point a second, each point what a snapshot with `windowSeconds`
   * taken at that second would have said: the history a chart of snapshots would have drawn had it
   * been open. Counts and rates are exact; percentiles come from the distribution slots as they are
   * now, so a point's may also reflect values recorded later in its last slot. Starts no earlier
   * than the aggregator did.
   * @throws MetricsOptionsError for an invalid or unknown option.
   */
  history(options: HistoryOptions = {}): MetricsHistory {
    for (const key of Object.keys(options)) if (!HISTORY_KEYS.has(key)) throw new MetricsOptionsError(`unknown history option ${key}`);
    const { seconds = 300, windowSeconds = 1, namespace } = options;
    requireInteger('seconds', seconds, 1, Number.MAX_SAFE_INTEGER);
    requireInteger('windowSeconds', windowSeconds, 1, this.#retention);
    const to = this.#nowSecond();
    const from = Math.max(to - Math.min(seconds, this.#retention) + 1, this.#startSecond);
    const t = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const elapsed = t.map((second) => Math.max(1, Math.min(windowSeconds, second - this.#startSecond + 1)));
    const orNull = (values: number[]) => values.map((value) => (Number.isNaN(value) ? null : value));
    const metrics: MetricHistory[] = [];
    for (const key of [...this.#series.keys()].sort()) {
      const series = this.#series.get(key) as MetricSeries;
      if (namespace !== undefined && series.namespace !== namespace) continue;
      const stats = series.rolling(from, to, windowSeconds);
      if (stats.count.every((count) => count === 0)) continue;
      const perSecond = series.unit === 'Count' ? stats.sum : stats.count;
      metrics.push({
        namespace: series.namespace,
        name: series.name,
        unit: series.unit,
        dimensions: series.dimensions,
        sampleCount: stats.count,
        sum: stats.sum,
        ratePerSecond: perSecond.map((value, i) => value / (elapsed[i] as number)),
        p50: orNull(stats.p50),
        p90: orNull(stats.p90),
        p99: orNull(stats.p99),
      });
    }
    return { t, windowSeconds, metrics };
  }

  /** count / sum / min / max of every series since the aggregator started (retention aside). */
  totals(): MetricTotal[] {
    return [...this.#series.keys()].sort().map((key) => {
      const s = this.#series.get(key) as MetricSeries;
      return { namespace: s.namespace, name: s.name, unit: s.unit, dimensions: s.dimensions, ...s.total };
    });
  }

  #record(series: MetricSeries, second: number, nowSecond: number, value: number): void {
    if (second <= nowSecond - this.#retention) series.recordTotal(value);
    else series.record(second, value);
  }

  #seriesFor(namespace: string, name: string, unit: string, dimensions: Readonly<Record<string, string>>): MetricSeries {
    const id = { namespace, name, dimensions };
    const key = seriesKey(id);
    let series = this.#series.get(key);
    if (!series) {
      series = new MetricSeries(id, unit, this.#slotSeconds);
      this.#series.set(key, series);
    }
    return series;
  }

  /** The current epoch second, pruning expired data at most once a second. */
  #nowSecond(): number {
    const second = Math.floor(this.#now() / 1000);
    if (second > this.#prunedAt) {
      this.#prunedAt = second;
      const oldest = second - this.#retention + 1;
      for (const series of this.#series.values()) series.prune(oldest);
    }
    return second;
  }
}

function requireInteger(name: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new MetricsOptionsError(`${name} must be an integer in ${min}..${max} (got ${String(value)})`);
  }
}
