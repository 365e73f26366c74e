/**
 * The metric catalogue: every custom metric the functions publish (as EMF through Powertools Metrics),
 * with its unit and the function that emits it. The functions emit through it; the alarms, the
 * CloudWatch dashboard, the local dashboard and `conveyor stats` read it. Units are CloudWatch's unit
 * names (which Powertools' `MetricUnit` values equal).
 */

/** CloudWatch units the catalogue uses. */
export type MetricUnitName = 'Count' | 'Milliseconds';

/** One custom metric. */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnitName;
  /** The function that emits it. */
  readonly emittedBy: 'Producer' | 'Consumer';
  /** What it counts or measures. */
  readonly description: string;
}

const metric = <Name extends string>(name: Name, unit: MetricUnitName, emittedBy: MetricDefinition['emittedBy'], description: string) =>
  ({ name, unit, emittedBy, description }) as const;

/** Every custom metric, by name. */
export const METRICS = {
  MessagesAccepted: metric('MessagesAccepted', 'Count', 'Producer', 'messages sent to the queue'),
  MessagesRejected: metric('MessagesRejected', 'Count', 'Producer', 'requests answered 4xx/5xx, and batch items not enqueued'),
  MessagesProcessed: metric('MessagesProcessed', 'Count', 'Consumer', 'messages whose effect was applied'),
  DuplicatesSkipped: metric('DuplicatesSkipped', 'Count', 'Consumer', 'copies of an idempotency key already completed, skipped'),
  MessagesFailed: metric('MessagesFailed', 'Count', 'Consumer', 'transient failures, returned as batch item failures and retried'),
  MessagesDeadLettered: metric('MessagesDeadLettered', 'Count', 'Consumer', 'permanent failures, sent straight to the dead-letter queue'),
  EndToEndLatency: metric('EndToEndLatency', 'Milliseconds', 'Consumer', 'acceptedAt at the producer → effect applied'),
  QueueWait: metric('QueueWait', 'Milliseconds', 'Consumer', 'SQS SentTimestamp → processing started'),
  ProcessingTime: metric('ProcessingTime', 'Milliseconds', 'Consumer', 'lock (or commit start) → completion'),
} as const satisfies Record<string, MetricDefinition>;

/** Name of a Conveyor custom metric. */
export type MetricName = keyof typeof METRICS;

/** The one dimension every custom metric carries: the stack's service name (`POWERTOOLS_SERVICE_NAME`). */
export const SERVICE_DIMENSION = 'service';

/**
 * The queue a consumer metric is about (its name in conveyor.config.ts). A consumer publishes each
 * value under two dimension sets: `{service}`, which the stack's graphs and alarms read (all queues
 * together), and `{service, queue}`, which each queue's graphs read. Sum a metric over one of the
 * two sets, never both.
 */
export const QUEUE_DIMENSION = 'queue';

/** The namespace the metrics go to unless the construct's `metricsNamespace` says otherwise. */
export const DEFAULT_METRICS_NAMESPACE = 'Conveyor';

/** The message counters every report shows, and the metric behind each. */
export const MESSAGE_COUNTERS = {
  accepted: METRICS.MessagesAccepted.name,
  rejected: METRICS.MessagesRejected.name,
  processed: METRICS.MessagesProcessed.name,
  duplicates: METRICS.DuplicatesSkipped.name,
  failed: METRICS.MessagesFailed.name,
  deadLettered: METRICS.MessagesDeadLettered.name,
} as const;

/** The end-to-end latency metric the dashboards and `conveyor stats` plot. */
export const LATENCY_METRIC = METRICS.EndToEndLatency.name;
