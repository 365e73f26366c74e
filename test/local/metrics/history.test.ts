import { describe, expect, it } from 'vitest';
import { MetricsAggregator, type MetricsSnapshot } from '../../../local/metrics/metrics-aggregator.js';
import { MetricsOptionsError } from '../../../local/errors.js';
import { fakeClock } from './factories.js';

const START = 1_764_287_000_000;
const record = (name: string, unit: string, values: number[]) => ({ namespace: 'Conveyor', name, unit, dimensions: { service: 'Conveyor' }, values });

describe('MetricsAggregator', () => {
  describe('history', () => {
    it('gives, for each past second, what a snapshot taken at that second said', () => {
      // Arrange: 40 s of uneven traffic, a snapshot over 5 s taken every second as the dashboard does.
      const clock = fakeClock(START);
      const aggregator = new MetricsAggregator({ now: clock.now });
      const live: MetricsSnapshot[] = [];
      for (let second = 0; second < 40; second++) {
        if (second % 3 !== 0) aggregator.ingest([record('MessagesProcessed', 'Count', [second % 7])]);
        // Steps aligned on the 5-second distribution slots: a point's percentiles then do not depend on
        // whether the rest of its slot was recorded yet (a live snapshot sees the slot half filled).
        if (second >= 10 && second < 30) aggregator.ingest([record('EndToEndLatency', 'Milliseconds', second < 20 ? [50, 60] : [80, 90])]);
        live.push(aggregator.snapshot({ windowSeconds: 5 }));
        clock.advance(1000);
      }
      clock.advance(-1000);

      // Act
      const history = aggregator.history({ seconds: 300, windowSeconds: 5 });

      // Assert
      expect(history.t).toEqual(Array.from({ length: 40 }, (_, i) => START / 1000 + i));
      const processed = history.metrics.find((m) => m.name === 'MessagesProcessed');
      const latency = history.metrics.find((m) => m.name === 'EndToEndLatency');
      live.forEach((snapshot, i) => {
        const then = (name: string) => snapshot.metrics.find((m) => m.name === name);
        expect(processed?.ratePerSecond[i]).toBeCloseTo(then('MessagesProcessed')?.ratePerSecond ?? 0, 10);
        expect(latency?.sampleCount[i]).toBe(then('EndToEndLatency')?.sampleCount ?? 0);
        expect(latency?.p50[i]).toBe(then('EndToEndLatency')?.p50 ?? null);
        expect(latency?.p99[i]).toBe(then('EndToEndLatency')?.p99 ?? null);
      });
    });

    it('reaches back `seconds` at most, and no earlier than the aggregator started', () => {
      const clock = fakeClock(START);
      const aggregator = new MetricsAggregator({ now: clock.now });
      aggregator.ingest([record('MessagesAccepted', 'Count', [1])]);
      clock.advance(600_000);
      aggregator.ingest([record('MessagesAccepted', 'Count', [1])]);

      const recent = aggregator.history({ seconds: 300 });
      const young = new MetricsAggregator({ now: clock.now }).history({ seconds: 300 });

      expect(recent.t).toHaveLength(300);
      expect(recent.t.at(-1)).toBe(START / 1000 + 600);
      expect(recent.metrics[0]?.sum.at(-1)).toBe(1);
      expect(young.t).toEqual([START / 1000 + 600]);
      expect(young.metrics).toEqual([]);
    });

    it('refuses unknown and invalid options', () => {
      const aggregator = new MetricsAggregator();

      expect(() => aggregator.history({ seconds: 0 })).toThrow(MetricsOptionsError);
      expect(() => aggregator.history({ windowSeconds: 1.5 })).toThrow(/windowSeconds/);
      expect(() => aggregator.history({ window: 5 } as never)).toThrow(/unknown history option window/);
    });
  });
});
