import { describe, expect, it } from 'vitest';
import { Distribution, EXACT_SAMPLE_LIMIT } from '../../../local/metrics/distribution.js';

/** Distributions holding `values`, dealt round-robin into `parts` of them. */
function dealt(values: readonly number[], parts: number): Distribution[] {
  const distributions = Array.from({ length: parts }, () => new Distribution());
  values.forEach((v, i) => distributions[i % parts]?.record(v));
  return distributions;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('Distribution', () => {
  it('is exact (nearest rank) while small', () => {
    // Arrange
    const distributions = dealt(range(1, 100), 1);

    // Act
    const [p50, p90, p99, p100] = Distribution.percentiles(distributions, [50, 90, 99, 100]);

    // Assert
    expect([p50, p90, p99, p100]).toEqual([50, 90, 99, 100]);
  });

  it('keeps fractions and negatives exactly while small', () => {
    const distributions = dealt([-2.5, 0.25, 1.75], 1);

    expect(Distribution.percentiles(distributions, [0, 50, 100])).toEqual([-2.5, 0.25, 1.75]);
  });

  it('merges exact distributions', () => {
    expect(Distribution.percentiles(dealt(range(1, 1000), 10), [50])).toEqual([500]);
  });

  it('switches to a histogram past the limit and stays within 1 % on 1..1000', () => {
    // Arrange
    const distributions = dealt(range(1, 1000), 2);

    // Act
    const [p50, p90, p99] = Distribution.percentiles(distributions, [50, 90, 99]);

    // Assert
    expect(distributions[0]?.count).toBeGreaterThan(EXACT_SAMPLE_LIMIT);
    expect(p50).toBeGreaterThanOrEqual(495);
    expect(p50).toBeLessThanOrEqual(505);
    expect(Math.abs((p90 as number) - 900) / 900).toBeLessThan(0.01);
    expect(Math.abs((p99 as number) - 990) / 990).toBeLessThan(0.01);
  });

  it('stays within 1 % on a skewed distribution of fractional milliseconds', () => {
    // Arrange: exponential-ish latencies, 0.1 ms .. ~1 s
    const values = range(0, 9999).map((i) => 0.1 * Math.exp(i / 1085));
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;

    // Act
    const percentiles = Distribution.percentiles(dealt(values, 4), [50, 90, 99]);

    // Assert
    [50, 90, 99].forEach((p, i) => expect(Math.abs((percentiles[i] as number) - exact(p)) / exact(p)).toBeLessThan(0.01));
  });

  it('mixes exact and histogram distributions', () => {
    const big = dealt(range(1, 500), 1);
    const small = dealt(range(501, 600), 1);

    const [p50] = Distribution.percentiles([...big, ...small], [50]);

    expect(Math.abs((p50 as number) - 300) / 300).toBeLessThan(0.01);
  });

  it('answers NaN without values', () => {
    expect(Distribution.percentiles([new Distribution()], [50])).toEqual([Number.NaN]);
  });
});
