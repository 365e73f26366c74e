/** `conveyor dlq list | peek | redrive`: inspect the dead-letter queue and move messages back. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Command, Option } from 'commander';
import { createSqsClient } from '../../ops/clients.js';
import type { DeadLetter } from '../../ops/dlq.js';
import type { Target } from '../../ops/targets.js';
import { interruptSignal, targetOf } from '../context.js';
import { CommandFailedError, UsageError } from '../errors.js';
import { formatTable, printJson } from '../format.js';
import { positiveInteger } from '../parse.js';

/** SQS's limit on a message-move task's rate (`ops/aws-dlq.ts` `MAX_MOVE_RATE`, not imported to keep start-up light). */
export const MAX_MOVE_RATE = 500;

/** The DLQ operations, loaded when a command runs (they bring the SQS client). */
const dlqOps = () => import('../../ops/dlq.js');

/** Runs `body` with an SQS client for the command's target, destroyed afterwards. */
async function withQueue<T>(command: Command, body: (sqs: SQSClient, target: Target) => Promise<T>): Promise<T> {
  const target = await targetOf(command);
  const sqs = await createSqsClient(target);
  try {
    return await body(sqs, target);
  } finally {
    sqs.destroy();
  }
}

/** Registers `dlq` and its subcommands. */
export function registerDlq(program: Command): void {
  const dlq = program
    .command('dlq')
    .summary('list, peek at and redrive dead-lettered messages')
    .description('Inspect the dead-letter queue without consuming it, and move messages back to the source queue.')
    .addHelpText('after', `
Examples:
  $ conveyor dlq list
  $ conveyor dlq peek 5fea7756-0ea4-451a-a703-a558b933e274
  $ conveyor dlq redrive --rate 10
  $ conveyor dlq redrive --message-id 5fea7756-0ea4-451a-a703-a558b933e274`);

  dlq
    .command('list')
    .description('List the messages in the dead-letter queue (peeked: they stay in the queue; each peek counts as a receive).')
    .addOption(new Option('-m, --max <n>', 'list at most this many').argParser(positiveInteger).default(100))
    .option('--json', 'print the messages as JSON')
    .addHelpText('after', '\nExample:\n  $ conveyor dlq list --max 20')
    .action(async (options: { max: number; json?: boolean }, command: Command) => {
      const { listDeadLetters } = await dlqOps();
      const messages = await withQueue(command, (sqs, target) => listDeadLetters(sqs, target.deadLetterQueueUrl, { max: options.max }));
      if (options.json) return printJson(messages);
      if (messages.length === 0) return void process.stdout.write('the dead-letter queue is empty\n');
      process.stdout.write(`${formatTable(['message id', 'sent', 'receives', 'error', 'body'], messages.map((message) => [
        message.messageId,
        new Date(message.sentAt).toISOString().replace('T', ' ').slice(0, 19),
        message.receiveCount,
        message.lastError?.code ?? '-',
        oneLine(message.body, 60),
      ]))}\n${messages.length} message(s)\n`);
    });

  dlq
    .command('peek')
    .description('Show one dead-lettered message: body, attributes, receive count, and the consumer\'s reason when it dead-lettered it.')
    .argument('<messageId>', 'the message\'s id in the dead-letter queue (from dlq list)')
    .option('--json', 'print the message as JSON')
    .addHelpText('after', '\nExample:\n  $ conveyor dlq peek 5fea7756-0ea4-451a-a703-a558b933e274')
    .action(async (messageId: string, options: { json?: boolean }, command: Command) => {
      const { peekDeadLetter } = await dlqOps();
      const message = await withQueue(command, (sqs, target) => peekDeadLetter(sqs, target.deadLetterQueueUrl, messageId));
      if (message === undefined) throw new CommandFailedError(`no message ${messageId} in the dead-letter queue (see conveyor dlq list)`);
      if (options.json) return printJson(message);
      process.stdout.write(`${formatDeadLetter(message)}\n`);
    });

  dlq
    .command('redrive')
    .description(
      'Move messages back to the source queue. Local and LocalStack: each message is sent to the source queue before it is deleted from '
      + 'the dead-letter queue, so a redrive stopped halfway loses nothing (a message may then be in both; the idempotency records skip the copy); '
      + `prints every message moved. AWS: an SQS message-move task (one per queue, at most ${MAX_MOVE_RATE} msg/s), polled until done; `
      + 'with --message-id or --max, the same client-side mover as locally.',
    )
    .option('--message-id <id>', 'move only this message')
    .addOption(new Option('--rate <msg/s>', `messages per second at most (AWS: 1–${MAX_MOVE_RATE})`).argParser(positiveInteger))
    .addOption(new Option('-m, --max <n>', 'move at most this many').argParser(positiveInteger))
    .option('--json', 'print the result as JSON when done')
    .addHelpText('after', `
Examples:
  $ conveyor dlq redrive                    # everything, at the default rate
  $ conveyor dlq redrive --rate 10 --max 100
  $ conveyor dlq redrive --message-id 5fea7756-0ea4-451a-a703-a558b933e274`)
    .action(async (options: { messageId?: string; rate?: number; max?: number; json?: boolean }, command: Command) => {
      await withQueue(command, async (sqs, target) => {
        const signal = interruptSignal();
        if (target.name === 'aws' && options.messageId === undefined && options.max === undefined) {
          if (options.rate !== undefined && options.rate > MAX_MOVE_RATE) throw new UsageError(`--rate is at most ${MAX_MOVE_RATE} for a message-move task`);
          const { describeMoveTask, startMoveTask, waitForMoveTask } = await import('../../ops/aws-dlq.js');
          const task = await startMoveTask({ sqs, deadLetterQueueUrl: target.deadLetterQueueUrl, sourceQueueUrl: target.queueUrl, ...(options.rate !== undefined ? { ratePerSecond: options.rate } : {}) });
          process.stderr.write(`started message-move task ${task.taskHandle} (Ctrl-C stops watching; the task carries on)\n`);
          let shown = '';
          const final = await waitForMoveTask(sqs, task, {
            signal,
            onStatus: (status) => {
              const line = describeMoveTask(status);
              if (line !== shown && !options.json) process.stdout.write(`${line}\n`);
              shown = line;
            },
          });
          if (options.json) printJson(final ?? { taskHandle: task.taskHandle, status: 'UNKNOWN' });
          if (final && (final.status === 'FAILED' || final.status === 'CANCELLED')) throw new CommandFailedError(`the message-move task ended ${final.status}`);
          return;
        }
        const { redriveDeadLetters } = await dlqOps();
        const result = await redriveDeadLetters({
          sqs,
          deadLetterQueueUrl: target.deadLetterQueueUrl,
          sourceQueueUrl: target.queueUrl,
          signal,
          ...(options.messageId !== undefined ? { messageId: options.messageId } : {}),
          ...(options.rate !== undefined ? { ratePerSecond: options.rate } : {}),
          ...(options.max !== undefined ? { max: options.max } : {}),
          onMoved: (moved) => {
            if (!options.json) process.stdout.write(`moved ${moved.messageId} → ${moved.newMessageId}\n`);
          },
        });
        if (options.json) printJson(result);
        else {
          for (const failure of result.failed) process.stdout.write(`failed ${failure.messageId}: ${failure.error}\n`);
          process.stdout.write(`moved ${result.moved.length}, failed ${result.failed.length}${signal.aborted ? ' (interrupted)' : ''}\n`);
        }
        if (result.failed.length > 0) throw new CommandFailedError(`${result.failed.length} message(s) could not be moved`);
        if (options.messageId !== undefined && result.moved.length === 0) throw new CommandFailedError(`no message ${options.messageId} in the dead-letter queue`);
      });
    });
}

/** A dead letter as text: ids, times, reason, attributes and the body (pretty when JSON). */
export function formatDeadLetter(message: DeadLetter): string {
  const rows: [string, string | number][] = [
    ['message id', message.messageId],
    ['sent', new Date(message.sentAt).toISOString()],
    ['receive count', message.receiveCount],
  ];
  if (message.lastError) {
    rows.push(['error code', message.lastError.code], ['error', message.lastError.message]);
    if (message.lastError.failedAt) rows.push(['failed at', message.lastError.failedAt]);
    if (message.lastError.sourceMessageId) rows.push(['source message id', message.lastError.sourceMessageId]);
  }
  for (const [name, value] of Object.entries(message.attributes)) rows.push([`attribute ${name}`, value]);
  for (const [name, value] of Object.entries(message.messageAttributes)) rows.push([`message attribute ${name}`, value]);
  let body = message.body;
  try {
    body = JSON.stringify(JSON.parse(message.body), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  return `${formatTable(['field', 'value'], rows)}\n\nbody:\n${body}`;
}

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
