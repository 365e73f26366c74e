/** One metric series (namespace, name, dimension set): 1-second buckets, distribution slots and totals. */
import { Distribution } from './distribution.js';

/** count / sum / min / max of some values. */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
}

const emptyAggregate = (): Aggregate => ({ count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY });

function add(aggregate: Aggregate, value: number): void {
  aggregate.count += 1;
  aggregate.sum += value;
  if (value < aggregate.min) aggregate.min = value;
  if (value > aggregate.max) aggregate.max = value;
}

/** What a series holds over a window of seconds. */
export interface WindowStats extends Aggregate {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** One entry per second of the window, oldest first. */
  readonly series: { t: number; count: number; sum: number }[];
}

/** A series over consecutive seconds, each point aggregating the seconds of a window that ends at it. */
export interface RollingStats {
  /** Values in each point's window. */
  readonly count: number[];
  readonly sum: number[];
  /** Percentiles of each point's window (as {@link MetricSeries.window} computes them); NaN where it holds no values. */
  readonly p50: number[];
  readonly p90: number[];
  readonly p99: number[];
}

/** Identity of a series. */
export interface SeriesId {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The key of a series: namespace, name and sorted dimensions. */
export function seriesKey(id: SeriesId): string {
  const dimensions = Object.keys(id.dimensions)
    .sort()
    .map((k) => `${k}=${id.dimensions[k]}`)
    .join(',');
  return `${id.namespace}\u0000${id.name}\u0000${dimensions}`;
}

/** Values of one series: per-second aggregates and per-slot distributions within retention, and totals forever. */
export class MetricSeries {
  readonly namespace: string;
  readonly name: string;
  /** The unit first seen for the series. */
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Function short names that emitted the series. */
  readonly sources = new Set<string>();
  /** Since the aggregator started, retention aside. */
  readonly total: Aggregate = emptyAggregate();
  readonly #buckets = new Map<number, Aggregate>();
  readonly #slots = new Map<number, Distribution>();
  readonly #slotSeconds: number;

  constructor(id: SeriesId, unit: string, slotSeconds: number) {
    this.namespace = id.namespace;
    this.name = id.name;
    this.dimensions = { ...id.dimensions };
    this.unit = unit;
    this.#slotSeconds = slotSeconds;
  }

  /** Records into the totals only (for values older than retention). */
  recordTotal(value: number): void {
    add(this.total, value);
  }

  /** Records a value at epoch second `second`. */
  record(second: number, value: number): void {
    add(this.total, value);
    let bucket = this.#buckets.get(second);
    if (!bucket) {
      bucket = emptyAggregate();
      this.#buckets.set(second, bucket);
    }
    add(bucket, value);
    const slot = this.#slotOf(second);
    let distribution = this.#slots.get(slot);
    if (!distribution) {
      distribution = new Distribution();
      this.#slots.set(slot, distribution);
    }
    distribution.record(value);
  }

  /** Drops buckets before epoch second `oldest` and slots that end before it. */
  prune(oldest: number): void {
    for (const second of this.#buckets.keys()) if (second < oldest) this.#buckets.delete(second);
    for (const slot of this.#slots.keys()) if (slot + this.#slotSeconds <= oldest) this.#slots.delete(slot);
  }

  /**
   * Aggregates of seconds `from`..`to` (inclusive). Percentiles come from the distribution slots
   * that overlap the window, so they may include up to one slot's worth of older seconds.
   */
  window(from: number, to: number): WindowStats {
    const aggregate = emptyAggregate();
    const series: { t: number; count: number; sum: number }[] = [];
    for (let t = from; t <= to; t++) {
      const bucket = this.#buckets.get(t);
      series.push({ t, count: bucket?.count ?? 0, sum: bucket?.sum ?? 0 });
      if (!bucket) continue;
      aggregate.count += bucket.count;
      aggregate.sum += bucket.sum;
      aggregate.min = Math.min(aggregate.min, bucket.min);
      aggregate.max = Math.max(aggregate.max, bucket.max);
    }
    const distributions: Distribution[] = [];
    for (let slot = this.#slotOf(from); slot <= to; slot += this.#slotSeconds) {
      const distribution = this.#slots.get(slot);
      if (distribution) distributions.push(distribution);
    }
    const clamp = (v: number) => Math.min(aggregate.max, Math.max(aggregate.min, v));
    const [p50, p90, p99] = Distribution.percentiles(distributions, [50, 90, 99]).map(clamp) as [number, number, number];
    return { ...aggregate, p50, p90, p99, series };
  }

  /**
   * For each second `t` of `from`..`to`, the aggregates of the `width` seconds ending at `t` — the
   * figures {@link window} gives for `t - width + 1`..`t`, computed for every `t` at once (the
   * percentiles of windows that overlap the same slots are merged once).
   */
  rolling(from: number, to: number, width: number): RollingStats {
    const stats: RollingStats = { count: [], sum: [], p50: [], p90: [], p99: [] };
    const merged = new Map<string, number[]>();
    let count = 0;
    let sum = 0;
    for (let t = from - width + 1; t < from; t++) {
      count += this.#buckets.get(t)?.count ?? 0;
      sum += this.#buckets.get(t)?.sum ?? 0;
    }
    for (let t = from; t <= to; t++) {
      const entering = this.#buckets.get(t);
      const leaving = this.#buckets.get(t - width);
      count += (entering?.count ?? 0) - (leaving?.count ?? 0);
      sum += (entering?.sum ?? 0) - (leaving?.sum ?? 0);
      stats.count.push(count);
      stats.sum.push(sum);
      const first = this.#slotOf(t - width + 1);
      const last = this.#slotOf(t);
      const key = `${first}:${last}`;
      let percentiles = merged.get(key);
      if (percentiles === undefined) {
        const distributions: Distribution[] = [];
        for (let slot = first; slot <= last; slot += this.#slotSeconds) {
          const distribution = this.#slots.get(slot);
          if (distribution) distributions.push(distribution);
        }
        percentiles = Distribution.percentiles(distributions, [50, 90, 99]);
        merged.set(key, percentiles);
      }
      const [p50, p90, p99] = count === 0 ? [Number.NaN, Number.NaN, Number.NaN] : this.#clamped(percentiles, t - width + 1, t);
      stats.p50.push(p50);
      stats.p90.push(p90);
      stats.p99.push(p99);
    }
    return stats;
  }

  /** Percentiles clamped to the min and max of the seconds `from`..`to`, as {@link window} does. */
  #clamped(percentiles: readonly number[], from: number, to: number): [number, number, number] {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let t = from; t <= to; t++) {
      const bucket = this.#buckets.get(t);
      if (!bucket) continue;
      min = Math.min(min, bucket.min);
      max = Math.max(max, bucket.max);
    }
    const clamp = (v: number) => Math.min(max, Math.max(min, v));
    return percentiles.map(clamp) as [number, number, number];
  }

  #slotOf(second: number): number {
    return second - (((second % this.#slotSeconds) + this.#slotSeconds) % this.#slotSeconds);
  }
}
