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

  #slotOf(second: number): number {
    return second - (((second % this.#slotSeconds) + this.#slotSeconds) % this.#slotSeconds);
  }
}
