import { describe, expect, it } from 'vitest';
import { queueNameOf, statsQueries } from '../../ops/aws-stats.js';
import { COUNT_METRICS } from '../../ops/stats.js';

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorQueue-AbC';
const deadLetterQueueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorDeadLetterQueue-XyZ';

describe('statsQueries', () => {
  const queries = statsQueries({ namespace: 'Conveyor', serviceName: 'Orders', periodSeconds: 300, queueUrl, deadLetterQueueUrl });

  it('sums every counter the functions publish, by the service dimension, over one period', () => {
    const sums = queries.filter((query) => query.MetricStat?.Stat === 'Sum');

    expect(sums.map((query) => query.MetricStat?.Metric?.MetricName).sort()).toEqual(Object.values(COUNT_METRICS).sort());
    for (const query of sums) {
      expect(query.MetricStat).toMatchObject({ Period: 300, Metric: { Namespace: 'Conveyor', Dimensions: [{ Name: 'service', Value: 'Orders' }] } });
    }
  });

  it('asks for the end-to-end latency percentiles and sample count', () => {
    const latency = queries.filter((query) => query.MetricStat?.Metric?.MetricName === 'EndToEndLatency').map((query) => query.MetricStat?.Stat);

    expect(latency).toEqual(['p50', 'p90', 'p99', 'SampleCount']);
  });

  it('asks for both queues\' oldest-message age by queue name', () => {
    const ages = queries.filter((query) => query.MetricStat?.Metric?.Namespace === 'AWS/SQS');

    expect(ages.map((query) => [query.MetricStat?.Metric?.Dimensions, query.MetricStat?.Stat])).toEqual([
      [[{ Name: 'QueueName', Value: 'Conveyor-ConveyorQueue-AbC' }], 'Maximum'],
      [[{ Name: 'QueueName', Value: 'Conveyor-ConveyorDeadLetterQueue-XyZ' }], 'Maximum'],
    ]);
    expect(new Set(queries.map((query) => query.Id)).size).toBe(queries.length);
    expect(queries.every((query) => /^[a-z][A-Za-z0-9_]*$/.test(query.Id ?? ''))).toBe(true);
  });
});

describe('queueNameOf', () => {
  it('is the last segment of the URL', () => {
    expect(queueNameOf(queueUrl)).toBe('Conveyor-ConveyorQueue-AbC');
  });
});
