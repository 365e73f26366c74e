import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunkBySize } from '../shared/sqs-batches.js';
import { isConveyorError } from '../shared/errors.js';
import { httpError } from './errors.js';
import type { HttpError } from '../shared/http.js';

/** A serialized envelope ready for SQS. */
export interface OutgoingMessage {
  readonly body: string;
  /** FIFO only. */
  readonly groupId?: string;
  /** FIFO only: the idempotency key, so SQS drops copies sent within its 5-minute window. */
  readonly deduplicationId?: string;
  /** Standard queues only. */
  readonly delaySeconds?: number;
}

/** The fate of one message of a batch. */
export type SendResult =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Options of {@link QueuePublisher}. */
export interface QueuePublisherOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /**
   * How many more times an entry SQS failed on its side (`SenderFault: false`) is sent again.
   * @default 1
   */
  readonly entryRetries?: number;
}

/**
 * Sends envelopes to the queue: one with SendMessage, many with SendMessageBatch in chunks of at
 * most 10 entries and 1 MiB, all chunks in parallel.
 */
export class QueuePublisher {
  private readonly sqs: SQSClient;
  private readonly queueUrl: string;
  private readonly entryRetries: number;

  constructor(options: QueuePublisherOptions) {
    this.sqs = options.sqs;
    this.queueUrl = options.queueUrl;
    this.entryRetries = options.entryRetries ?? 1;
  }

  /** Sends one message and returns its SQS message id; throws an `HttpError` when SQS refuses. */
  async send(message: OutgoingMessage): Promise<string> {
    try {
      const output = await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: message.body, ...sqsFields(message) }));
      return output.MessageId as string;
    } catch (error) {
      throw translateSendError(error);
    }
  }

  /** Sends many messages; the results are in input order. Never throws. */
  async sendBatch(messages: readonly OutgoingMessage[]): Promise<SendResult[]> {
    const results: SendResult[] = new Array(messages.length);
    let pending = messages.map((_, index) => index);
    for (let attempt = 0; pending.length > 0 && attempt <= this.entryRetries; attempt++) {
      const chunks = chunkBySize(pending, (index) => Buffer.byteLength(messages[index]!.body, 'utf8'));
      const retry = await Promise.all(chunks.map((chunk) => this.sendChunk(chunk, messages, results)));
      pending = retry.flat();
    }
    return results;
  }

  /** Sends one chunk; records every result and returns the indexes worth sending again. */
  private async sendChunk(chunk: number[], messages: readonly OutgoingMessage[], results: SendResult[]): Promise<number[]> {
    const entries: SendMessageBatchRequestEntry[] = chunk.map((index) => ({
      Id: String(index),
      MessageBody: messages[index]!.body,
      ...sqsFields(messages[index]!),
    }));
    try {
      const output = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      for (const entry of output.Successful ?? []) results[Number(entry.Id)] = { ok: true, messageId: entry.MessageId as string };
      const retry: number[] = [];
      for (const entry of output.Failed ?? []) {
        const index = Number(entry.Id);
        const contents = entry.Code === 'InvalidMessageContents';
        results[index] = {
          ok: false,
          code: contents ? 'INVALID_MESSAGE_CONTENTS' : 'QUEUE_UNAVAILABLE',
          message: entry.Message ?? entry.Code ?? 'the queue refused the message',
        };
        if (!entry.SenderFault) retry.push(index);
      }
      return retry;
    } catch (error) {
      const translated = translateSendError(error);
      for (const index of chunk) results[index] = { ok: false, code: translated.code, message: translated.message };
      return isConveyorError(translated, 'QUEUE_UNAVAILABLE') ? chunk : [];
    }
  }
}

function sqsFields(message: OutgoingMessage): Omit<SendMessageBatchRequestEntry, 'Id' | 'MessageBody'> {
  return {
    ...(message.groupId !== undefined ? { MessageGroupId: message.groupId } : {}),
    ...(message.deduplicationId !== undefined ? { MessageDeduplicationId: message.deduplicationId } : {}),
    ...(message.delaySeconds !== undefined ? { DelaySeconds: message.delaySeconds } : {}),
  };
}

/** SQS's content errors are the client's; everything else (access, throttling, network) is ours: 503. */
function translateSendError(error: unknown): HttpError {
  const name = (error as { name?: string }).name;
  if (name === 'InvalidMessageContents') return httpError('INVALID_MESSAGE_CONTENTS', 'the queue refused the message contents', { cause: error });
  return httpError('QUEUE_UNAVAILABLE', 'the queue did not accept the message; nothing was enqueued, retry later', { cause: error });
}
