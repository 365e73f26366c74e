import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { type MetricDefinition, QUEUE_DIMENSION, SERVICE_DIMENSION } from '../../contract/index.js';

/**
 * CloudWatch metrics for the custom metrics the functions publish as EMF (Powertools Metrics): one
 * namespace, the dimension `service`, and for one queue's consumer metrics `service` and `queue`
 * (`options.queue`). The names come from the contract's catalogue, through which
 * the functions emit them.
 */

/** Where the custom metrics live. */
export interface CustomMetricSource {
  /** CloudWatch namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly namespace: string;
  /** Value of the `service` dimension (`POWERTOOLS_SERVICE_NAME`). */
  readonly serviceName: string;
}

/**
 * A catalogued custom metric (`METRICS.…` from the contract) with the given statistic and period. No unit filter is set,
 * so a datapoint published with an unexpected unit still counts.
 * @default statistic Sum, period 1 minute
 */
export function customMetric(
  source: CustomMetricSource,
  metric: MetricDefinition,
  options: { readonly statistic?: string; readonly period?: Duration; readonly label?: string; readonly queue?: string } = {},
): cw.Metric {
  return new cw.Metric({
    namespace: source.namespace,
    metricName: metric.name,
    dimensionsMap: { [SERVICE_DIMENSION]: source.serviceName, ...(options.queue === undefined ? {} : { [QUEUE_DIMENSION]: options.queue }) },
    statistic: options.statistic ?? cw.Stats.SUM,
    period: options.period ?? Duration.minutes(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}
