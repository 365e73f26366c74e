/**
 * Throughput, latency and queue figures over a window, for `conveyor stats`: the same report from
 * the local runtime's aggregated metrics (`/_conveyor/metrics`) or, for a deployment, from
 * CloudWatch (`aws-stats.ts`); queue depths from SQS in both cases.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LATENCY_METRIC, MESSAGE_COUNTERS, QUEUE_DIMENSION } from '../contract/index.js';
import { OpsError } from './errors.js';
import { readEventStream } from './sse.js';
import type { TargetName } from './targets.js';

/** The counters of the report and the metric each comes from. */
export const COUNT_METRICS = MESSAGE_COUNTERS;

/** A counter of the report. */
export type CountFigure = keyof typeof COUNT_METRICS;


/** A queue's depth now. */
export interface QueueFigures {
  readonly url: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /** Age of the oldest message, s (local: now; AWS: the maximum over the window); null when unknown or empty. */
  readonly oldestAgeSeconds: number | null;
}

/** What `conveyor stats` reports. */
export interface StatsReport {
  readonly target: TargetName;
  /** The window the counts cover, s (AWS rounds it up to whole minutes). */
  readonly windowSeconds: number;
  /** When the report was made, ISO 8601. */
  readonly at: string;
  /** Messages in the window, per counter. */
  readonly counts: Readonly<Record<CountFigure, number>>;
  /** The same per second. */
  readonly perSecond: Readonly<Record<CountFigure, number>>;
  /** End-to-end latency over the window, ms; null without samples. */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly samples: number } | null;
  /** The name (in `conveyor.config.ts`) of the queue `queues` describes, when the caller gave it. */
  readonly queue?: string;
  /** The queue's figures and its dead-letter queue's; the counts and latency cover every queue. */
  readonly queues: { readonly source: QueueFigures; readonly deadLetter: QueueFigures };
  /** Local only: counts since the runtime started. */
  readonly totals?: Readonly<Record<CountFigure, number>>;
}

/** An all-zero counter record. */
export const zeroCounts = (): Record<CountFigure, number> =>
  Object.fromEntries(Object.keys(COUNT_METRICS).map((figure) => [figure, 0])) as Record<CountFigure, number>;

/** Visible, in-flight and delayed messages of a queue (SQS `GetQueueAttributes`). */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<Omit<QueueFigures, 'oldestAgeSeconds'>> {
  const { Attributes: attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  return {
    url: queueUrl,
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

/** Options of {@link localStats}. */
export interface LocalStatsOptions {
  readonly runtimeUrl: string;
  readonly sqs: SQSClient;
  /** The queue's name in `conveyor.config.ts`, for the report. @default none */
  readonly queue?: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** @default 60 */
  readonly windowSeconds?: number;
  /** Only metrics of this namespace. @default 'Conveyor' */
  readonly namespace?: string;
}

interface MetricWindow {
  namespace: string; name: string; sampleCount: number; sum: number; p50: number; p90: number; p99: number; ratePerSecond: number; dimensions?: Readonly<Record<string, string>>;
}
interface MetricTotal { namespace: string; name: string; sum: number; dimensions?: Readonly<Record<string, string>> }

/** The report from the local runtime: `/_conveyor/metrics?window=`, queue attributes, and the oldest ages from one event-stream snapshot. */
export async function localStats(options: LocalStatsOptions): Promise<StatsReport> {
  const windowSeconds = options.windowSeconds ?? 60;
  const namespace = options.namespace ?? 'Conveyor';
  const base = options.runtimeUrl.replace(/\/+$/, '');
  const [metrics, source, deadLetter, oldest] = await Promise.all([
    getJson<{ windowSeconds: number; metrics: MetricWindow[]; totals: MetricTotal[] }>(`${base}/_conveyor/metrics?window=${windowSeconds}`),
    queueDepth(options.sqs, options.queueUrl),
    queueDepth(options.sqs, options.deadLetterQueueUrl),
    oldestAges(base, options.queueUrl, options.deadLetterQueueUrl),
  ]);
  const counts = zeroCounts();
  const perSecond = zeroCounts();
  const totals = zeroCounts();
  let latency: MetricWindow | undefined;
  // A consumer publishes each value under {service} and {service, queue}: count the first only.
  const counted = (series: { readonly namespace: string; readonly dimensions?: Readonly<Record<string, string>> }): boolean =>
    series.namespace === namespace && series.dimensions?.[QUEUE_DIMENSION] === undefined;
  for (const metric of metrics.metrics) {
    if (!counted(metric)) continue;
    const figure = figureOf(metric.name);
    if (figure !== undefined) {
      counts[figure] += metric.sum;
      perSecond[figure] += metric.ratePerSecond;
    } else if (metric.name === LATENCY_METRIC && metric.sampleCount > (latency?.sampleCount ?? 0)) {
      latency = metric;
    }
  }
  for (const total of metrics.totals) {
    const figure = counted(total) ? figureOf(total.name) : undefined;
    if (figure !== undefined) totals[figure] += total.sum;
  }
  return {
    target: 'local',
    windowSeconds: metrics.windowSeconds,
    at: new Date().toISOString(),
    counts,
    perSecond: roundAll(perSecond),
    latencyMs: latency === undefined ? null : { p50: latency.p50, p90: latency.p90, p99: latency.p99, samples: latency.sampleCount },
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    queues: {
      source: { ...source, oldestAgeSeconds: oldest?.source ?? null },
      deadLetter: { ...deadLetter, oldestAgeSeconds: oldest?.deadLetter ?? null },
    },
    totals,
  };
}

const figureOf = (metricName: string): CountFigure | undefined =>
  (Object.keys(COUNT_METRICS) as CountFigure[]).find((figure) => COUNT_METRICS[figure] === metricName);

/** Rates to two decimals. */
export const roundAll = (record: Record<CountFigure, number>): Record<CountFigure, number> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, Math.round(value * 100) / 100])) as Record<CountFigure, number>;

async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new OpsError('REQUEST_FAILED', `cannot reach ${url}: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new OpsError('REQUEST_FAILED', `${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * The oldest-message ages of the queue at `queueUrl` and its DLQ from the runtime's first `snapshot`
 * event (which names each queue by the last segment of its URL); undefined when it has none to give.
 */
async function oldestAges(base: string, queueUrl: string, deadLetterQueueUrl: string): Promise<{ source: number | null; deadLetter: number | null } | undefined> {
  let ages: { source: number | null; deadLetter: number | null } | undefined;
  const nameOf = (url: string) => url.replace(/\/+$/, '').split('/').pop();
  try {
    await readEventStream(`${base}/_conveyor/events`, (event) => {
      if (event.event !== 'snapshot') return true;
      const queues = (JSON.parse(event.data) as { queues?: { name?: string; role?: string; oldestAgeSeconds?: number | null }[] }).queues ?? [];
      // By name; by role only when one queue has it (a runtime whose names do not match the URLs).
      const age = (url: string, role: string) => {
        const ofRole = queues.filter((queue) => queue.role === role);
        return (queues.find((queue) => queue.name === nameOf(url)) ?? (ofRole.length === 1 ? ofRole[0] : undefined))?.oldestAgeSeconds ?? null;
      };
      ages = { source: age(queueUrl, 'source'), deadLetter: age(deadLetterQueueUrl, 'dead-letter') };
      return false;
    }, { signal: AbortSignal.timeout(3_000) });
  } catch {
    // An older runtime without the event stream: the ages stay unknown.
  }
  return ages;
}
