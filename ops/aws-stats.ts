/**
 * `conveyor stats` for a deployment: the functions' custom metrics (namespace `Conveyor`, one
 * dimension `service` = the stack name, as `infra/constructs/metrics.ts` publishes them) and the
 * queues' `ApproximateAgeOfOldestMessage` from CloudWatch `GetMetricData`, depths from SQS.
 */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { LATENCY_METRIC } from '../contract/index.js';
import { COUNT_METRICS, type CountFigure, queueDepth, roundAll, type StatsReport, zeroCounts } from './stats.js';
import type { TargetName } from './targets.js';

/** Options of {@link awsStats}. */
export interface AwsStatsOptions {
  readonly target: TargetName;
  readonly cloudwatch: CloudWatchClient;
  readonly sqs: SQSClient;
  /** The queue's name in `conveyor.config.ts`, for the report. @default none */
  readonly queue?: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Rounded up to whole minutes (CloudWatch's standard resolution). @default 300 */
  readonly windowSeconds?: number;
  /** The metrics' namespace (`POWERTOOLS_METRICS_NAMESPACE`). @default 'Conveyor' */
  readonly namespace?: string;
  /** The `service` dimension (`POWERTOOLS_SERVICE_NAME`, the stack name by default). */
  readonly serviceName: string;
  /** @default Date.now */
  readonly now?: () => number;
}

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** The queue's name: the last segment of its URL (the `QueueName` dimension of AWS/SQS). */
export const queueNameOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

/**
 * The `GetMetricData` queries of a report: one Sum per counter, the latency percentiles and its
 * sample count, and the oldest-message age (Maximum) of both queues, each over one period that
 * covers the whole window.
 */
export function statsQueries(options: { namespace: string; serviceName: string; periodSeconds: number; queueUrl: string; deadLetterQueueUrl: string }): MetricDataQuery[] {
  const custom = (id: string, metricName: string, stat: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: options.namespace, MetricName: metricName, Dimensions: [{ Name: 'service', Value: options.serviceName }] },
      Period: options.periodSeconds,
      Stat: stat,
    },
  });
  const age = (id: string, url: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: queueNameOf(url) }] },
      Period: options.periodSeconds,
      Stat: 'Maximum',
    },
  });
  return [
    ...(Object.keys(COUNT_METRICS) as CountFigure[]).map((figure) => custom(`c_${figure}`, COUNT_METRICS[figure], 'Sum')),
    ...PERCENTILES.map((p) => custom(`l_${p}`, LATENCY_METRIC, p)),
    custom('l_samples', LATENCY_METRIC, 'SampleCount'),
    age('age_source', options.queueUrl),
    age('age_dlq', options.deadLetterQueueUrl),
  ];
}

/** The report from CloudWatch and SQS. */
export async function awsStats(options: AwsStatsOptions): Promise<StatsReport> {
  const periodSeconds = Math.max(60, Math.ceil((options.windowSeconds ?? 300) / 60) * 60);
  // Whole minutes, ending at the last complete one, so one datapoint covers the window.
  const end = Math.floor((options.now ?? Date.now)() / 60_000) * 60_000;
  const queries = statsQueries({
    namespace: options.namespace ?? 'Conveyor',
    serviceName: options.serviceName,
    periodSeconds,
    queueUrl: options.queueUrl,
    deadLetterQueueUrl: options.deadLetterQueueUrl,
  });
  const values = new Map<string, number[]>();
  let nextToken: string | undefined;
  do {
    const page = await options.cloudwatch.send(new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(end - periodSeconds * 1000),
      EndTime: new Date(end),
      ...(nextToken ? { NextToken: nextToken } : {}),
    }));
    for (const result of page.MetricDataResults ?? []) {
      if (result.Id) values.set(result.Id, [...(values.get(result.Id) ?? []), ...(result.Values ?? [])]);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  const sum = (id: string) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
  // Should CloudWatch split the window into several datapoints, the largest percentile is the honest bound.
  const max = (id: string) => (values.get(id)?.length ? Math.max(...(values.get(id) as number[])) : null);

  const counts = zeroCounts();
  const perSecond = zeroCounts();
  for (const figure of Object.keys(COUNT_METRICS) as CountFigure[]) {
    counts[figure] = sum(`c_${figure}`);
    perSecond[figure] = counts[figure] / periodSeconds;
  }
  const samples = sum('l_samples');
  const [source, deadLetter] = await Promise.all([queueDepth(options.sqs, options.queueUrl), queueDepth(options.sqs, options.deadLetterQueueUrl)]);
  return {
    target: options.target,
    windowSeconds: periodSeconds,
    at: new Date().toISOString(),
    counts,
    perSecond: roundAll(perSecond),
    latencyMs: samples === 0 ? null : { p50: max('l_p50') ?? 0, p90: max('l_p90') ?? 0, p99: max('l_p99') ?? 0, samples },
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    queues: {
      source: { ...source, oldestAgeSeconds: max('age_source') },
      deadLetter: { ...deadLetter, oldestAgeSeconds: max('age_dlq') },
    },
  };
}
