/**
 * A message in the dead-letter queue as the operator tools show it, whichever way it was read (SQS
 * ReceiveMessage, or the local emulator's inspection), and the ids that tie it to the logs: the
 * source message id and the idempotency key, which the producer's and the consumer's log lines
 * name (`messageId`, `idempotencyKey`). The DLQ copy's own SQS message id names no log line when
 * the consumer dead-lettered the message itself (it sends a new message), so it comes last.
 */
import { DEAD_LETTER_ATTRIBUTES, IDEMPOTENCY_KEY_PATTERN } from '../contract/index.js';


/**
 * How a message reached the DLQ: `consumer` — the consumer dead-lettered it (a permanent failure;
 * the reason is attached); `sqs` — no reason attached: the source queue's redrive policy moved it
 * after `maxReceiveCount` receives (SQS keeps its message id), or it was sent to the DLQ directly.
 */
export type DeadLetterOrigin = 'consumer' | 'sqs';

/** Where the message is in the DLQ: receivable now, received by someone (hidden until its visibility timeout ends), or delayed. */
export type DeadLetterState = 'visible' | 'in-flight' | 'delayed';

/** One message in the dead-letter queue, as peeked. */
export interface DeadLetter {
  /**
   * The message's SQS id when the consumer received it: what the consumer's log lines name
   * (`messageId`). From `Conveyor.SourceMessageId` when the consumer dead-lettered it; otherwise the
   * DLQ message's own id, which SQS keeps when its redrive policy moves a message.
   */
  readonly sourceMessageId: string;
  /** The envelope's idempotency key (`id`), as the producer's and consumer's log lines name it; absent when the body is not an envelope. */
  readonly idempotencyKey?: string;
  /** The DLQ copy's own SQS message id (what a redrive reports as moved). */
  readonly messageId: string;
  readonly origin: DeadLetterOrigin;
  /** `visible` for every message read with ReceiveMessage; the inspection sees in-flight and delayed ones too. */
  readonly state: DeadLetterState;
  readonly body: string;
  /**
   * SentTimestamp, epoch ms: when the consumer sent it to the DLQ; for a message SQS moved, when it
   * was first sent (standard queues keep the enqueue time; FIFO queues reset it on the move).
   */
  readonly sentAt: number;
  /**
   * ApproximateReceiveCount. Read with ReceiveMessage (AWS, LocalStack) it includes this read: SQS
   * has no peek. Read through the local emulator's inspection it is left as it was.
   */
  readonly receiveCount: number;
  /** System attributes (SentTimestamp, ApproximateReceiveCount, MessageGroupId …). */
  readonly attributes: Readonly<Record<string, string>>;
  /** String/number message attributes (binary ones as base64). */
  readonly messageAttributes: Readonly<Record<string, string>>;
  /** The consumer's reason, from the `Conveyor.*` attributes, when it dead-lettered the message itself. */
  readonly lastError?: { readonly code: string; readonly message: string; readonly failedAt?: string; readonly sourceMessageId?: string };
  /** The attempts the consumer made before dead-lettering it, with each failure (when it had retried it). */
  readonly attempts?: { readonly count: number; readonly history: ReadonlyArray<{ readonly at: string; readonly code: string }> };
}

/** What a dead letter is made of, however it was read. */
export interface RawDeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly state: DeadLetterState;
  /** System attributes as SQS names them (`SentTimestamp`, `ApproximateReceiveCount`, …), as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Message attributes' values as strings (binary ones as base64). */
  readonly messageAttributes: Readonly<Record<string, string>>;
}

/** Builds the {@link DeadLetter} of a message read from the DLQ: the consumer's reason, the source message id and the idempotency key. */
export function toDeadLetter(raw: RawDeadLetter): DeadLetter {
  const { attributes, messageAttributes } = raw;
  const code = messageAttributes[DEAD_LETTER_ATTRIBUTES.errorCode];
  const failedAt = messageAttributes[DEAD_LETTER_ATTRIBUTES.failedAt];
  const recordedSource = messageAttributes[DEAD_LETTER_ATTRIBUTES.sourceMessageId];
  const idempotencyKey = idempotencyKeyOf(raw.body);
  const attempts = attemptsOf(messageAttributes);
  return {
    sourceMessageId: recordedSource || raw.messageId,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    messageId: raw.messageId,
    origin: code === undefined ? 'sqs' : 'consumer',
    state: raw.state,
    body: raw.body,
    sentAt: Number(attributes.SentTimestamp ?? 0),
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    attributes,
    messageAttributes,
    ...(code === undefined ? {} : {
      lastError: {
        code,
        message: messageAttributes[DEAD_LETTER_ATTRIBUTES.errorMessage] ?? '',
        ...(failedAt ? { failedAt } : {}),
        ...(recordedSource ? { sourceMessageId: recordedSource } : {}),
      },
    }),
    ...(attempts ? { attempts } : {}),
  };
}

/** The attempts and their failures the consumer recorded, read leniently (a malformed history is left out). */
function attemptsOf(messageAttributes: Readonly<Record<string, string>>): DeadLetter['attempts'] {
  const count = Number(messageAttributes[DEAD_LETTER_ATTRIBUTES.attempts]);
  if (!Number.isInteger(count) || count < 1) return undefined;
  let history: Array<{ at: string; code: string }> = [];
  try {
    const parsed: unknown = JSON.parse(messageAttributes[DEAD_LETTER_ATTRIBUTES.retryHistory] ?? '[]');
    if (Array.isArray(parsed)) history = parsed.filter((entry): entry is { at: string; code: string } => typeof entry?.at === 'string' && typeof entry?.code === 'string');
  } catch {
    // A history cut at the attribute's limit does not parse: the count alone still says how many.
  }
  return { count, history };
}

/**
 * The idempotency key of a body that is an envelope (a JSON object whose `id` is a valid key), read
 * leniently: a message dead-lettered because its envelope is invalid in some other way still shows its key.
 */
export function idempotencyKeyOf(body: string): string | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const id = (parsed as { id?: unknown }).id;
    return typeof id === 'string' && IDEMPOTENCY_KEY_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `id` names this dead letter: its DLQ message id or its source message id. */
export function isNamed(letter: Pick<DeadLetter, 'messageId' | 'sourceMessageId'>, id: string): boolean {
  return letter.messageId === id || letter.sourceMessageId === id;
}

/** Oldest first (then by id), as the lists show them. */
export function byAge(a: DeadLetter, b: DeadLetter): number {
  return a.sentAt - b.sentAt || a.messageId.localeCompare(b.messageId);
}

/** Reads the DLQ without consuming it: the SQS way (each read is a receive) or the local emulator's inspection (no receive). */
export interface DeadLetterReader {
  /** Up to `max` messages, oldest first. */
  list(max: number): Promise<DeadLetter[]>;
  /** The message named by its DLQ message id or its source message id; undefined when it is not there. */
  peek(id: string): Promise<DeadLetter | undefined>;
  /** Whether reading counts as a receive (raises ApproximateReceiveCount). */
  readonly countsAsReceive: boolean;
}
