import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterReader } from '../../ops/dead-letter.js';
import { redriveDeadLetters, sqsDeadLetterReader } from '../../ops/dlq.js';
import { inspectionDeadLetterReader } from './dlq-inspection.js';
import type { QueueInspector } from './fauxqs-inspection.js';
import { errorBody, methodNotAllowed, sendJson } from './http.js';

/** A dead-letter queue the endpoints work on, and where its messages go back to. */
export interface DeadLetterQueues {
  readonly queueUrl: string;
  readonly sourceQueueUrl: string;
}

/**
 * The dead-letter queues the endpoints work on, by the name of their source queue (its name in
 * `conveyor.config.ts`, from the `Queues` output); the first is the one used when a request names none.
 */
export type DeadLetterQueuesByName = Readonly<Record<string, DeadLetterQueues>>;

/** Options of {@link createDlqRoutes}. */
export interface DlqRoutesOptions {
  /** A client on the local AWS endpoint. */
  readonly sqs: SQSClient;
  /**
   * The DLQs, or a function that returns them as they are now (a reloaded stack may add queues).
   * @default none: every DLQ endpoint answers 404 NO_DEAD_LETTER_QUEUE
   */
  readonly deadLetters?: DeadLetterQueuesByName | (() => DeadLetterQueuesByName);
  /**
   * Reads queues without receiving (the embedded fauxqs' inspection): list and peek then leave receive
   * counts as they are. @default none: they use ReceiveMessage, and each look counts as a receive
   */
  readonly inspect?: QueueInspector;
}

/** `GET /_conveyor/dlq?max=` bounds. @default 50 */
export const DLQ_LIST_DEFAULT = 50;
const DLQ_LIST_MAX = 1_000;
/** Redrive rate bounds, messages per second (500 is SQS' message move task ceiling). @default 50 */
export const REDRIVE_RATE_DEFAULT = 50;
const REDRIVE_RATE_MAX = 500;
const REDRIVE_KEYS = new Set(['queue', 'messageId', 'max', 'rate']);

/** The DLQ endpoints, answering `route` (the path after `/_conveyor`), and `close()` to abort running redrives. */
export interface DlqRoutes {
  (req: IncomingMessage, res: ServerResponse, route: string, url: URL, body: Buffer): Promise<void>;
  close(): void;
}

/**
 * The endpoints work on the DLQ of the queue a request names (`?queue=<name>`, or `"queue"` in a
 * redrive's body), else on the first of `deadLetters`; a name it does not know is a 404 UNKNOWN_QUEUE
 * that lists the names it knows.
 * - `GET /_conveyor/dlq?queue=&max=50` → `{ queue, queueUrl, sourceQueueUrl, countsAsReceive, messages: DeadLetter[] }`
 *   (peeked, not consumed; `countsAsReceive` false when read through the emulator's inspection);
 * - `GET /_conveyor/dlq/<id>?queue=` → the `DeadLetter` whose DLQ or source message id is `id`, or 404 MESSAGE_NOT_FOUND;
 * - `POST /_conveyor/dlq/redrive` `{ queue?, messageId?, max?, rate? }` → `{ queue, moved, failed }` (no messageId: all;
 *   an unknown messageId: 404). Bad input is a 400 naming the field; an SQS error a 502.
 */
export function createDlqRoutes(options: DlqRoutesOptions): DlqRoutes {
  const running = new Set<AbortController>();
  const given = options.deadLetters ?? {};
  const current = typeof given === 'function' ? given : () => given;
  const readers = new Map<string, DeadLetterReader>();
  const readerOf = (dlq: DeadLetterQueues): DeadLetterReader => {
    let reader = readers.get(dlq.queueUrl);
    if (reader === undefined) {
      reader = options.inspect
        ? inspectionDeadLetterReader(options.inspect, dlq.queueUrl.split('/').pop() ?? '')
        : sqsDeadLetterReader(options.sqs, dlq.queueUrl);
      readers.set(dlq.queueUrl, reader);
    }
    return reader;
  };
  /** The DLQ of the queue `name` (the first without one), or the 404 body that lists the known names. */
  const choose = (name: string | undefined): { name: string; dlq: DeadLetterQueues } | { error: ReturnType<typeof errorBody> } => {
    const deadLetters = current();
    const names = Object.keys(deadLetters);
    const chosen = name ?? (names[0] as string);
    const dlq = Object.hasOwn(deadLetters, chosen) ? deadLetters[chosen] : undefined;
    if (dlq === undefined) {
      return { error: errorBody('UNKNOWN_QUEUE', `no queue ${chosen.slice(0, 100)} with a dead-letter queue; the queues are ${names.join(', ')}`) };
    }
    return { name: chosen, dlq };
  };
  const routes = async (req: IncomingMessage, res: ServerResponse, route: string, url: URL, body: Buffer): Promise<void> => {
    const method = req.method ?? 'GET';
    const names = Object.keys(current());
    if (names.length === 0) {
      sendJson(res, 404, errorBody('NO_DEAD_LETTER_QUEUE', 'the stack has no queue with a dead-letter queue'));
      return;
    }
    try {
      if (route === '/dlq/redrive') {
        if (method !== 'POST') return void methodNotAllowed(res, method);
        const request = parseRedrive(body);
        if ('error' in request) return void sendJson(res, 400, request.error);
        const target = choose(request.queue);
        if ('error' in target) return void sendJson(res, 404, target.error);
        const { name, dlq } = target;
        const controller = new AbortController();
        running.add(controller);
        const result = await redriveDeadLetters({
          sqs: options.sqs,
          deadLetterQueueUrl: dlq.queueUrl,
          sourceQueueUrl: dlq.sourceQueueUrl,
          ratePerSecond: request.rate ?? REDRIVE_RATE_DEFAULT,
          signal: controller.signal,
          ...(request.messageId !== undefined ? { messageId: request.messageId } : {}),
          ...(request.max !== undefined ? { max: request.max } : {}),
        }).finally(() => running.delete(controller));
        if (request.messageId !== undefined && result.moved.length === 0 && result.failed.length === 0) {
          return void sendJson(res, 404, errorBody('MESSAGE_NOT_FOUND', `no message ${request.messageId} in the dead-letter queue of ${name}`));
        }
        return void sendJson(res, 200, { queue: name, moved: result.moved, failed: result.failed });
      }
      if (method !== 'GET') return void methodNotAllowed(res, method);
      const queue = url.searchParams.get('queue') ?? undefined;
      if (queue === '') return void sendJson(res, 400, errorBody('INVALID_QUEUE', `queue must name a queue: ${names.join(', ')}`));
      const target = choose(queue);
      if ('error' in target) return void sendJson(res, 404, target.error);
      const { name, dlq } = target;
      const reader = readerOf(dlq);
      if (route === '/dlq') {
        const max = Number(url.searchParams.get('max') ?? DLQ_LIST_DEFAULT);
        if (!Number.isInteger(max) || max < 1 || max > DLQ_LIST_MAX) {
          return void sendJson(res, 400, errorBody('INVALID_MAX', `max must be an integer from 1 to ${DLQ_LIST_MAX}`));
        }
        const messages = await reader.list(max);
        return void sendJson(res, 200, { queue: name, queueUrl: dlq.queueUrl, sourceQueueUrl: dlq.sourceQueueUrl, countsAsReceive: reader.countsAsReceive, messages });
      }
      const messageId = decode(route.slice('/dlq/'.length));
      if (messageId === undefined) return void sendJson(res, 400, errorBody('INVALID_MESSAGE_ID', 'the message id is not valid URL encoding'));
      const letter = await reader.peek(messageId);
      if (letter === undefined) return void sendJson(res, 404, errorBody('MESSAGE_NOT_FOUND', `no message ${messageId.slice(0, 100)} in the dead-letter queue of ${name}`));
      sendJson(res, 200, letter);
    } catch (error) {
      sendJson(res, 502, errorBody('SQS_ERROR', error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
    }
  };
  return Object.assign(routes, {
    close() {
      for (const controller of running) controller.abort();
    },
  });
}

type RedriveRequest = { queue?: string; messageId?: string; max?: number; rate?: number } | { error: ReturnType<typeof errorBody> };

function parseRedrive(body: Buffer): RedriveRequest {
  const invalid = (code: string, message: string) => ({ error: errorBody(code, message) });
  let parsed: unknown = {};
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return invalid('INVALID_JSON', 'the body must be JSON: { "queue"?, "messageId"?, "max"?, "rate"? }');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalid('INVALID_BODY', 'the body must be a JSON object');
  const unknown = Object.keys(parsed).filter((key) => !REDRIVE_KEYS.has(key));
  if (unknown.length > 0) return invalid('INVALID_BODY', `unknown field(s): ${unknown.join(', ').slice(0, 200)}; allowed: queue, messageId, max, rate`);
  const { queue, messageId, max, rate } = parsed as Record<string, unknown>;
  if (queue !== undefined && (typeof queue !== 'string' || queue === '')) return invalid('INVALID_QUEUE', 'queue must be a queue name (a non-empty string)');
  if (messageId !== undefined && (typeof messageId !== 'string' || messageId === '' || messageId.length > 256)) {
    return invalid('INVALID_MESSAGE_ID', 'messageId must be a non-empty string');
  }
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) return invalid('INVALID_MAX', 'max must be an integer >= 1');
  if (rate !== undefined && (typeof rate !== 'number' || !(rate > 0) || rate > REDRIVE_RATE_MAX)) {
    return invalid('INVALID_RATE', `rate must be a number of messages per second above 0, at most ${REDRIVE_RATE_MAX}`);
  }
  return {
    ...(queue !== undefined ? { queue } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(rate !== undefined ? { rate } : {}),
  };
}

function decode(encoded: string): string | undefined {
  try {
    const decoded = decodeURIComponent(encoded);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}
