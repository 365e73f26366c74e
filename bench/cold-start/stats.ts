/** Median, 90th percentile and minimum of a set of timings, in milliseconds. */
export interface TimingStats {
  /** Middle value (mean of the two middle values for an even count), ms. */
  readonly median: number;
  /** 90th percentile by nearest rank, ms. */
  readonly p90: number;
  /** Smallest value, ms. */
  readonly min: number;
}

/** Summarizes samples (ms) as {@link TimingStats}, rounded to 0.1 ms; all zero for no samples. */
export function summarize(samples: readonly number[]): TimingStats {
  if (samples.length === 0) return { median: 0, p90: 0, min: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { median: round(median), p90: round(p90), min: round(sorted[0]!) };
}

/** Rounds to one decimal (0.1 ms is well below the noise of a process start). */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
