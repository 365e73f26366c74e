/** `conveyor send`: one message, or a JSON-lines file through the batch route. */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { ConveyorApi, errorOf, isSuccess, type MessageInput } from '../../ops/api-client.js';
import { InputError } from '../../ops/errors.js';
import { parseMessageLines, sendBatches } from '../../ops/send.js';
import { targetOf } from '../context.js';
import { CommandFailedError, UsageError } from '../errors.js';
import { printJson } from '../format.js';
import { positiveInteger } from '../parse.js';

interface SendOptions {
  file?: string;
  idempotencyKey?: string;
  groupId?: string;
  delaySeconds?: number;
  batch?: string;
}

/** Reads a file, or stdin for `-`. @throws InputError when it cannot be read. */
export async function readInput(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
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
    .option('--group-id <id>', 'the message group (FIFO queues)')
    .addOption(new Option('--delay-seconds <n>', 'delay delivery, 0–900 s (standard queues)').argParser((value) => (value === '0' ? 0 : positiveInteger(value))))
    .option('-b, --batch <file>', 'send every line of this JSON-lines file ({"type", "payload", "idempotencyKey"?} per line; - for stdin) through POST messages/batch')
    .addHelpText('after', `
Examples:
  $ conveyor send ledger.credit '{"account":"alice","amount":250}'
  $ conveyor send ledger.credit '{"account":"alice","amount":250}' --idempotency-key order-42-credit
  $ echo '{"account":"bob","amount":75}' | conveyor send ledger.credit -
  $ conveyor send ledger.credit --file payload.json
  $ conveyor send --batch messages.jsonl

A JSON-lines file has one message per line:
  {"type":"ledger.credit","payload":{"account":"alice","amount":100},"idempotencyKey":"inv-1"}
  {"type":"ledger.credit","payload":{"account":"bob","amount":75},"idempotencyKey":"inv-2"}`)
    .action(async (type: string | undefined, payload: string | undefined, options: SendOptions, command: Command) => {
      if (options.batch !== undefined) {
        if (type !== undefined || payload !== undefined || options.file !== undefined) throw new UsageError('--batch takes the messages from the file: give no type, payload or --file');
        if (options.idempotencyKey !== undefined) throw new UsageError('--batch takes an idempotencyKey per line, not --idempotency-key');
        const messages = parseMessageLines(await readInput(options.batch), options.batch === '-' ? 'stdin' : options.batch);
        const target = await targetOf(command);
        const api = new ConveyorApi({ apiUrl: target.apiUrl, apiKey: await target.apiKey() });
        const report = await sendBatches(api, messages);
        printJson(report);
        if (report.failed > 0) throw new CommandFailedError(`${report.failed} of ${messages.length} messages were not accepted (see results; re-send them with the same keys)`);
        return;
      }
      const message = await messageFrom(type, payload, options);
      const target = await targetOf(command);
      const api = new ConveyorApi({ apiUrl: target.apiUrl, apiKey: await target.apiKey() });
      const answer = await api.postMessage(message);
      printJson(answer.body);
      if (!isSuccess(answer)) {
        const error = errorOf(answer.body);
        throw new CommandFailedError(`${answer.status} ${error ? `${error.code}: ${error.message}` : 'the API refused the message'}`);
      }
    });
}

async function messageFrom(type: string | undefined, payload: string | undefined, options: SendOptions): Promise<MessageInput> {
  if (type === undefined) throw new UsageError('give a message type and payload (conveyor send ledger.credit \'{"account":"alice","amount":250}\'), or --batch <file>');
  if (payload !== undefined && options.file !== undefined) throw new UsageError('give the payload as an argument or with --file, not both');
  const source = options.file ?? payload;
  if (source === undefined) throw new UsageError('no payload: give it as an argument, with --file <path>, or - to read stdin');
  const text = options.file !== undefined || payload === '-' ? await readInput(source) : source;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the payload is not JSON: ${(error as Error).message}`);
  }
  return {
    type,
    payload: parsed,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.groupId !== undefined ? { groupId: options.groupId } : {}),
    ...(options.delaySeconds !== undefined ? { delaySeconds: options.delaySeconds } : {}),
  };
}
