import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { dirPath, durationSeconds, integerIn, keyValue, namedDir, nonNegativeInteger, port, positiveInteger, ratio, since } from '../../cli/parse.js';

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

  it('reads ports from 0 to 65535, digits only', () => {
    expect(port('0')).toBe(0);
    expect(port('65535')).toBe(65_535);
    expect(() => port('65536')).toThrow('a port from 0 to 65535');
    expect(() => port('')).toThrow(InvalidArgumentError);
    expect(() => port('0x10')).toThrow(InvalidArgumentError);
  });

  it('reads integers in a range, and integers ≥ 0', () => {
    expect(integerIn(0, 900)('900')).toBe(900);
    expect(() => integerIn(0, 900)('901')).toThrow('an integer from 0 to 900');
    expect(nonNegativeInteger('0')).toBe(0);
    expect(() => nonNegativeInteger('-1')).toThrow(InvalidArgumentError);
    expect(() => nonNegativeInteger('1.5')).toThrow(InvalidArgumentError);
  });

  it('collects key=value pairs, an empty value included', () => {
    expect(keyValue('b=', keyValue('fifo=true', []))).toEqual(['fifo=true', 'b=']);
    expect(() => keyValue('fifo', [])).toThrow("expected key=value, e.g. -c fifo=true, got 'fifo'");
    expect(() => keyValue('=true', [])).toThrow(InvalidArgumentError);
  });

  it('collects name=dir pairs by name', () => {
    expect(namedDir('Producer=./p', namedDir('Consumer=./build', {}))).toEqual({ Consumer: './build', Producer: './p' });
    expect(() => namedDir('Consumer=', {})).toThrow('expected <name>=<dir>');
    expect(() => namedDir('=./build', {})).toThrow(InvalidArgumentError);
  });

  it('takes a folder, but not the next option when the value was left out', () => {
    expect(dirPath('.conveyor-fifo')).toBe('.conveyor-fifo');
    expect(dirPath('./--odd')).toBe('./--odd');
    expect(() => dirPath('--in-memory')).toThrow(InvalidArgumentError);
    expect(() => dirPath('-q')).toThrow("'-q'");
    expect(() => namedDir('--output=build', {})).toThrow(InvalidArgumentError);
  });
});
