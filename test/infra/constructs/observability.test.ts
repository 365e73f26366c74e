import { beforeAll, describe, expect, it } from 'vitest';
import { customProps, logicalIdOf, propertiesOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

type AlarmName = 'deadLetterQueueNotEmpty' | 'oldestMessageAge' | 'consumerErrorRate' | 'messageFailureRate' | 'endToEndLatency';

interface Widget {
  readonly properties: { readonly title: string; readonly metrics: unknown[][]; readonly annotations?: unknown };
}

/** The dashboard's widgets, with every intrinsic inside the body replaced by `<ref>`. */
function widgets(s: SynthesizedConveyor): Widget[] {
  const body = propertiesOf(s, s.conveyor.dashboard).DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

const metricNames = (w: Widget) => w.properties.metrics.map((m) => m.slice(0, 2).join(':'));

describe('ConveyorObservability', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const alarm = (s: SynthesizedConveyor, name: AlarmName) => propertiesOf(s, s.conveyor.alarms[name]);
  const topic = (s: SynthesizedConveyor) => ({ Ref: logicalIdOf(s, s.conveyor.alarmTopic) });

  beforeAll(() => {
    defaults = synthConveyor({}, { stackName: 'Orders' });
    custom = synthConveyor(customProps());
  });

  describe('alarms', () => {
    it('creates five alarms', () => {
      defaults.template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    });

    it.each(['deadLetterQueueNotEmpty', 'oldestMessageAge', 'consumerErrorRate', 'messageFailureRate', 'endToEndLatency'] as const)(
      '%s notifies the alarm topic on ALARM and OK, and treats missing data as not breaching',
      (name) => {
        expect(alarm(defaults, name)).toMatchObject({
          AlarmActions: [topic(defaults)],
          OKActions: [topic(defaults)],
          TreatMissingData: 'notBreaching',
          EvaluationPeriods: 1,
        });
      },
    );

    it('fires when any message is visible in the DLQ (Maximum over 1 minute)', () => {
      expect(alarm(defaults, 'deadLetterQueueNotEmpty')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(defaults, defaults.conveyor.deadLetterQueue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('fires when the oldest message is older than 5 minutes by default', () => {
      expect(alarm(defaults, 'oldestMessageAge')).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(defaults, defaults.conveyor.queue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 300,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('oldestMessageAgeThreshold sets the age threshold', () => {
      expect(alarm(custom, 'oldestMessageAge').Threshold).toBe(900);
    });

    it('fires when consumer Errors / Invocations over 5 minutes exceeds 5% by default', () => {
      const props = alarm(defaults, 'consumerErrorRate');
      const consumer = { Ref: logicalIdOf(defaults, defaults.conveyor.consumer) };

      expect(props).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' });
      expect(props.Metrics).toEqual([
        expect.objectContaining({ Expression: 'errors / invocations', ReturnData: true }),
        expect.objectContaining({
          Id: 'errors',
          MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: consumer }] }, Period: 300, Stat: 'Sum' },
        }),
        expect.objectContaining({
          Id: 'invocations',
          MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: consumer }] }, Period: 300, Stat: 'Sum' },
        }),
      ]);
    });

    it('consumerErrorRateThreshold sets the error-rate threshold', () => {
      expect(alarm(custom, 'consumerErrorRate').Threshold).toBe(0.2);
    });

    it('fires when MessagesFailed / (MessagesProcessed + MessagesFailed) over 5 minutes exceeds 5% by default', () => {
      const props = alarm(defaults, 'messageFailureRate');
      const custom = (name: string) => ({ Namespace: 'Conveyor', MetricName: name, Dimensions: [{ Name: 'service', Value: 'Orders' }] });

      expect(props).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' });
      expect(props.Metrics).toEqual([
        expect.objectContaining({ Expression: 'failed / (FILL(processed, 0) + failed)', ReturnData: true }),
        expect.objectContaining({ Id: 'failed', MetricStat: { Metric: custom('MessagesFailed'), Period: 300, Stat: 'Sum' }, ReturnData: false }),
        expect.objectContaining({ Id: 'processed', MetricStat: { Metric: custom('MessagesProcessed'), Period: 300, Stat: 'Sum' }, ReturnData: false }),
      ]);
    });

    it('messageFailureRateThreshold sets the failure-rate threshold; metricsNamespace and serviceName select its metrics', () => {
      const props = alarm(custom, 'messageFailureRate');

      expect(props.Threshold).toBe(0.25);
      expect(JSON.stringify(props.Metrics)).toContain('"Namespace":"Acme/Conveyor"');
      expect(JSON.stringify(props.Metrics)).toContain('{"Name":"service","Value":"orders"}');
    });

    it('fires when p99 end-to-end latency over 5 minutes exceeds 1 s by default', () => {
      expect(alarm(defaults, 'endToEndLatency')).toMatchObject({
        Namespace: 'Conveyor',
        MetricName: 'EndToEndLatency',
        Dimensions: [{ Name: 'service', Value: 'Orders' }],
        ExtendedStatistic: 'p99',
        Period: 300,
        Threshold: 1000,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('endToEndLatencySlo sets the latency threshold (ms)', () => {
      expect(alarm(custom, 'endToEndLatency').Threshold).toBe(750);
    });

    it('metricsNamespace and serviceName select the custom metric', () => {
      expect(alarm(custom, 'endToEndLatency')).toMatchObject({ Namespace: 'Acme/Conveyor', Dimensions: [{ Name: 'service', Value: 'orders' }] });
    });
  });

  describe('dashboard', () => {
    let all: Widget[];
    const byTitle = (prefix: string) => all.find((w) => w.properties.title.startsWith(prefix))!;

    beforeAll(() => {
      all = widgets(defaults);
    });

    it('graphs throughput per minute (Sum)', () => {
      const throughput = byTitle('Throughput');

      expect(metricNames(throughput)).toEqual([
        'Conveyor:MessagesAccepted',
        'Conveyor:MessagesProcessed',
        'Conveyor:MessagesFailed',
        'Conveyor:DuplicatesSkipped',
        'Conveyor:MessagesDeadLettered',
      ]);
      for (const m of throughput.properties.metrics) expect(m.slice(2)).toEqual(['service', 'Orders', expect.objectContaining({ stat: 'Sum', period: 60 })]);
    });

    it('graphs end-to-end latency p50/p90/p99 with the SLO line', () => {
      const latency = byTitle('End-to-end latency');

      expect(latency.properties.metrics.map((m) => (m.at(-1) as { stat: string }).stat)).toEqual(['p50', 'p90', 'p99']);
      expect(JSON.stringify(latency.properties.annotations)).toContain('"value":1000');
    });

    it('graphs queue depth (visible + in flight) and oldest message age', () => {
      expect(metricNames(byTitle('Queue depth'))).toEqual([
        'AWS/SQS:ApproximateNumberOfMessagesVisible',
        'AWS/SQS:ApproximateNumberOfMessagesNotVisible',
        'AWS/SQS:ApproximateAgeOfOldestMessage',
      ]);
    });

    it('graphs DLQ depth', () => {
      expect(metricNames(byTitle('Dead-letter queue'))).toEqual(['AWS/SQS:ApproximateNumberOfMessagesVisible']);
    });

    it.each(['Producer', 'Consumer'])('graphs %s errors, throttles and duration p50/p99', (name) => {
      const widget = byTitle(`${name} function`);

      expect(metricNames(widget)).toEqual(['AWS/Lambda:Errors', 'AWS/Lambda:Throttles', 'AWS/Lambda:Duration', 'AWS/Lambda:Duration']);
    });

    it('graphs API 4XX, 5XX and latency for the prod stage', () => {
      const api = byTitle('API');

      expect(metricNames(api)).toEqual(['AWS/ApiGateway:4XXError', 'AWS/ApiGateway:5XXError', 'AWS/ApiGateway:Latency', 'AWS/ApiGateway:Latency']);
      expect(api.properties.metrics[0]).toEqual(expect.arrayContaining(['Stage', '<ref>']));
    });
  });
});
