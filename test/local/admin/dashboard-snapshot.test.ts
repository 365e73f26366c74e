import { describe, expect, it } from 'vitest';
import { metricFigures } from '../../../local/admin/dashboard-snapshot.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';

describe('metricFigures', () => {
  it('counts a value emitted under two dimension sets once', () => {
    const metrics = new MetricsAggregator();
    metrics.ingest([
      { namespace: 'Conveyor', name: 'MessagesProcessed', unit: 'Count', dimensions: { service: 'conveyor' }, values: [4] },
      { namespace: 'Conveyor', name: 'MessagesProcessed', unit: 'Count', dimensions: { service: 'conveyor', type: 'ledger.credit' }, values: [4] },
    ]);

    expect(metricFigures(metrics).totals.processed).toBe(4);
  });

  it('adds up separate services, and has no latency without samples', () => {
    const metrics = new MetricsAggregator();
    metrics.ingest([
      { namespace: 'Conveyor', name: 'MessagesFailed', unit: 'Count', dimensions: { service: 'a' }, values: [2] },
      { namespace: 'Conveyor', name: 'MessagesFailed', unit: 'Count', dimensions: { service: 'b' }, values: [3] },
    ]);

    const figures = metricFigures(metrics);

    expect(figures.totals).toEqual({ accepted: 0, processed: 0, failed: 5, duplicates: 0, deadLettered: 0 });
    expect(figures.rates.failed).toBeGreaterThan(0);
    expect(figures.latency).toBeNull();
  });
});
