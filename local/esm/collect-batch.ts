import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LAMBDA_SYNC_PAYLOAD_BYTES } from '../../contract/index.js';
import { EMPTY_EVENT_BYTES, type RecordSource, recordBytes, type SqsRecord, sqsRecord } from './sqs-event.js';

/** Lambda's limit on a synchronous invocation's payload, in bytes. */
export const MAX_BATCH_BYTES = LAMBDA_SYNC_PAYLOAD_BYTES;

/** Default long-poll wait of the first receive of a batch, in seconds (SQS's maximum). */
export const LONG_POLL_SECONDS = 20;

/** Where and how one poller collects a batch. */
export interface CollectOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly source: RecordSource;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** `WaitTimeSeconds` of the first receive (and the cap of later ones). */
  readonly longPollSeconds: number;
  /** Aborts the receive in progress (stop). */
  readonly signal: AbortSignal;
}

/** A collected batch. */
export interface CollectedBatch {
  /** The records to invoke with (≤ batchSize, ≤ 6 MB as an event). */
  readonly records: SqsRecord[];
  /** Records received that did not fit in 6 MB; the caller makes them visible again. */
  readonly overflow: SqsRecord[];
  /** A receive after the first one failed (or was aborted); `records` holds what came before. */
  readonly error?: unknown;
}

/**
 * Collects one batch as Lambda's SQS poller does: a long poll (`longPollSeconds`) for the first messages, then,
 * with a batching window, more receives (waiting the rest of the window, rounded up) until the
 * batch is full, the window has passed or the event would exceed 6 MB; without a window, further
 * receives (no wait) only when `batchSize` > 10 and they keep returning messages. Rejects when the
 * first receive fails (or is aborted).
 */
export async function collectBatch(options: CollectOptions): Promise<CollectedBatch> {
  const batch = new BatchBuilder(options.source);
  batch.add(await receive(options, Math.min(10, options.batchSize), options.longPollSeconds));
  if (batch.records.length === 0) return batch.result();
  const windowMs = options.batchingWindowSeconds * 1000;
  const windowEndsAt = Date.now() + windowMs;
  while (batch.records.length < options.batchSize && !batch.full) {
    const remainingMs = windowEndsAt - Date.now();
    if (windowMs > 0 ? remainingMs <= 0 : options.batchSize <= 10) break;
    const waitSeconds = windowMs > 0 ? Math.min(20, Math.max(0, Math.ceil(remainingMs / 1000))) : 0;
    let messages: Message[];
    try {
      messages = await receive(options, Math.min(10, options.batchSize - batch.records.length), waitSeconds);
    } catch (error) {
      return batch.result(error);
    }
    if (messages.length === 0 && windowMs === 0) break;
    batch.add(messages);
  }
  return batch.result();
}

async function receive(options: CollectOptions, maxMessages: number, waitSeconds: number): Promise<Message[]> {
  const output = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: maxMessages,
      WaitTimeSeconds: waitSeconds,
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: options.signal },
  );
  return output.Messages ?? [];
}

/** Accumulates records while keeping the event under {@link MAX_BATCH_BYTES}. */
class BatchBuilder {
  readonly records: SqsRecord[] = [];
  private readonly overflow: SqsRecord[] = [];
  private bytes = EMPTY_EVENT_BYTES;

  constructor(private readonly source: RecordSource) {}

  /** True once a record had to be left out for size. */
  get full(): boolean {
    return this.overflow.length > 0;
  }

  add(messages: readonly Message[]): void {
    for (const message of messages) {
      const record = sqsRecord(message, this.source);
      const size = recordBytes(record);
      if (this.full || this.bytes + size > MAX_BATCH_BYTES) {
        this.overflow.push(record);
        continue;
      }
      this.bytes += size;
      this.records.push(record);
    }
  }

  result(error?: unknown): CollectedBatch {
    return { records: this.records, overflow: this.overflow, ...(error === undefined ? {} : { error }) };
  }
}
