/** `conveyor send`: one message, or a JSON-lines file through the batch route. */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ConveyorApi, errorOf, isSuccess, type MessageInput } from '../../ops/api-client.js';
import { OpsError } from '../../ops/errors.js';
import { GROUP_ID_PATTERN, SQS_MAX_DELAY_SECONDS as MAX_DELAY_SECONDS } from '../../contract/index.js';
import { type QueueKind, queueKindOf, queueMismatch } from '../../ops/queue-kind.js';
import { parseMessageLines, sendBatches } from '../../ops/send.js';
import type { Target } from '../../ops/targets.js';
import { targetOf } from '../context.js';
import { commandFailed, usageError } from '../errors.js';
import { printJson } from '../format.js';
import { integerIn } from '../parse.js';

interface SendOptions {
  file?: string;
  idempotencyKey?: string;
  groupId?: string;
  delaySeconds?: number;
  batch?: string;
}

/** Reads a file, or stdin for `-`. @throws OpsError `INPUT` when it cannot be read. */
export async function readInput(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new OpsError('INPUT', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/** `--delay-seconds`: an integer from 0 to 900 (SQS's limit). */
const delaySeconds = integerIn(0, MAX_DELAY_SECONDS);

/** `--group-id`: what SQS accepts as a message group id. */
function groupId(value: string): string {
  if (!GROUP_ID_PATTERN.test(value)) throw new InvalidArgumentError('1–128 printable ASCII characters, no spaces');
  return value;
}

/** The target queue's kind, from its `QueueUrl` output; undefined when the outputs have none. */
/**
 * The kind of queue the messages go to, by their types (the `Queues` output lists each queue's
 * types; a type on a FIFO queue needs a group); with several kinds among them, undefined: the API
 * checks each message.
 */
/** The `type` of each line of a JSON-lines text that has one (the full parse, with its messages, comes after). */
function typesOfLines(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    try {
      const type = (JSON.parse(line) as { type?: unknown } | null)?.type;
      return typeof type === 'string' ? [type] : [];
    } catch {
      return [];
    }
  });
}

function queueKindOfTypes(target: Target, types: readonly string[]): QueueKind | undefined {
  const kinds = new Set(types.map((type) => target.queueKindOfType(type) ?? queueKindOf(target.outputs.QueueUrl)));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** Registers `send`. */
export function registerSend(program: Command): void {
  program
    .command('send')
    .summary('send one message, or a JSON-lines file of messages')
    .description('Send one message through POST messages (type and payload from the arguments, a file or stdin), or every message of a JSON-lines file through POST messages/batch (100 per request). Prints the API\'s answer; exits 1 when the API refuses anything.')
    .argument('[type]', 'message type, e.g. ledger.credit')
    .argument('[payload]', 'the payload as JSON, or - to read it from stdin')
    .option('-f, --file <path>', 'read the payload from this file (- for stdin)')
    .option('-k, --idempotency-key <key>', 'the Idempotency-Key header: send the same key again and the effect still happens once')
    .addOption(new Option('--group-id <id>', 'the message group: required on a FIFO queue (each group is delivered in order); with --batch, for lines without a groupId').argParser(groupId))
    .addOption(new Option('--delay-seconds <n>', `delay delivery, 0–${MAX_DELAY_SECONDS} s (standard queues only); with --batch, for lines without a delaySeconds`).argParser(delaySeconds))
    .option('-b, --batch <file>', 'send every line of this JSON-lines file ({"type", "payload", "idempotencyKey"?, "groupId"?, "delaySeconds"?} per line; - for stdin) through POST messages/batch')
    .addHelpText('after', `
Examples:
  $ conveyor send ledger.credit '{"account":"alice","amount":250}'
  $ conveyor send ledger.credit '{"account":"alice","amount":250}' --idempotency-key order-42-credit
  $ echo '{"account":"bob","amount":75}' | conveyor send ledger.credit -
  $ conveyor send ledger.credit --file payload.json
  $ conveyor send --batch messages.jsonl
  $ conveyor send ledger.credit '{"account":"alice","amount":250}' --group-id alice   # FIFO stack
  $ conveyor send --batch messages.jsonl --group-id orders                          # FIFO: lines without a groupId

A JSON-lines file has one message per line:
  {"type":"ledger.credit","payload":{"account":"alice","amount":100},"idempotencyKey":"inv-1"}
  {"type":"ledger.credit","payload":{"account":"bob","amount":75},"idempotencyKey":"inv-2","groupId":"bob"}

On a FIFO queue (its QueueUrl ends in .fifo) every message needs a group: --group-id, or a
"groupId" on each line; --delay-seconds is refused there (SQS FIFO has no per-message delay).`)
    .action(async (type: string | undefined, payload: string | undefined, options: SendOptions, command: Command) => {
      if (options.batch !== undefined) {
        if (type !== undefined || payload !== undefined || options.file !== undefined) throw usageError('--batch takes the messages from the file: give no type, payload or --file');
        if (options.idempotencyKey !== undefined) throw usageError('--batch takes an idempotencyKey per line, not --idempotency-key');
        const text = await readInput(options.batch);
        const target = await targetOf(command);
        const queue = queueKindOfTypes(target, typesOfLines(text));
        refuseDelayOnFifo(queue, options);
        const messages = parseMessageLines(text, options.batch === '-' ? 'stdin' : options.batch, {
          defaults: { ...(options.groupId !== undefined ? { groupId: options.groupId } : {}), ...(options.delaySeconds !== undefined ? { delaySeconds: options.delaySeconds } : {}) },
          ...(queue !== undefined ? { queue } : {}),
        });
        const api = new ConveyorApi({ apiUrl: target.apiUrl, apiKey: await target.apiKey() });
        const report = await sendBatches(api, messages);
        printJson(report);
        if (report.failed > 0) throw commandFailed(`${report.failed} of ${messages.length} messages were not accepted (see results; re-send them with the same keys)`);
        return;
      }
      const message = await messageFrom(type, payload, options);
      const target = await targetOf(command);
      const queue = queueKindOfTypes(target, [message.type]);
      refuseDelayOnFifo(queue, options);
      if (queueMismatch(message, queue) === 'group-required') {
        throw usageError(`${message.type} goes to a FIFO queue: give the message group with --group-id <id> (SQS delivers each group's messages in order, one at a time)`);
      }
      const api = new ConveyorApi({ apiUrl: target.apiUrl, apiKey: await target.apiKey() });
      const answer = await api.postMessage(message);
      printJson(answer.body);
      if (!isSuccess(answer)) {
        const error = errorOf(answer.body);
        throw commandFailed(`${answer.status} ${error ? `${error.code}: ${error.message}` : 'the API refused the message'}`);
      }
    });
}

/** `--delay-seconds` on a FIFO queue is a usage error: SQS FIFO queues have no per-message delay. */
function refuseDelayOnFifo(queue: QueueKind | undefined, options: SendOptions): void {
  if (queue === 'fifo' && options.delaySeconds !== undefined) {
    throw usageError('--delay-seconds is not supported on a FIFO queue (its QueueUrl ends in .fifo; SQS FIFO queues have no per-message delay)');
  }
}

async function messageFrom(type: string | undefined, payload: string | undefined, options: SendOptions): Promise<MessageInput> {
  if (type === undefined) throw usageError('give a message type and payload (conveyor send ledger.credit \'{"account":"alice","amount":250}\'), or --batch <file>');
  if (payload !== undefined && options.file !== undefined) throw usageError('give the payload as an argument or with --file, not both');
  const source = options.file ?? payload;
  if (source === undefined) throw usageError('no payload: give it as an argument, with --file <path>, or - to read stdin');
  const text = options.file !== undefined || payload === '-' ? await readInput(source) : source;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`the payload is not JSON: ${(error as Error).message}`);
  }
  return {
    type,
    payload: parsed,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.groupId !== undefined ? { groupId: options.groupId } : {}),
    ...(options.delaySeconds !== undefined ? { delaySeconds: options.delaySeconds } : {}),
  };
}
