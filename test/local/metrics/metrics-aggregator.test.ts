import { describe, expect, it } from 'vitest';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { parseEmf, type EmfRecord } from '../../../local/metrics/emf.js';
import { MetricsOptionsError } from '../../../local/errors.js';
import { emfLine, fakeClock } from './factories.js';

const START = 1_764_287_000_000;

/** An EMF record without a timestamp (bucketed at now). */
const record = (name: string, values: number[], overrides: Partial<EmfRecord> = {}): EmfRecord => ({
  namespace: 'Conveyor',
  name,
  unit: 'Count',
  dimensions: { service: 'Conveyor' },
  values,
  ...overrides,
});

describe('MetricsAggregator', () => {
  it('sums, counts and rates the values in the window', () => {
    // Arrange
    const clock = fakeClock(START);
    const aggregator = new MetricsAggregator({ now: clock.now });

    // Act: 1 message/s for 60 s
    for (let i = 0; i < 60; i++) {
      aggregator.ingest([record('MessagesAccepted', [1])], 'Producer');
      clock.advance(1000);
    }
    clock.advance(-1000);
    const snapshot = aggregator.snapshot({ windowSeconds: 60 });

    // Assert
    expect(snapshot.windowSeconds).toBe(60);
    expect(snapshot.metrics).toHaveLength(1);
    expect(snapshot.metrics[0]).toMatchObject({
      namespace: 'Conveyor',
      name: 'MessagesAccepted',
      unit: 'Count',
      dimensions: { service: 'Conveyor' },
      sources: ['Producer'],
      sampleCount: 60,
      sum: 60,
      min: 1,
      max: 1,
      average: 1,
      ratePerSecond: 1,
    });
    expect(snapshot.metrics[0]?.series).toHaveLength(60);
    expect(snapshot.metrics[0]?.series[0]).toEqual({ t: START / 1000, count: 1, sum: 1 });
  });

  it('only counts the seconds of the window', () => {
    const clock = fakeClock(START);
    const aggregator = new MetricsAggregator({ now: clock.now });
    aggregator.recordValue('Conveyor', 'Old', 'Count', 5);
    clock.advance(30_000);
    aggregator.recordValue('Conveyor', 'Old', 'Count', 7);

    const last10 = aggregator.snapshot({ windowSeconds: 10 });
    const last60 = aggregator.snapshot({ windowSeconds: 60 });

    expect(last10.metrics[0]).toMatchObject({ sampleCount: 1, sum: 7 });
    expect(last60.metrics[0]).toMatchObject({ sampleCount: 2, sum: 12 });
  });

  it('rates Count metrics by sum and other units by sample count, over the time since start', () => {
    // Arrange
    const clock = fakeClock(START);
    const aggregator = new MetricsAggregator({ now: clock.now });
    aggregator.ingest([record('MessagesProcessed', [10]), record('ProcessingTime', [3, 4], { unit: 'Milliseconds' })]);
    clock.advance(9_000);

    // Act: 10 s since start, 60 s window
    const metrics = aggregator.snapshot().metrics;

    // Assert
    expect(metrics.find((m) => m.name === 'MessagesProcessed')?.ratePerSecond).toBe(1);
    expect(metrics.find((m) => m.name === 'ProcessingTime')?.ratePerSecond).toBe(0.2);
  });

  it('answers percentiles over the window: 1..1000 gives p50 ≈ 500 within 1 %', () => {
    // Arrange
    const clock = fakeClock(START);
    const aggregator = new MetricsAggregator({ now: clock.now });

    // Act: 1000 latencies over 20 s
    for (let v = 1; v <= 1000; v++) {
      aggregator.ingest([record('ProcessingTime', [v], { unit: 'Milliseconds' })]);
      if (v % 50 === 0) clock.advance(1000);
    }
    const metric = aggregator.snapshot().metrics[0];

    // Assert
    expect(metric).toMatchObject({ sampleCount: 1000, min: 1, max: 1000, average: 500.5 });
    expect(Math.abs((metric?.p50 as number) - 500) / 500).toBeLessThan(0.01);
    expect(Math.abs((metric?.p90 as number) - 900) / 900).toBeLessThan(0.01);
    expect(Math.abs((metric?.p99 as number) - 990) / 990).toBeLessThan(0.01);
  });

  it('keeps percentiles within [min, max]', () => {
    const aggregator = new MetricsAggregator({ now: fakeClock().now });

    aggregator.ingest([record('Size', Array.from({ length: 500 }, () => 777), { unit: 'Bytes' })]);

    expect(aggregator.snapshot().metrics[0]).toMatchObject({ p50: 777, p90: 777, p99: 777 });
  });

  it('buckets at the EMF Timestamp when present, and future ones at now', () => {
    // Arrange
    const clock = fakeClock(START + 120_000);
    const aggregator = new MetricsAggregator({ now: clock.now });

    // Act
    aggregator.ingest(parseEmf(emfLine({ timestamp: START + 110_500 })) ?? []);
    aggregator.ingest(parseEmf(emfLine({ timestamp: START + 500_000 })) ?? []);
    const series = aggregator.snapshot({ windowSeconds: 30 }).metrics[0]?.series ?? [];

    // Assert
    expect(series.filter((s) => s.count > 0)).toEqual([
      { t: (START + 110_000) / 1000, count: 1, sum: 1 },
      { t: (START + 120_000) / 1000, count: 1, sum: 1 },
    ]);
  });

  it('keeps series apart by namespace, name and dimensions, and filters by namespace', () => {
    const aggregator = new MetricsAggregator({ now: fakeClock().now });
    aggregator.ingest([record('X', [1]), record('X', [2], { dimensions: { service: 'Other' } }), record('X', [3], { namespace: 'Local' })]);

    const all = aggregator.snapshot().metrics.map((m) => [m.namespace, m.dimensions, m.sum]);
    const local = aggregator.snapshot({ namespace: 'Local' }).metrics.map((m) => m.sum);

    expect(all).toEqual([
      ['Conveyor', { service: 'Conveyor' }, 1],
      ['Conveyor', { service: 'Other' }, 2],
      ['Local', { service: 'Conveyor' }, 3],
    ]);
    expect(local).toEqual([3]);
  });

  it('records the runtime\'s own values, ignoring non-finite ones', () => {
    const aggregator = new MetricsAggregator({ now: fakeClock().now });

    aggregator.recordValue('Conveyor/Local', 'InvocationDuration', 'Milliseconds', 12.5, { function: 'Consumer' });
    aggregator.recordValue('Conveyor/Local', 'InvocationDuration', 'Milliseconds', Number.NaN, { function: 'Consumer' });

    expect(aggregator.snapshot().metrics).toMatchObject([{ name: 'InvocationDuration', dimensions: { function: 'Consumer' }, sampleCount: 1, sum: 12.5, sources: [] }]);
  });

  describe('retention', () => {
    it('drops buckets older than retention but keeps the totals', () => {
      // Arrange
      const clock = fakeClock(START);
      const aggregator = new MetricsAggregator({ now: clock.now, retentionSeconds: 120 });
      aggregator.recordValue('Conveyor', 'X', 'Count', 4);

      // Act
      clock.advance(120_000);
      const snapshot = aggregator.snapshot({ windowSeconds: 120 });

      // Assert
      expect(snapshot.metrics).toEqual([]);
      expect(aggregator.totals()).toEqual([{ namespace: 'Conveyor', name: 'X', unit: 'Count', dimensions: {}, count: 1, sum: 4, min: 4, max: 4 }]);
    });

    it('keeps the oldest second still inside retention', () => {
      const clock = fakeClock(START);
      const aggregator = new MetricsAggregator({ now: clock.now, retentionSeconds: 120 });
      aggregator.recordValue('Conveyor', 'X', 'Count', 4);

      clock.advance(119_000);

      expect(aggregator.snapshot({ windowSeconds: 120 }).metrics[0]?.sum).toBe(4);
    });

    it('counts values timestamped before retention in the totals only', () => {
      const aggregator = new MetricsAggregator({ now: fakeClock(START).now, retentionSeconds: 60 });

      aggregator.ingest(parseEmf(emfLine({ timestamp: START - 3_600_000 })) ?? []);

      expect(aggregator.snapshot().metrics).toEqual([]);
      expect(aggregator.totals()[0]).toMatchObject({ name: 'MessagesAccepted', count: 1, sum: 1 });
    });
  });

  it('totals sum every value since start', () => {
    const clock = fakeClock(START);
    const aggregator = new MetricsAggregator({ now: clock.now });
    aggregator.ingest([record('MessagesProcessed', [3, 4])]);
    clock.advance(3_600_000);
    aggregator.ingest([record('MessagesProcessed', [5])]);

    expect(aggregator.totals()).toEqual([
      { namespace: 'Conveyor', name: 'MessagesProcessed', unit: 'Count', dimensions: { service: 'Conveyor' }, count: 3, sum: 12, min: 3, max: 5 },
    ]);
  });

  describe('options', () => {
    it.each([
      [{ retentionSeconds: 0 }, /retentionSeconds must be an integer in 1\.\.86400/],
      [{ distributionSlotSeconds: 1.5 }, /distributionSlotSeconds must be an integer/],
      [{ now: 5 }, /now must be a function/],
      [{ clock: Date.now }, /unknown MetricsAggregator option clock/],
    ])('rejects %o', (options, message) => {
      expect(() => new MetricsAggregator(options as never)).toThrow(MetricsOptionsError);
      expect(() => new MetricsAggregator(options as never)).toThrow(message);
    });

    it.each([
      [{ windowSeconds: 0 }, /windowSeconds must be an integer/],
      [{ windowSeconds: 1.5 }, /windowSeconds must be an integer/],
      [{ window: 60 }, /unknown snapshot option window/],
    ])('rejects snapshot %o', (options, message) => {
      expect(() => new MetricsAggregator().snapshot(options as never)).toThrow(message);
    });

    it('clamps a snapshot window to the retention', () => {
      const aggregator = new MetricsAggregator({ now: fakeClock().now, retentionSeconds: 120 });
      aggregator.recordValue('Conveyor', 'X', 'Count', 1);

      const snapshot = aggregator.snapshot({ windowSeconds: 86_400 });

      expect(snapshot.windowSeconds).toBe(120);
      expect(snapshot.metrics[0]?.series).toHaveLength(120);
    });
  });
});
