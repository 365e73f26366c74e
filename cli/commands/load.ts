/** `conveyor load`: steady-rate load through the API, with duplicates, and a summary of what it answered. */
import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import { ConveyorApi } from '../../ops/api-client.js';
import { isOpsError } from '../../ops/errors.js';
import type { LoadSummary } from '../../ops/load.js';
import { LoadPlan } from '../../ops/load-plan.js';
import { DEFAULT_LOAD_GROUPS, type QueueKind, queueKindOf } from '../../ops/queue-kind.js';
import { interruptSignal, targetOf } from '../context.js';
import { commandFailed, usageError } from '../errors.js';
import { figure, formatTable, printJson } from '../format.js';
import { durationSeconds, positiveInteger, positiveNumber, ratio } from '../parse.js';

interface LoadOptions {
  rate: number;
  duration?: number;
  count?: number;
  duplicates: number;
  size?: number;
  batch: number;
  concurrency: number;
  accounts: number;
  groups?: number;
  runId?: string;
  json?: boolean;
  progress: boolean;
}

/** Registers `load`. */
export function registerLoad(program: Command): void {
  program
    .command('load')
    .summary('send ledger.credit messages at a steady rate and summarize the answers')
    .description(
      'Send ledger.credit messages (1 cent each, spread over --accounts accounts named load-<run id>-<n>) at --rate messages per second '
      + 'for --duration seconds or --count messages, a --duplicates share of them re-sending an earlier message with the same idempotency key. '
      + 'Prints a summary: messages sent, accepted, duplicates, errors by status and code, and the client-side request latency.',
    )
    .addOption(new Option('-r, --rate <msg/s>', 'messages per second').argParser(positiveNumber).default(10))
    .addOption(new Option('-d, --duration <time>', 'how long to send, e.g. 30, 30s, 2m (default 10 s when --count is not given)').argParser(durationSeconds).conflicts('count'))
    .addOption(new Option('-n, --count <n>', 'how many messages to send, duplicates included').argParser(positiveInteger))
    .addOption(new Option('--duplicates <ratio>', 'share of messages that re-send an earlier one (same key and payload), e.g. 0.1 or 10%').argParser(ratio).default(0))
    .addOption(new Option('--size <bytes>', 'size of each message\'s {type, payload} JSON; ledger.credit reaches it by lengthening the account name, so it is bounded (about 80–190 bytes); see --help').argParser(positiveInteger))
    .addOption(new Option('-b, --batch <n>', 'messages per request: 1 uses POST messages, 2–100 POST messages/batch').argParser(positiveInteger).default(1))
    .addOption(new Option('-c, --concurrency <n>', 'requests in flight at most (beyond it, requests start late and the achieved rate drops)').argParser(positiveInteger).default(16))
    .addOption(new Option('--accounts <n>', 'accounts to spread the credits over').argParser(positiveInteger).default(10))
    .addOption(new Option('--groups <n>', `FIFO queues only: message groups to spread the messages over, load-<run id>-g<n> (default ${DEFAULT_LOAD_GROUPS} on a FIFO queue)`).argParser(positiveInteger))
    .option('--run-id <id>', 'names the run\'s accounts and keys (default: random); reuse one to re-send the same keys')
    .option('--json', 'print the summary as JSON instead of a table')
    .option('--no-progress', 'no progress bar (there is none when stderr is not a terminal)')
    .addHelpText('after', `
Examples:
  $ conveyor load --rate 50 --duration 30
  $ conveyor load --count 1000 --rate 200 --batch 10 --duplicates 0.1
  $ conveyor load --count 50 --duplicates 10% --json
  $ conveyor load --count 500 --rate 100 --groups 20     # FIFO stack: 20 message groups

The summary's "unique accepted" is the number of distinct keys the API accepted: once the consumer
has caught up, the run's accounts hold that many credits in total (duplicates are skipped).
Latency is per request, from sending it to reading the answer, on this machine.
--size: ledger.credit's payload is an account name (at most 128 characters) and an amount, so its
messages are at most about 190 bytes; larger messages need a message type with a larger payload.
The local runtime's usage plan allows 100 requests/s (burst 200): above it, expect 429 THROTTLED.
On a FIFO queue (its QueueUrl ends in .fifo) every message needs a group: unique message n goes to
group load-<run id>-g<n mod --groups>, its duplicates with it. SQS delivers a group's messages one
after another, so the groups bound how many the consumer works on at once. --groups is refused on a
standard queue, which has no groups.`)
    .action(async (options: LoadOptions, command: Command) => {
      if (options.batch > 100) throw usageError('--batch is at most 100 (the batch route\'s limit)');
      const count = options.count ?? Math.max(1, Math.round(options.rate * (options.duration ?? 10)));
      const runId = options.runId ?? randomBytes(4).toString('hex');
      const target = await targetOf(command);
      const groups = groupsFor(queueKindOf(target.outputs.QueueUrl), options.groups, target.outputs.QueueUrl);
      let plan: LoadPlan;
      try {
        plan = new LoadPlan({
          count,
          runId,
          duplicateRatio: options.duplicates,
          accounts: options.accounts,
          ...(groups !== undefined ? { groups } : {}),
          ...(options.size !== undefined ? { sizeBytes: options.size } : {}),
        });
      } catch (error) {
        // The plan checks what the flags describe (a size out of range, a run id too long): wrong usage.
        if (isOpsError(error, 'INPUT')) throw usageError(error.message, { cause: error });
        throw error;
      }
      const api = new ConveyorApi({ apiUrl: target.apiUrl, apiKey: await target.apiKey() });
      const [{ runLoad }, { SingleBar }] = await Promise.all([import('../../ops/load.js'), import('cli-progress')]);
      const bar = options.progress && !options.json && process.stderr.isTTY
        ? new SingleBar({ format: 'load [{bar}] {value}/{total} messages | accepted {accepted} | failed {failed} | {eta_formatted} left', hideCursor: true })
        : undefined;
      bar?.start(plan.total, 0, { accepted: 0, failed: 0 });
      const summary = await runLoad({
        api,
        plan,
        ratePerSecond: options.rate,
        batchSize: options.batch,
        concurrency: options.concurrency,
        signal: interruptSignal(),
        onProgress: (progress) => bar?.update(progress.done, { accepted: progress.accepted, failed: progress.failed }),
      }).finally(() => bar?.stop());
      if (options.json) printJson(summary);
      else process.stdout.write(`${formatLoadSummary(summary)}\n`);
      if (summary.messages.accepted === 0) throw commandFailed('no message was accepted');
    });
}

/**
 * How many message groups a run uses: `--groups`, or the default on a FIFO queue; none on a
 * standard queue, where `--groups` is a usage error (it would change nothing about delivery), or
 * when the outputs name no queue (the API then decides).
 */
function groupsFor(queue: QueueKind | undefined, groups: number | undefined, queueUrl: string | undefined): number | undefined {
  if (queue === 'standard' && groups !== undefined) {
    throw usageError(`--groups spreads messages over FIFO message groups, but ${queueUrl} is a standard queue (no groups, no ordering): leave --groups out, or run against a FIFO stack (-c fifo=true)`);
  }
  return queue === 'fifo' ? groups ?? DEFAULT_LOAD_GROUPS : groups;
}

/** The summary as a table, errors by code after it. */
export function formatLoadSummary(summary: LoadSummary): string {
  const { messages, latencyMs } = summary;
  const rows: [string, string | number][] = [
    ['run id', summary.runId],
    ['messages planned', messages.planned],
    ['messages sent', messages.sent],
    ['accepted', messages.accepted],
    ['failed', messages.failed],
    ['duplicates sent', messages.duplicates],
    ['unique accepted (credits expected)', messages.uniqueAccepted],
    ['requests (batch size)', `${summary.requests.sent} (${summary.batchSize})`],
    ...(summary.groups.length > 0 ? [['message groups (FIFO)', summary.groups.length] as [string, number]] : []),
    ['message size, bytes', summary.messageBytes],
    ['rate, msg/s: target / achieved', `${figure(summary.rate.target)} / ${figure(summary.rate.achieved)}`],
    ['time, s', figure(summary.seconds, 2)],
    ['latency ms p50 / p90 / p99', latencyMs ? `${figure(latencyMs.p50)} / ${figure(latencyMs.p90)} / ${figure(latencyMs.p99)}` : 'n/a'],
    ['latency ms max / mean', latencyMs ? `${figure(latencyMs.max)} / ${figure(latencyMs.mean)}` : 'n/a'],
  ];
  const parts = [formatTable(['figure', 'value'], rows)];
  const errors = Object.entries(summary.errors).sort(([, a], [, b]) => b - a);
  if (errors.length > 0) parts.push('', formatTable(['error (status code)', 'messages'], errors));
  parts.push('', `accounts: ${summary.accounts[0]} … (${summary.accounts.length})${summary.interrupted ? '\ninterrupted before every message was sent' : ''}`);
  return parts.join('\n');
}
