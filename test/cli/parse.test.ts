import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationSeconds, positiveInteger, ratio, since } from '../../cli/parse.js';

describe('argument parsers', () => {
  it('reads durations in seconds with units', () => {
    expect(durationSeconds('30')).toBe(30);
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(() => durationSeconds('soon')).toThrow(InvalidArgumentError);
    expect(() => durationSeconds('0')).toThrow(InvalidArgumentError);
  });

  it('reads ratios as fractions or percentages below 1', () => {
    expect(ratio('0.1')).toBe(0.1);
    expect(ratio('10%')).toBeCloseTo(0.1);
    expect(() => ratio('1')).toThrow(InvalidArgumentError);
    expect(() => ratio('-0.1')).toThrow(InvalidArgumentError);
  });

  it('reads points in time as a duration ago or an ISO date', () => {
    const now = Date.UTC(2025, 0, 1, 12);

    expect(since('10m', now)).toBe(now - 600_000);
    expect(since('2025-01-01T11:00:00Z', now)).toBe(Date.UTC(2025, 0, 1, 11));
    expect(() => since('yesterday', now)).toThrow(InvalidArgumentError);
  });

  it('reads positive integers only', () => {
    expect(positiveInteger('3')).toBe(3);
    expect(() => positiveInteger('0')).toThrow(InvalidArgumentError);
    expect(() => positiveInteger('1.5')).toThrow(InvalidArgumentError);
  });
});
