/**
 * Sending messages from a JSON-lines file through the batch route: parse the lines, cut them into
 * requests within the API's limits (100 messages, 5 MiB per body), post them in order, and put the
 * answers back together in the file's order.
 */
import { MAX_BATCH_BODY_BYTES, MAX_BATCH_MESSAGES } from '../contract/index.js';
import { type ApiAnswer, type ConveyorApi, errorOf, type MessageInput } from './api-client.js';
import { OpsError } from './errors.js';
import { type MessageDefaults, type QueueKind, queueMismatch, withDefaults } from './queue-kind.js';

/** The batch route's limits, as the producer defines them: messages per request, and body bytes. */
export { MAX_BATCH_BODY_BYTES, MAX_BATCH_MESSAGES };

/** Options of {@link parseMessageLines}. */
export interface ParseLinesOptions {
  /** Fields given to every line that does not set them (`--group-id`, `--delay-seconds`). @default none */
  readonly defaults?: MessageDefaults;
  /**
   * The target queue's kind: on a FIFO queue a line without `groupId` (after the defaults), or with
   * `delaySeconds`, is refused here, naming the line. @default unknown (the API checks)
   */
  readonly queue?: QueueKind;
}

/**
 * Parses JSON lines: one message object per line (`{"type", "payload", "idempotencyKey"?, …}`);
 * blank lines are skipped, `options.defaults` fill fields a line leaves out. The API checks the
 * fields; this only insists on one JSON object a line, and on what `options.queue` needs.
 * @throws OpsError `INPUT` naming the first bad line.
 */
export function parseMessageLines(text: string, source: string, options: ParseLinesOptions = {}): MessageInput[] {
  const messages: MessageInput[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new OpsError('INPUT', `${source}:${index + 1} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new OpsError('INPUT', `${source}:${index + 1} is not a JSON object (one message per line: {"type": …, "payload": {…}})`);
    }
    const message = withDefaults(value as MessageInput, options.defaults ?? {});
    const at = `${source}:${index + 1}`;
    switch (queueMismatch(message, options.queue)) {
      case 'group-required':
        throw new OpsError('INPUT', `${at} has no groupId, which a FIFO queue requires: add "groupId" to the line, or give --group-id <id> for every line without one`);
      case 'delay-not-supported':
        throw new OpsError('INPUT', `${at} has delaySeconds, which a FIFO queue does not support (SQS FIFO queues have no per-message delay)`);
      case undefined:
        break;
    }
    messages.push(message);
  }
  if (messages.length === 0) throw new OpsError('INPUT', `${source} holds no messages`);
  return messages;
}

/** Options of {@link chunkMessages}. */
export interface ChunkLimits {
  /** @default 100 */
  readonly maxMessages?: number;
  /** @default 5 MiB */
  readonly maxBodyBytes?: number;
}

/**
 * Cuts messages into consecutive requests of at most `maxMessages` messages and `maxBodyBytes`
 * of body each. A message that alone exceeds the body limit gets a request of its own (the API
 * then answers 413 for it).
 */
export function chunkMessages(messages: readonly MessageInput[], limits: ChunkLimits = {}): MessageInput[][] {
  const maxMessages = limits.maxMessages ?? MAX_BATCH_MESSAGES;
  const maxBytes = limits.maxBodyBytes ?? MAX_BATCH_BODY_BYTES;
  const envelopeBytes = Buffer.byteLength('{"messages":[]}');
  const chunks: MessageInput[][] = [];
  let current: MessageInput[] = [];
  let bytes = envelopeBytes;
  for (const message of messages) {
    const size = Buffer.byteLength(JSON.stringify(message));
    // Each message after the first adds a comma.
    if (current.length > 0 && (current.length >= maxMessages || bytes + 1 + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = envelopeBytes;
    }
    bytes += (current.length > 0 ? 1 : 0) + size;
    current.push(message);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One message's fate in {@link sendBatches}: accepted (`messageId`) or not (`error`). */
export type SentItem =
  | { readonly id: string; readonly messageId: string }
  | { readonly id?: string; readonly error: { readonly code: string; readonly message: string } };

/** What {@link sendBatches} did. */
export interface BatchSendReport {
  readonly accepted: number;
  readonly failed: number;
  /** Per message, in the file's order. */
  readonly results: readonly SentItem[];
  /** Per request: its status, how many messages it carried, and its error when the whole request failed. */
  readonly requests: readonly { readonly status: number; readonly messages: number; readonly error?: { code: string; message: string } }[];
}

/**
 * Posts the messages in chunks, one request after another, and merges the answers. A request
 * answered 4xx/5xx fails every message it carried with the request's error; a 207 fails only the
 * items the API says.
 */
export async function sendBatches(api: ConveyorApi, messages: readonly MessageInput[], options: ChunkLimits & { readonly onAnswer?: (answer: ApiAnswer, chunk: readonly MessageInput[]) => void } = {}): Promise<BatchSendReport> {
  const results: SentItem[] = [];
  const requests: BatchSendReport['requests'][number][] = [];
  for (const chunk of chunkMessages(messages, options)) {
    const answer = await api.postBatch(chunk);
    options.onAnswer?.(answer, chunk);
    const items = (answer.body as { results?: unknown } | null)?.results;
    if ((answer.status === 202 || answer.status === 207) && Array.isArray(items) && items.length === chunk.length) {
      results.push(...(items as SentItem[]));
      requests.push({ status: answer.status, messages: chunk.length });
      continue;
    }
    const error = errorOf(answer.body) ?? { code: `HTTP_${answer.status}`, message: typeof answer.body === 'string' ? answer.body.slice(0, 200) : 'unexpected answer' };
    for (const message of chunk) {
      results.push(typeof message.idempotencyKey === 'string' ? { id: message.idempotencyKey, error } : { error });
    }
    requests.push({ status: answer.status, messages: chunk.length, error });
  }
  const accepted = results.filter((item) => 'messageId' in item).length;
  return { accepted, failed: results.length - accepted, results, requests };
}
