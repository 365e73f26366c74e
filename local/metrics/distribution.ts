/**
 * A distribution of metric values that answers percentiles: exact samples while there are few,
 * an HDR histogram (hdr-histogram-js, 2 significant digits: values within 1 %) beyond that.
 */
import { build, type Histogram } from 'hdr-histogram-js';

/** Samples kept exactly per distribution before it switches to a histogram. */
export const EXACT_SAMPLE_LIMIT = 128;

/** Values are recorded in the histogram as integers of 1/1000 (so fractional ms keep three decimals). */
const SCALE = 1000;
/** Largest value the histogram tracks (scaled stays below 2^53); larger ones are recorded as this. */
const MAX_TRACKED = 1e12;
/** Merged windows with at most this many exact samples are answered exactly. */
const EXACT_MERGE_LIMIT = 8192;

const newHistogram = (): Histogram => build({ bitBucketSize: 'packed', numberOfSignificantValueDigits: 2, autoResize: true });
const toTracked = (value: number): number => Math.round(Math.min(Math.max(value, 0), MAX_TRACKED) * SCALE);

/**
 * Values of one metric over one time slot. Negative values are exact while the distribution is
 * exact and count as 0 once it is a histogram (metrics here are counts, sizes and durations).
 */
export class Distribution {
  #samples: number[] | undefined = [];
  #histogram: Histogram | undefined;

  /** How many values were recorded. */
  get count(): number {
    return this.#samples ? this.#samples.length : (this.#histogram as Histogram).totalCount;
  }

  record(value: number): void {
    if (this.#samples) {
      this.#samples.push(value);
      if (this.#samples.length <= EXACT_SAMPLE_LIMIT) return;
      const histogram = newHistogram();
      for (const sample of this.#samples) histogram.recordValue(toTracked(sample));
      this.#histogram = histogram;
      this.#samples = undefined;
      return;
    }
    (this.#histogram as Histogram).recordValue(toTracked(value));
  }

  /**
   * Percentiles (0–100, nearest rank) over several distributions taken together, in `ps` order;
   * `NaN` each when they hold no values.
   */
  static percentiles(distributions: readonly Distribution[], ps: readonly number[]): number[] {
    const exact = distributions.every((d) => d.#samples !== undefined);
    const total = distributions.reduce((n, d) => n + d.count, 0);
    if (total === 0) return ps.map(() => Number.NaN);
    if (exact && total <= EXACT_MERGE_LIMIT) {
      const sorted = distributions.flatMap((d) => d.#samples as number[]).sort((a, b) => a - b);
      return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number);
    }
    const merged = newHistogram();
    for (const d of distributions) {
      if (d.#samples) for (const sample of d.#samples) merged.recordValue(toTracked(sample));
      else merged.add(d.#histogram as Histogram);
    }
    return ps.map((p) => merged.getValueAtPercentile(p) / SCALE);
  }
}
