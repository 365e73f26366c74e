import { Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CUSTOM_METRICS, SERVICE_DIMENSION, customMetric } from '../../../infra/constructs/metrics.js';

describe('CUSTOM_METRICS', () => {
  it('lists the metric names and units shared with the functions', () => {
    expect(CUSTOM_METRICS).toEqual({
      MessagesAccepted: 'Count',
      MessagesRejected: 'Count',
      MessagesProcessed: 'Count',
      DuplicatesSkipped: 'Count',
      MessagesFailed: 'Count',
      MessagesDeadLettered: 'Count',
      EndToEndLatency: 'Milliseconds',
      QueueWait: 'Milliseconds',
      ProcessingTime: 'Milliseconds',
    });
  });
});

describe('customMetric', () => {
  const source = { namespace: 'Acme', serviceName: 'orders' };

  it('uses the namespace and the single service dimension, Sum over 1 minute by default', () => {
    const metric = customMetric(source, 'MessagesAccepted');

    expect(metric.namespace).toBe('Acme');
    expect(metric.metricName).toBe('MessagesAccepted');
    expect(metric.dimensions).toEqual({ [SERVICE_DIMENSION]: 'orders' });
    expect(metric.statistic).toBe('Sum');
    expect(metric.period.toSeconds()).toBe(60);
  });

  it('takes statistic, period and label', () => {
    const metric = customMetric(source, 'EndToEndLatency', { statistic: 'p99', period: Duration.minutes(5), label: 'p99' });

    expect([metric.statistic, metric.period.toMinutes(), metric.label]).toEqual(['p99', 5, 'p99']);
  });

  it('does not filter by unit', () => {
    const config = customMetric(source, 'QueueWait').toMetricConfig();

    expect(new Stack().resolve(config.metricStat?.unitFilter)).toBeUndefined();
  });
});
