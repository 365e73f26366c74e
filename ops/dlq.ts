/**
 * Dead-letter queue operations shared by the local runtime's dashboard endpoints and the `conveyor
 * dlq` command: list and peek without consuming, and a redrive that can never lose a message.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** One message in the dead-letter queue, as peeked. */
export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** When it was first sent (SentTimestamp), epoch ms. */
  readonly sentAt: number;
  /** ApproximateReceiveCount as SQS reports it (peeking counts as a receive). */
  readonly receiveCount: number;
  /** System attributes (SentTimestamp, ApproximateReceiveCount, MessageGroupId …). */
  readonly attributes: Readonly<Record<string, string>>;
  /** String/number message attributes (binary ones as base64). */
  readonly messageAttributes: Readonly<Record<string, string>>;
  /** The consumer's reason, from the `Conveyor.*` attributes, when it dead-lettered the message itself. */
  readonly lastError?: { readonly code: string; readonly message: string; readonly failedAt?: string; readonly sourceMessageId?: string };
}

/** A message moved back to the source queue. */
export interface MovedMessage {
  /** Its id in the dead-letter queue. */
  readonly messageId: string;
  /** Its new id in the source queue. */
  readonly newMessageId: string;
}

/** Options of {@link redriveDeadLetters}. */
export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  readonly sourceQueueUrl: string;
  /** Move only this message (by its DLQ message id). @default every message */
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

/**
 * The message attributes the consumer adds when it dead-letters a message itself. A copy of
 * `DEAD_LETTER_ATTRIBUTES` in `functions/consumer/dead-letter.ts` (ops does not import function
 * internals; a test keeps the two equal).
 */
export const DEAD_LETTER_ATTRIBUTES = {
  errorCode: 'Conveyor.ErrorCode',
  errorMessage: 'Conveyor.ErrorMessage',
  sourceMessageId: 'Conveyor.SourceMessageId',
  receiveCount: 'Conveyor.ReceiveCount',
  failedAt: 'Conveyor.FailedAt',
} as const;

/** Receives in a row that bring no message not seen before, after which a sweep of the queue ends. */
const QUIET_RECEIVES = 3;
/** How long a message being redriven stays hidden in the DLQ, in seconds (send + delete take ms). */
const REDRIVE_VISIBILITY_SECONDS = 30;
const DEFAULT_RATE = 50;

/**
 * Peeks up to `max` messages (@default 100) of the DLQ without consuming them (each stays visible;
 * its receive count goes up by one), oldest first. Receives until `max` or until a few receives in a
 * row bring nothing new. On a FIFO queue only the first message of each group can be seen this way.
 */
export async function listDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string, options: { readonly max?: number } = {}): Promise<DeadLetter[]> {
  const max = options.max ?? 100;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1 (got ${String(max)})`);
  const found = new Map<string, DeadLetter>();
  let quiet = 0;
  while (found.size < max && quiet < QUIET_RECEIVES) {
    let fresh = 0;
    for (const message of await peek(sqs, deadLetterQueueUrl, Math.min(10, max - found.size))) {
      if (message.MessageId === undefined || found.has(message.MessageId)) continue;
      found.set(message.MessageId, toDeadLetter(message));
      fresh += 1;
    }
    quiet = fresh === 0 ? quiet + 1 : 0;
  }
  return [...found.values()].sort((a, b) => a.sentAt - b.sentAt || a.messageId.localeCompare(b.messageId));
}

/** Peeks one message by its id (as {@link listDeadLetters} does); `undefined` when it is not (or no longer) in the DLQ. */
export async function peekDeadLetter(sqs: SQSClient, deadLetterQueueUrl: string, messageId: string): Promise<DeadLetter | undefined> {
  const seen = new Set<string>();
  let quiet = 0;
  while (quiet < QUIET_RECEIVES) {
    let fresh = 0;
    for (const message of await peek(sqs, deadLetterQueueUrl, 10)) {
      if (message.MessageId === messageId) return toDeadLetter(message);
      if (message.MessageId === undefined || seen.has(message.MessageId)) continue;
      seen.add(message.MessageId);
      fresh += 1;
    }
    quiet = fresh === 0 ? quiet + 1 : 0;
  }
  return undefined;
}

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
  const fifo = options.fifo ?? sourceQueueUrl.endsWith('.fifo');
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
      const wanted = !seen.has(id) && (target === undefined ? sentAt(message) <= startedAt : id === target);
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
  return { messageId, newMessageId };
}

/** The message attributes to send back: all but the `Conveyor.*` reason attributes. */
function forwardedAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined {
  const reason = new Set<string>(Object.values(DEAD_LETTER_ATTRIBUTES));
  const kept: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (reason.has(name)) continue;
    if (value.StringValue !== undefined) kept[name] = { DataType: value.DataType, StringValue: value.StringValue };
    else if (value.BinaryValue !== undefined) kept[name] = { DataType: value.DataType, BinaryValue: value.BinaryValue };
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function receive(sqs: SQSClient, queueUrl: string, visibilityTimeout: number, max: number): Promise<Message[]> {
  return sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: max,
    VisibilityTimeout: visibilityTimeout,
    WaitTimeSeconds: 0,
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  })).then((output) => output.Messages ?? []);
}

/**
 * Receives with a visibility timeout of 0, then makes the messages visible again explicitly: SQS
 * needs no more, but emulators (fauxqs) count them in flight until their next receive otherwise.
 */
async function peek(sqs: SQSClient, queueUrl: string, max: number): Promise<Message[]> {
  const messages = await receive(sqs, queueUrl, 0, max);
  await makeVisible(sqs, queueUrl, messages);
  return messages;
}

/** Makes received messages visible again at once (best effort: otherwise they reappear after the visibility timeout). */
async function makeVisible(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  const entries = messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
  await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries })).catch(() => undefined);
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

function toDeadLetter(message: Message): DeadLetter {
  const attributes: Record<string, string> = { ...(message.Attributes ?? {}) };
  const messageAttributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) messageAttributes[name] = value.StringValue;
    else if (value.BinaryValue !== undefined) messageAttributes[name] = Buffer.from(value.BinaryValue).toString('base64');
  }
  const code = messageAttributes[DEAD_LETTER_ATTRIBUTES.errorCode];
  const failedAt = messageAttributes[DEAD_LETTER_ATTRIBUTES.failedAt];
  const sourceMessageId = messageAttributes[DEAD_LETTER_ATTRIBUTES.sourceMessageId];
  return {
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
    sentAt: sentAt(message),
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    attributes,
    messageAttributes,
    ...(code === undefined ? {} : {
      lastError: { code, message: messageAttributes[DEAD_LETTER_ATTRIBUTES.errorMessage] ?? '', ...(failedAt ? { failedAt } : {}), ...(sourceMessageId ? { sourceMessageId } : {}) },
    }),
  };
}

function sentAt(message: Message): number {
  return Number(message.Attributes?.SentTimestamp ?? 0);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
