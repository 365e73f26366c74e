/** `conveyor stats`: throughput, latency and queue figures over a window. */
import { type Command, Option } from 'commander';
import { createCloudWatchClient, createSqsClient } from '../../ops/clients.js';
import type { StatsReport } from '../../ops/stats.js';
import { queueOf, queueOption, targetOf } from '../context.js';
import { figure, formatTable, printJson } from '../format.js';
import { durationSeconds } from '../parse.js';

interface StatsOptions {
  window: number;
  queue?: string;
  namespace?: string;
  service?: string;
  json?: boolean;
}

/** Registers `stats`. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .summary('throughput, latency and queue depth over a window')
    .description(
      'Messages accepted, processed, failed, dead-lettered and skipped as duplicates (count and per second), end-to-end latency '
      + 'p50/p90/p99, and the depth of a queue and its dead-letter queue (the default queue, or --queue <name>; the message figures '
      + 'cover every queue). Local: the runtime\'s aggregated metrics (/_conveyor/metrics). localstack/aws: CloudWatch '
      + 'GetMetricData on the functions\' metrics (namespace Conveyor, dimension service = the stack name), windows in whole minutes.',
    )
    .addOption(new Option('-w, --window <time>', 'how far back: 60, 60s, 5m, 1h').argParser(durationSeconds).default(60, '60 s'))
    .addOption(queueOption())
    .option('--namespace <name>', 'deployed targets: the metrics namespace (POWERTOOLS_METRICS_NAMESPACE)', 'Conveyor')
    .option('--service <name>', 'deployed targets: the service dimension (POWERTOOLS_SERVICE_NAME; default: the stack name)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `
Examples:
  $ conveyor stats
  $ conveyor stats --window 5m --json
  $ conveyor stats --queue orders     # the orders queue's depth and its dead-letter queue's
  $ conveyor --target aws --outputs cdk-outputs.json stats --window 1h`)
    .action(async (options: StatsOptions, command: Command) => {
      const target = await targetOf(command);
      const queue = queueOf(target, options.queue);
      const sqs = await createSqsClient(target);
      const windowSeconds = Math.max(1, Math.round(options.window));
      try {
        let report: StatsReport;
        if (target.name === 'local') {
          const { localStats } = await import('../../ops/stats.js');
          report = await localStats({ runtimeUrl: target.runtimeUrl, sqs, queue: queue.name, queueUrl: queue.queueUrl, deadLetterQueueUrl: queue.deadLetterQueueUrl, windowSeconds });
        } else {
          const [cloudwatch, { awsStats }] = await Promise.all([createCloudWatchClient(target), import('../../ops/aws-stats.js')]);
          try {
            report = await awsStats({
              target: target.name,
              cloudwatch,
              sqs,
              queue: queue.name,
              queueUrl: queue.queueUrl,
              deadLetterQueueUrl: queue.deadLetterQueueUrl,
              windowSeconds,
              namespace: options.namespace ?? 'Conveyor',
              serviceName: options.service ?? target.stackName,
            });
          } finally {
            cloudwatch.destroy();
          }
        }
        if (options.json) printJson(report);
        else process.stdout.write(`${formatStats(report)}\n`);
      } finally {
        sqs.destroy();
      }
    });
}

/** The report as two tables: message figures, then queues. */
export function formatStats(report: StatsReport): string {
  const { counts, perSecond, latencyMs } = report;
  const row = (label: string, key: keyof typeof counts): [string, number, string, string] =>
    [label, counts[key], figure(perSecond[key], 2), report.totals ? String(report.totals[key]) : 'n/a'];
  const messages = formatTable(['messages', `last ${report.windowSeconds} s`, 'per second', 'since start'], [
    row('accepted (API)', 'accepted'),
    row('rejected (API)', 'rejected'),
    row('processed', 'processed'),
    row('duplicates skipped', 'duplicates'),
    row('failed, to retry', 'failed'),
    row('dead-lettered', 'deadLettered'),
  ]);
  const latency = latencyMs
    ? `end-to-end latency ms: p50 ${figure(latencyMs.p50)}  p90 ${figure(latencyMs.p90)}  p99 ${figure(latencyMs.p99)}  (${latencyMs.samples} samples)`
    : 'end-to-end latency: no samples in the window';
  const queue = (name: string, q: StatsReport['queues']['source']): [string, number, number, number, string] =>
    [name, q.visible, q.inFlight, q.delayed, q.oldestAgeSeconds === null ? 'n/a' : figure(q.oldestAgeSeconds, 1)];
  const name = report.queue ?? 'source';
  const queues = formatTable(['queue', 'visible', 'in flight', 'delayed', 'oldest, s'], [
    queue(name, report.queues.source),
    queue(`${name} dead-letter`, report.queues.deadLetter),
  ]);
  return [`${report.target} at ${report.at}`, '', messages, '', latency, '', queues].join('\n');
}
