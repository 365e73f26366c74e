import type { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricDefinition } from '../../contract/index.js';

/**
 * Emits one value of a catalogued metric (`contract/metrics.ts`): the functions publish only what the
 * catalogue lists, with its unit, so the names the alarms and dashboards read are the names emitted.
 */
export function emit(metrics: Metrics, metric: MetricDefinition, value: number): void {
  // The catalogue's units are CloudWatch unit names, which Powertools' MetricUnit values equal.
  metrics.addMetric(metric.name, metric.unit as (typeof MetricUnit)[keyof typeof MetricUnit], value);
}
