import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The custom metrics the functions publish as EMF (Powertools Metrics): one
 * namespace, one dimension `service`. Names and units are a contract with
 * `functions/`.
 */
export const CUSTOM_METRICS = {
  /** Producer: messages sent to the queue. */
  MessagesAccepted: cw.Unit.COUNT,
  /** Producer: messages refused (validation, size, SQS errors). */
  MessagesRejected: cw.Unit.COUNT,
  /** Consumer: messages whose effect was applied. */
  MessagesProcessed: cw.Unit.COUNT,
  /** Consumer: copies of an idempotency key that was already completed, skipped. */
  DuplicatesSkipped: cw.Unit.COUNT,
  /** Consumer: transient failures, returned as batch item failures and retried. */
  MessagesFailed: cw.Unit.COUNT,
  /** Consumer: permanent failures, sent straight to the dead-letter queue. */
  MessagesDeadLettered: cw.Unit.COUNT,
  /** Consumer: API accept time to processing done. */
  EndToEndLatency: cw.Unit.MILLISECONDS,
  /** Consumer: time a message waited in the queue. */
  QueueWait: cw.Unit.MILLISECONDS,
  /** Consumer: time spent applying one message. */
  ProcessingTime: cw.Unit.MILLISECONDS,
} as const;

/** Name of a Conveyor custom metric. */
export type CustomMetricName = keyof typeof CUSTOM_METRICS;

/** The dimension every custom metric carries. */
export const SERVICE_DIMENSION = 'service';

/** Where the custom metrics live. */
export interface CustomMetricSource {
  /** CloudWatch namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly namespace: string;
  /** Value of the `service` dimension (`POWERTOOLS_SERVICE_NAME`). */
  readonly serviceName: string;
}

/**
 * A custom metric with the given statistic and period. No unit filter is set,
 * so a datapoint published with an unexpected unit still counts.
 * @default statistic Sum, period 1 minute
 */
export function customMetric(
  source: CustomMetricSource,
  name: CustomMetricName,
  options: { readonly statistic?: string; readonly period?: Duration; readonly label?: string } = {},
): cw.Metric {
  return new cw.Metric({
    namespace: source.namespace,
    metricName: name,
    dimensionsMap: { [SERVICE_DIMENSION]: source.serviceName },
    statistic: options.statistic ?? cw.Stats.SUM,
    period: options.period ?? Duration.minutes(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}
