/**
 * Moving dead letters back to the source queue with plain SQS calls (the local runtime, LocalStack,
 * and `--message-id`/`--max` on AWS): each message is sent before it is deleted, so a redrive
 * stopped at any point never loses one.
 */
import { DeleteMessageCommand, type Message, type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES, RETRY_ATTRIBUTE } from '../contract/index.js';
import { type DeadLetter, isNamed } from './dead-letter.js';
import { fromSqs, makeVisible, QUIET_RECEIVES, receive, sentAt } from './sqs-receive.js';
import { queueKindOf } from './queue-kind.js';

/** A message moved back to the source queue. */
export interface MovedMessage {
  /** Its id in the dead-letter queue. */
  readonly messageId: string;
  /** Its id when the consumer last received it (see {@link DeadLetter.sourceMessageId}): what the logs of its failure name. */
  readonly sourceMessageId: string;
  /** Its new id in the source queue. */
  readonly newMessageId: string;
}

/** Options of {@link redriveDeadLetters}. */
export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  readonly sourceQueueUrl: string;
  /** Move only this message (by its DLQ message id or its source message id; the first match). @default every message */
  readonly messageId?: string;
  /** Move at most this many. @default unlimited */
  readonly max?: number;
  /** Messages per second at most. @default 50 */
  readonly ratePerSecond?: number;
  /** Whether the queues are FIFO (the group id is kept; a deduplication id is set). @default from the URL's `.fifo` */
  readonly fifo?: boolean;
  readonly signal?: AbortSignal;
  /** Called after each message is in the source queue and deleted from the DLQ. */
  readonly onMoved?: (moved: MovedMessage) => void;
}

/** What a redrive did. */
export interface RedriveResult {
  readonly moved: readonly MovedMessage[];
  readonly failed: readonly { readonly messageId: string; readonly error: string }[];
}

/** How long a message being redriven stays hidden in the DLQ, in seconds (send + delete take ms). */
const REDRIVE_VISIBILITY_SECONDS = 30;
const DEFAULT_RATE = 50;

/**
 * Moves messages from the DLQ back to the source queue: each is sent to the source (body and
 * message attributes, without the `Conveyor.*` reason attributes) **before** it is deleted from the
 * DLQ, so a redrive killed halfway leaves a message in both queues (a duplicate the idempotency
 * records absorb), never in neither. Rate-limited.
 *
 * Without `messageId` it moves the messages that were in the DLQ when it started (a message sent
 * to the DLQ later, e.g. one that failed again after being redriven, waits for the next redrive), and
 * ends once a few receives in a row bring nothing new. Messages it receives but does not move are
 * made visible again at once, as are those it failed to move: a message whose send fails stays in
 * the DLQ; one whose delete fails is in both queues; both are listed in `failed`. An abort stops
 * before the next message and resolves with what was done. Errors thrown by `onMoved` are ignored.
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveResult> {
  const { sqs, deadLetterQueueUrl, sourceQueueUrl, messageId: target, max, signal } = options;
  const rate = options.ratePerSecond ?? DEFAULT_RATE;
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`ratePerSecond must be a number > 0 (got ${String(rate)})`);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new RangeError(`max must be an integer >= 1 (got ${String(max)})`);
  const fifo = options.fifo ?? queueKindOf(sourceQueueUrl) === 'fifo';
  const startedAt = Date.now();
  const pace = pacer(rate);
  // No more than the rate lets it move well within the visibility timeout.
  const batchSize = Math.max(1, Math.min(10, Math.floor((rate * REDRIVE_VISIBILITY_SECONDS) / 2)));
  const moved: MovedMessage[] = [];
  const failed: { messageId: string; error: string }[] = [];
  const seen = new Set<string>();
  let targetHandled = false;
  const done = () => signal?.aborted === true || targetHandled || (max !== undefined && moved.length + failed.length >= max);

  let quiet = 0;
  while (!done() && quiet < QUIET_RECEIVES) {
    const batch = await receive(sqs, deadLetterQueueUrl, REDRIVE_VISIBILITY_SECONDS, batchSize);
    const release: Message[] = [];
    let fresh = 0;
    for (const message of batch) {
      const id = message.MessageId ?? '';
      if (!seen.has(id)) fresh += 1;
      const wanted = !seen.has(id) && (target === undefined ? sentAt(message) <= startedAt : isNamed(fromSqs(message), target));
      seen.add(id);
      if (!wanted || done() || !(await pace(signal))) {
        release.push(message);
        continue;
      }
      const outcome = await moveOne(sqs, message, sourceQueueUrl, deadLetterQueueUrl, fifo);
      targetHandled = target !== undefined;
      if ('error' in outcome) {
        failed.push({ messageId: id, error: outcome.error });
        release.push(message);
        continue;
      }
      moved.push(outcome);
      try {
        options.onMoved?.(outcome);
      } catch {
        // A failing progress callback must not stop a redrive halfway.
      }
    }
    await makeVisible(sqs, deadLetterQueueUrl, release);
    quiet = fresh === 0 ? quiet + 1 : 0;
  }
  return { moved, failed };
}

/** Sends one message to the source queue, then deletes it from the DLQ. */
async function moveOne(
  sqs: SQSClient,
  message: Message,
  sourceQueueUrl: string,
  deadLetterQueueUrl: string,
  fifo: boolean,
): Promise<MovedMessage | { error: string }> {
  const messageId = message.MessageId ?? '';
  const { sourceMessageId } = fromSqs(message);
  let newMessageId: string;
  try {
    const attributes = forwardedAttributes(message.MessageAttributes);
    const sent = await sqs.send(new SendMessageCommand({
      QueueUrl: sourceQueueUrl,
      MessageBody: message.Body ?? '',
      ...(attributes !== undefined ? { MessageAttributes: attributes } : {}),
      // The DLQ message id as deduplication id: a FIFO redrive repeated after a crash between send
      // and delete is deduplicated by SQS (within its 5-minute window) instead of delivered twice.
      ...(fifo ? { MessageGroupId: message.Attributes?.MessageGroupId ?? 'conveyor-redrive', MessageDeduplicationId: messageId } : {}),
    }));
    newMessageId = sent.MessageId ?? '';
  } catch (error) {
    return { error: `not sent to the source queue (it stays in the dead-letter queue): ${describe(error)}` };
  }
  try {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }));
  } catch (error) {
    return { error: `sent to the source queue as ${newMessageId} but not deleted from the dead-letter queue (it is in both): ${describe(error)}` };
  }
  return { messageId, sourceMessageId, newMessageId };
}

/** The message attributes to send back: all but the `Conveyor.*` reason attributes and a retry state (a redriven message starts a fresh retry budget). */
function forwardedAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined {
  const reason = new Set<string>([...Object.values(DEAD_LETTER_ATTRIBUTES), RETRY_ATTRIBUTE]);
  const kept: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (reason.has(name)) continue;
    if (value.StringValue !== undefined) kept[name] = { DataType: value.DataType, StringValue: value.StringValue };
    else if (value.BinaryValue !== undefined) kept[name] = { DataType: value.DataType, BinaryValue: value.BinaryValue };
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Resolves true when the next send may go (at most `rate` per second), false when aborted first. */
function pacer(rate: number): (signal: AbortSignal | undefined) => Promise<boolean> {
  const interval = 1000 / rate;
  let next = 0;
  return async (signal) => {
    const now = performance.now();
    const wait = Math.max(0, next - now);
    next = Math.max(now, next) + interval;
    if (wait > 0) await sleep(wait, signal);
    return signal?.aborted !== true;
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
