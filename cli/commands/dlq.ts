/** `conveyor dlq list | peek | redrive`: inspect the dead-letter queue and move messages back. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Command, Option } from 'commander';
import { createSqsClient } from '../../ops/clients.js';
import type { DeadLetter, DeadLetterReader } from '../../ops/dead-letter.js';
import type { TargetQueue } from '../../ops/stack-resources.js';
import type { Target } from '../../ops/targets.js';
import { interruptSignal, queueOf, queueOption, targetOf } from '../context.js';
import { commandFailed, usageError } from '../errors.js';
import { formatTable, printJson } from '../format.js';
import { positiveInteger } from '../parse.js';

/** SQS's limit on a message-move task's rate (`ops/aws-dlq.ts` `MAX_MOVE_RATE`, not imported to keep start-up light). */
export const MAX_MOVE_RATE = 500;

/** The DLQ operations, loaded when a command runs (they bring the SQS client). */
const dlqOps = () => import('../../ops/dlq.js');

/** Runs `body` with an SQS client for the command's target and the queue `--queue` names; the client is destroyed afterwards. */
async function withQueue<T>(command: Command, queueName: string | undefined, body: (sqs: SQSClient, target: Target, queue: TargetQueue) => Promise<T>): Promise<T> {
  const target = await targetOf(command);
  const queue = queueOf(target, queueName);
  const sqs = await createSqsClient(target);
  try {
    return await body(sqs, target, queue);
  } finally {
    sqs.destroy();
  }
}

/**
 * Runs `body` with a reader of the DLQ of the queue `--queue` names: locally the runtime's
 * `/_conveyor/dlq` endpoints, which read the emulator without receiving (receive counts stay as they
 * are); elsewhere SQS ReceiveMessage, where each look counts as a receive (SQS has no peek).
 */
async function withReader<T>(command: Command, queueName: string | undefined, body: (reader: DeadLetterReader, queue: TargetQueue) => Promise<T>): Promise<T> {
  const target = await targetOf(command);
  const queue = queueOf(target, queueName);
  if (target.name === 'local') {
    const { runtimeDeadLetterReader } = await import('../../ops/runtime-dlq.js');
    // The runtime picks its default queue itself when none is named.
    return body(runtimeDeadLetterReader(target.runtimeUrl, queueName === undefined ? {} : { queue: queueName }), queue);
  }
  const { sqsDeadLetterReader } = await dlqOps();
  const sqs = await createSqsClient(target);
  try {
    return await body(sqsDeadLetterReader(sqs, queue.deadLetterQueueUrl), queue);
  } finally {
    sqs.destroy();
  }
}

/** `--queue <name>` as the user gave it, for messages that suggest another command. */
const queueFlag = (name: string | undefined): string => (name === undefined ? '' : ` --queue ${name}`);

/** Registers `dlq` and its subcommands. */
export function registerDlq(program: Command): void {
  const dlq = program
    .command('dlq')
    .summary('list, peek at and redrive dead-lettered messages')
    .description('Inspect a queue\'s dead-letter queue without consuming it, and move messages back to the queue. Each subcommand works on the default queue (the first in conveyor.config.ts), or on the one --queue <name> names.')
    .addHelpText('after', `
Examples:
  $ conveyor dlq list
  $ conveyor dlq list --queue orders
  $ conveyor dlq peek 5fea7756-0ea4-451a-a703-a558b933e274
  $ conveyor dlq redrive --rate 10
  $ conveyor dlq redrive --message-id 5fea7756-0ea4-451a-a703-a558b933e274`);

  dlq
    .command('list')
    .description(
      'List the messages in the dead-letter queue without consuming them: the source message id and the idempotency key first '
      + '(what the logs name), then when it was sent, receives, the consumer\'s error code and the start of the body. '
      + 'Local: read through the emulator, receive counts unchanged; AWS and LocalStack: each look counts as a receive.',
    )
    .addOption(new Option('-m, --max <n>', 'list at most this many').argParser(positiveInteger).default(100))
    .addOption(queueOption())
    .option('--json', 'print the messages as JSON (with the DLQ message id, origin and every attribute)')
    .addHelpText('after', '\nExamples:\n  $ conveyor dlq list --max 20\n  $ conveyor dlq list --queue orders')
    .action(async (options: { max: number; queue?: string; json?: boolean }, command: Command) => {
      const [messages, countsAsReceive, queue] = await withReader(command, options.queue, async (reader, queue) => [await reader.list(options.max), reader.countsAsReceive, queue] as const);
      if (options.json) return printJson(messages);
      if (messages.length === 0) return void process.stdout.write(`the dead-letter queue of ${queue.name} is empty\n`);
      process.stdout.write(`${formatTable(['source message id', 'idempotency key', 'sent', 'receives', 'error', 'body'], messages.map((message) => [
        message.sourceMessageId,
        message.idempotencyKey ?? '-',
        new Date(message.sentAt).toISOString().replace('T', ' ').slice(0, 19),
        message.receiveCount,
        message.lastError?.code ?? (message.state === 'in-flight' ? '(in flight)' : '-'),
        oneLine(message.body, 40),
      ]))}\n${listFooter(messages, countsAsReceive)}\n`);
    });

  dlq
    .command('peek')
    .description('Show one dead-lettered message: its ids, body, attributes, receive count, and the consumer\'s reason when it dead-lettered it.')
    .argument('<messageId>', 'the message\'s source message id (from dlq list) or its id in the dead-letter queue')
    .addOption(queueOption())
    .option('--json', 'print the message as JSON')
    .addHelpText('after', '\nExamples:\n  $ conveyor dlq peek 5fea7756-0ea4-451a-a703-a558b933e274\n  $ conveyor dlq peek 5fea7756-0ea4-451a-a703-a558b933e274 --queue orders')
    .action(async (messageId: string, options: { queue?: string; json?: boolean }, command: Command) => {
      const [message, queue] = await withReader(command, options.queue, async (reader, queue) => [await reader.peek(messageId), queue] as const);
      if (message === undefined) throw commandFailed(`no message ${messageId} in the dead-letter queue of ${queue.name} (see conveyor dlq list${queueFlag(options.queue)})`);
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
    .option('--message-id <id>', 'move only this message (its source message id or its DLQ message id)')
    .addOption(new Option('--rate <msg/s>', `messages per second at most (AWS: 1–${MAX_MOVE_RATE})`).argParser(positiveInteger))
    .addOption(new Option('-m, --max <n>', 'move at most this many').argParser(positiveInteger))
    .addOption(queueOption())
    .option('--json', 'print the result as JSON when done')
    .addHelpText('after', `
Examples:
  $ conveyor dlq redrive                    # everything, at the default rate
  $ conveyor dlq redrive --rate 10 --max 100
  $ conveyor dlq redrive --message-id 5fea7756-0ea4-451a-a703-a558b933e274
  $ conveyor dlq redrive --queue orders     # the orders queue's dead letters, back to orders`)
    .action(async (options: { messageId?: string; rate?: number; max?: number; queue?: string; json?: boolean }, command: Command) => {
      await withQueue(command, options.queue, async (sqs, target, queue) => {
        const signal = interruptSignal();
        if (target.name === 'aws' && options.messageId === undefined && options.max === undefined) {
          if (options.rate !== undefined && options.rate > MAX_MOVE_RATE) throw usageError(`--rate is at most ${MAX_MOVE_RATE} for a message-move task`);
          const { describeMoveTask, startMoveTask, waitForMoveTask } = await import('../../ops/aws-dlq.js');
          const task = await startMoveTask({ sqs, deadLetterQueueUrl: queue.deadLetterQueueUrl, sourceQueueUrl: queue.queueUrl, ...(options.rate !== undefined ? { ratePerSecond: options.rate } : {}) });
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
          if (final && (final.status === 'FAILED' || final.status === 'CANCELLED')) throw commandFailed(`the message-move task ended ${final.status}`);
          return;
        }
        const { redriveDeadLetters } = await dlqOps();
        const result = await redriveDeadLetters({
          sqs,
          deadLetterQueueUrl: queue.deadLetterQueueUrl,
          sourceQueueUrl: queue.queueUrl,
          signal,
          ...(options.messageId !== undefined ? { messageId: options.messageId } : {}),
          ...(options.rate !== undefined ? { ratePerSecond: options.rate } : {}),
          ...(options.max !== undefined ? { max: options.max } : {}),
          onMoved: (moved) => {
            // The id of the attempt that failed → the id of the next one: both are in the consumer's logs.
            if (!options.json) process.stdout.write(`moved ${moved.sourceMessageId} → ${moved.newMessageId}\n`);
          },
        });
        if (options.json) printJson(result);
        else {
          for (const failure of result.failed) process.stdout.write(`failed ${failure.messageId}: ${failure.error}\n`);
          process.stdout.write(`moved ${result.moved.length}, failed ${result.failed.length}${signal.aborted ? ' (interrupted)' : ''}\n`);
        }
        if (result.failed.length > 0) throw commandFailed(`${result.failed.length} message(s) could not be moved`);
        if (options.messageId !== undefined && result.moved.length === 0) throw commandFailed(`no message ${options.messageId} in the dead-letter queue of ${queue.name}`);
      });
    });
}

/** The last line of `dlq list`: how many, how many in flight, and whether looking counted as a receive. */
function listFooter(messages: readonly DeadLetter[], countsAsReceive: boolean): string {
  const inFlight = messages.filter((message) => message.state === 'in-flight').length;
  return [
    `${messages.length} message(s)`,
    ...(inFlight > 0 ? [`${inFlight} in flight (received by someone, a redrive say: hidden until its visibility timeout ends)`] : []),
    countsAsReceive ? 'each listed message was received once more (SQS has no peek)' : 'read without receiving: receive counts unchanged',
  ].join('; ');
}

/** A dead letter as text: the ids the logs name first, then times, reason, attributes and the body (pretty when JSON). */
export function formatDeadLetter(message: DeadLetter): string {
  const rows: [string, string | number][] = [
    ['source message id', message.sourceMessageId],
    ['idempotency key', message.idempotencyKey ?? '- (the body is not an envelope)'],
    ['dlq message id', message.messageId],
    ['dead-lettered by', message.origin === 'consumer' ? 'the consumer' : 'SQS (redrive policy), or sent to the DLQ directly'],
    ['state', message.state],
    ['sent', new Date(message.sentAt).toISOString()],
    ['receive count', message.receiveCount],
  ];
  if (message.lastError) {
    rows.push(['error code', message.lastError.code], ['error', message.lastError.message]);
    if (message.lastError.failedAt) rows.push(['failed at', message.lastError.failedAt]);
  }
  if (message.attempts) {
    rows.push(['attempts', message.attempts.count]);
    for (const [index, failure] of message.attempts.history.entries()) rows.push([`failure ${index + 1}`, `${failure.at} ${failure.code}`]);
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
