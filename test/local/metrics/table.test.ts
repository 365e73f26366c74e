import { describe, expect, it } from 'vitest';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { formatMetricsTable } from '../../../local/metrics/table.js';
import { fakeClock } from './factories.js';

describe('formatMetricsTable', () => {
  it('prints one aligned row per series with count, sum, rate and percentiles', () => {
    // Arrange
    const clock = fakeClock();
    const aggregator = new MetricsAggregator({ now: clock.now });
    aggregator.recordValue('Conveyor', 'MessagesAccepted', 'Count', 120, { service: 'Conveyor' });
    for (let v = 1; v <= 100; v++) aggregator.recordValue('Conveyor', 'ProcessingTime', 'Milliseconds', v / 4, { service: 'Conveyor' });
    clock.advance(59_000);

    // Act
    const table = formatMetricsTable(aggregator.snapshot());

    // Assert
    expect(table.split('\n')).toEqual([
      'metrics, last 60 s',
      'metric            count     sum  rate/s     p50     p90     p99',
      'MessagesAccepted      1     120       2     120     120     120',
      'ProcessingTime      100  1263ms    1.67  12.5ms  22.5ms  24.8ms',
    ]);
  });

  it('shows dimensions only to tell series of one name apart, and namespaces only when several', () => {
    const aggregator = new MetricsAggregator({ now: fakeClock().now });
    aggregator.recordValue('Conveyor', 'X', 'Count', 1, { function: 'Consumer' });
    aggregator.recordValue('Conveyor', 'X', 'Count', 1, { function: 'Producer' });
    aggregator.recordValue('Local', 'Y', 'Count', 1);

    const labels = formatMetricsTable(aggregator.snapshot()).split('\n').slice(2).map((row) => row.split(/\s+/)[0]);

    expect(labels).toEqual(['Conveyor/X{function=Consumer}', 'Conveyor/X{function=Producer}', 'Local/Y']);
  });

  it('says so when there is nothing', () => {
    expect(formatMetricsTable({ windowSeconds: 60, metrics: [] })).toBe('no metrics in the last 60 s');
  });
});
