import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterReader } from '../../ops/dead-letter.js';
import { redriveDeadLetters, sqsDeadLetterReader } from '../../ops/dlq.js';
import { inspectionDeadLetterReader } from './dlq-inspection.js';
import type { QueueInspector } from './fauxqs-inspection.js';
import { errorBody, methodNotAllowed, sendJson } from './http.js';

/** The dead-letter queue the endpoints work on, and where its messages go back to. */
export interface DeadLetterQueues {
  readonly queueUrl: string;
  readonly sourceQueueUrl: string;
}

/** Options of {@link createDlqRoutes}. */
export interface DlqRoutesOptions {
  /** A client on the local AWS endpoint. */
  readonly sqs: SQSClient;
  /** @default none: every DLQ endpoint answers 404 NO_DEAD_LETTER_QUEUE */
  readonly deadLetter?: DeadLetterQueues;
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
const REDRIVE_KEYS = new Set(['messageId', 'max', 'rate']);

/** The DLQ endpoints, answering `route` (the path after `/_conveyor`), and `close()` to abort running redrives. */
export interface DlqRoutes {
  (req: IncomingMessage, res: ServerResponse, route: string, url: URL, body: Buffer): Promise<void>;
  close(): void;
}

/**
 * - `GET /_conveyor/dlq?max=50` → `{ queueUrl, sourceQueueUrl, countsAsReceive, messages: DeadLetter[] }`
 *   (peeked, not consumed; `countsAsReceive` false when read through the emulator's inspection);
 * - `GET /_conveyor/dlq/<id>` → the `DeadLetter` whose DLQ or source message id is `id`, or 404 MESSAGE_NOT_FOUND;
 * - `POST /_conveyor/dlq/redrive` `{ messageId?, max?, rate? }` → `{ moved, failed }` (no messageId: all;
 *   an unknown messageId: 404). Bad input is a 400 naming the field; an SQS error a 502.
 */
export function createDlqRoutes(options: DlqRoutesOptions): DlqRoutes {
  const running = new Set<AbortController>();
  const dlqUrl = options.deadLetter?.queueUrl ?? '';
  const reader: DeadLetterReader = options.inspect
    ? inspectionDeadLetterReader(options.inspect, dlqUrl.split('/').pop() ?? '')
    : sqsDeadLetterReader(options.sqs, dlqUrl);
  const routes = async (req: IncomingMessage, res: ServerResponse, route: string, url: URL, body: Buffer): Promise<void> => {
    const method = req.method ?? 'GET';
    const dlq = options.deadLetter;
    if (dlq === undefined) {
      sendJson(res, 404, errorBody('NO_DEAD_LETTER_QUEUE', 'the stack has no queue with a dead-letter queue'));
      return;
    }
    try {
      if (route === '/dlq/redrive') {
        if (method !== 'POST') return void methodNotAllowed(res, method);
        const request = parseRedrive(body);
        if ('error' in request) return void sendJson(res, 400, request.error);
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
          return void sendJson(res, 404, errorBody('MESSAGE_NOT_FOUND', `no message ${request.messageId} in the dead-letter queue`));
        }
        return void sendJson(res, 200, { moved: result.moved, failed: result.failed });
      }
      if (method !== 'GET') return void methodNotAllowed(res, method);
      if (route === '/dlq') {
        const max = Number(url.searchParams.get('max') ?? DLQ_LIST_DEFAULT);
        if (!Number.isInteger(max) || max < 1 || max > DLQ_LIST_MAX) {
          return void sendJson(res, 400, errorBody('INVALID_MAX', `max must be an integer from 1 to ${DLQ_LIST_MAX}`));
        }
        const messages = await reader.list(max);
        return void sendJson(res, 200, { queueUrl: dlq.queueUrl, sourceQueueUrl: dlq.sourceQueueUrl, countsAsReceive: reader.countsAsReceive, messages });
      }
      const messageId = decode(route.slice('/dlq/'.length));
      if (messageId === undefined) return void sendJson(res, 400, errorBody('INVALID_MESSAGE_ID', 'the message id is not valid URL encoding'));
      const letter = await reader.peek(messageId);
      if (letter === undefined) return void sendJson(res, 404, errorBody('MESSAGE_NOT_FOUND', `no message ${messageId.slice(0, 100)} in the dead-letter queue`));
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

type RedriveRequest = { messageId?: string; max?: number; rate?: number } | { error: ReturnType<typeof errorBody> };

function parseRedrive(body: Buffer): RedriveRequest {
  const invalid = (code: string, message: string) => ({ error: errorBody(code, message) });
  let parsed: unknown = {};
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return invalid('INVALID_JSON', 'the body must be JSON: { "messageId"?, "max"?, "rate"? }');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalid('INVALID_BODY', 'the body must be a JSON object');
  const unknown = Object.keys(parsed).filter((key) => !REDRIVE_KEYS.has(key));
  if (unknown.length > 0) return invalid('INVALID_BODY', `unknown field(s): ${unknown.join(', ').slice(0, 200)}; allowed: messageId, max, rate`);
  const { messageId, max, rate } = parsed as Record<string, unknown>;
  if (messageId !== undefined && (typeof messageId !== 'string' || messageId === '' || messageId.length > 256)) {
    return invalid('INVALID_MESSAGE_ID', 'messageId must be a non-empty string');
  }
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) return invalid('INVALID_MAX', 'max must be an integer >= 1');
  if (rate !== undefined && (typeof rate !== 'number' || !(rate > 0) || rate > REDRIVE_RATE_MAX)) {
    return invalid('INVALID_RATE', `rate must be a number of messages per second above 0, at most ${REDRIVE_RATE_MAX}`);
  }
  return { ...(messageId !== undefined ? { messageId } : {}), ...(max !== undefined ? { max } : {}), ...(rate !== undefined ? { rate } : {}) };
}

function decode(encoded: string): string | undefined {
  try {
    const decoded = decodeURIComponent(encoded);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}
