/** `conveyor tail`: follow the consumer — messages processed, duplicates skipped, failures — live. */
import { type Command, Option } from 'commander';
import { createLogsClient } from '../../ops/clients.js';
import { formatTailEvent, type LogLine, tailEvents } from '../../ops/log-events.js';
import { interruptSignal, queueOf, queueOption, targetOf } from '../context.js';
import { usageError } from '../errors.js';
import { positiveNumber, since } from '../parse.js';

interface TailOptions {
  all?: boolean;
  json?: boolean;
  since?: number;
  logGroup?: string;
  queue?: string;
  poll: number;
}

/** Registers `tail`. */
export function registerTail(program: Command): void {
  program
    .command('tail')
    .summary('follow processed messages and failures')
    .description(
      'Follow the consumer: one line per message processed or skipped as a duplicate (from its "batch done" log line), one per message '
      + 'dead-lettered or to be retried (with the reason), its errors, and one per invocation that crashed or timed out (request id, '
      + 'the batch\'s message ids locally, the error). Local: the runtime\'s live log stream. localstack/aws: CloudWatch Logs '
      + '(FilterLogEvents on the consumer\'s log group, polled; Lambda\'s own "Task timed out", "REPORT … Status:", "Runtime.ExitError" '
      + 'and "Invoke Error" lines included). With several queues: the default queue\'s consumer, or the one --queue <name> names '
      + '(locally, without --queue: every consumer). Stops on Ctrl-C.',
    )
    .option('-a, --all', 'every log line as it is (locally: of every function, or of the --queue\'s consumer; deployed: of the consumer\'s log group)')
    .option('--json', 'one JSON object per line instead of text')
    .addOption(queueOption().conflicts('logGroup'))
    .addOption(new Option('--since <when>', 'deployed targets: start this long ago (10m, 1h) or at an ISO date').argParser((value) => since(value)))
    .option('--log-group <name>', 'deployed targets: the log group to follow (default: the queue\'s consumer\'s, from the Queues output; older stacks: the ConsumerLogGroupName output, else <stack>-…ConsumerLogGroup…)')
    .addOption(new Option('--poll <seconds>', 'deployed targets: seconds between polls').argParser(positiveNumber).default(2))
    .addHelpText('after', `
Examples:
  $ conveyor tail
  $ conveyor tail --all
  $ conveyor tail --queue orders      # the orders queue's consumer only
  $ conveyor tail --json | jq 'select(.kind == "dead-lettered")'
  $ conveyor tail --json | jq 'select(.kind == "crashed" or .kind == "timed-out")'
  $ conveyor --target aws tail --since 15m

Output: time (UTC), what (processed, duplicate, dead-lettered, retry, error, crashed, timed-out), SQS message id,
key=<idempotency key>, code — reason. Crashed and timed-out lines name the function, req=<request id> and, locally,
messages=<the batch's SQS message ids>.`)
    .action(async (options: TailOptions, command: Command) => {
      const target = await targetOf(command);
      // Checked before anything is followed: a name the outputs do not know is a usage error.
      const queue = options.queue === undefined ? undefined : queueOf(target, options.queue);
      const { consumerLogGroup, followLogGroup, followRuntimeLogs } = await import('../../ops/tail.js');
      const signal = interruptSignal();
      const print = (input: LogLine) => {
        for (const event of tailEvents(input, { all: options.all ?? false })) {
          process.stdout.write(`${options.json ? JSON.stringify(event) : formatTailEvent(event)}\n`);
        }
      };
      if (target.name === 'local') {
        if (options.since !== undefined) throw usageError('--since is for deployed targets: the local runtime streams lines as they are written');
        const logGroup = queue?.consumerLogGroupName;
        await followRuntimeLogs(target.runtimeUrl, print, {
          signal,
          onOpen: (url) => process.stderr.write(`following ${url}${logGroup === undefined ? '' : ` for ${logGroup}`} (Ctrl-C to stop)\n`),
          ...(logGroup !== undefined ? { logGroup } : {}),
        });
        return;
      }
      const logs = await createLogsClient(target);
      try {
        const group = await consumerLogGroup(logs, target, {
          ...(options.logGroup !== undefined ? { explicit: options.logGroup } : {}),
          ...(options.queue !== undefined ? { queue: options.queue } : {}),
        });
        process.stderr.write(`following ${group} (Ctrl-C to stop)\n`);
        await followLogGroup(logs, group, print, { since: options.since ?? Date.now() - 60_000, pollMs: options.poll * 1000, signal });
      } finally {
        logs.destroy();
      }
    });
}
