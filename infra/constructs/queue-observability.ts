import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS, type MetricDefinition } from '../../contract/index.js';
import { customMetric, type CustomMetricSource } from './metrics.js';

// One queue's alarms and dashboard row: the default queue's alarms (ids without a prefix, as before
// there were several queues) and each other queue's alarms and row.

/** The period of the graphs and of the queue alarms. */
export const ONE_MINUTE = Duration.minutes(1);

/** The period of the rate alarms. */
export const FIVE_MINUTES = Duration.minutes(5);

/** Counters on the throughput graph, per minute. */
export const THROUGHPUT_METRICS: readonly MetricDefinition[] = [
  METRICS.MessagesAccepted,
  METRICS.MessagesProcessed,
  METRICS.MessagesFailed,
  METRICS.DuplicatesSkipped,
  METRICS.MessagesDeadLettered,
];

/** A function's errors, throttles and duration. */
export function functionWidget(name: string, fn: lambda.IFunction): cw.IWidget {
  return new cw.GraphWidget({
    title: `${name} function: errors, throttles, duration`,
    width: 12,
    left: [
      fn.metricErrors({ statistic: cw.Stats.SUM, period: ONE_MINUTE, label: 'Errors' }),
      fn.metricThrottles({ statistic: cw.Stats.SUM, period: ONE_MINUTE, label: 'Throttles' }),
    ],
    right: [
      fn.metricDuration({ statistic: cw.Stats.p(50), period: ONE_MINUTE, label: 'Duration p50' }),
      fn.metricDuration({ statistic: cw.Stats.p(99), period: ONE_MINUTE, label: 'Duration p99' }),
    ],
  });
}


/** A queue other than the default one, as the dashboard and alarms watch it. */
export interface ObservedQueue {
  /** Its name in the config. */
  readonly name: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly consumer: lambda.IFunction;
  /** Its own settings' thresholds. */
  readonly settings: { readonly oldestMessageAgeThreshold: Duration; readonly consumerErrorRateThreshold: number };
}

/** A queue's own alarms (the default queue's are also `ConveyorAlarms`' first three). */
export interface QueueAlarms {
  readonly deadLetterQueueNotEmpty: cw.Alarm;
  readonly oldestMessageAge: cw.Alarm;
  readonly consumerErrorRate: cw.Alarm;
}

/** ALARM and OK actions on `topic` for each alarm. */
export function notify(alarms: object, topic: sns.ITopic): void {
  const action = new actions.SnsAction(topic);
  for (const alarm of Object.values(alarms) as cw.Alarm[]) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}

/**
 * A queue's alarms in `scope`, with ids `<prefix>DeadLetterQueueNotEmptyAlarm`, … ('' for the
 * default queue, whose ids predate several queues); `of` names the queue in the descriptions.
 */
export function queueAlarms(
  scope: Construct,
  prefix: string,
  q: Pick<ObservedQueue, 'queue' | 'deadLetterQueue' | 'consumer' | 'settings'>,
  of: string,
): QueueAlarms {
  const deadLetterQueueNotEmpty = q.deadLetterQueue
    .metricApproximateNumberOfMessagesVisible({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE })
    .createAlarm(scope, `${prefix}DeadLetterQueueNotEmptyAlarm`, {
      alarmDescription: `Messages are waiting in the Conveyor dead-letter queue${of}: inspect and redrive them.`,
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });

  const oldestMessageAge = q.queue
    .metricApproximateAgeOfOldestMessage({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE })
    .createAlarm(scope, `${prefix}OldestMessageAgeAlarm`, {
      alarmDescription: `The oldest Conveyor message${of} has waited longer than the threshold: consumers are behind or failing.`,
      threshold: q.settings.oldestMessageAgeThreshold.toSeconds(),
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });

  const consumerErrorRate = new cw.MathExpression({
    expression: 'errors / invocations',
    label: 'Consumer error rate',
    period: FIVE_MINUTES,
    usingMetrics: {
      errors: q.consumer.metricErrors({ statistic: cw.Stats.SUM, period: FIVE_MINUTES }),
      invocations: q.consumer.metricInvocations({ statistic: cw.Stats.SUM, period: FIVE_MINUTES }),
    },
  }).createAlarm(scope, `${prefix}ConsumerErrorRateAlarm`, {
    alarmDescription: `The Conveyor consumer${of} fails more invocations than the error-rate threshold.`,
    threshold: q.settings.consumerErrorRateThreshold,
    comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.NOT_BREACHING,
  });
  return { deadLetterQueueNotEmpty, oldestMessageAge, consumerErrorRate };
}

/** A row for a queue other than the default: its throughput, its depth and age, its DLQ, its consumer. */
export function queueWidgets(source: CustomMetricSource, q: ObservedQueue): cw.IWidget[] {
  return [
    new cw.GraphWidget({
      title: `Queue ${q.name}: throughput (messages per minute)`,
      width: 12,
      left: THROUGHPUT_METRICS.filter((metric) => metric.emittedBy === 'Consumer').map((metric) => customMetric(source, metric, { label: metric.name, queue: q.name })),
    }),
    new cw.GraphWidget({
      title: `Queue ${q.name}: end-to-end latency (ms)`,
      width: 12,
      left: ['p50', 'p99'].map((stat) => customMetric(source, METRICS.EndToEndLatency, { statistic: stat, label: `${METRICS.EndToEndLatency.name} ${stat}`, queue: q.name })),
    }),
    new cw.GraphWidget({
      title: `Queue ${q.name}: depth, oldest message age, DLQ depth`,
      width: 12,
      left: [
        q.queue.metricApproximateNumberOfMessagesVisible({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE, label: 'Visible' }),
        q.queue.metricApproximateNumberOfMessagesNotVisible({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE, label: 'In flight' }),
        q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE, label: 'DLQ visible' }),
      ],
      right: [q.queue.metricApproximateAgeOfOldestMessage({ statistic: cw.Stats.MAXIMUM, period: ONE_MINUTE, label: 'Oldest age (s)' })],
    }),
    functionWidget(`Queue ${q.name}: consumer`, q.consumer),
  ];
}

