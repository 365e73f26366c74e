import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { DEAD_LETTER_ATTRIBUTES } from '../../contract/index.js';
import type { ConveyorError } from '../shared/errors.js';
import { forwardedAttributes } from './message-attributes.js';
import type { RetryState } from './retry/state.js';

/** Options of {@link DeadLetterSink}. */
export interface DeadLetterSinkOptions {
  readonly sqs: SQSClient;
  /** The dead-letter queue's URL. */
  readonly queueUrl: string;
  readonly fifo: boolean;
  /** @default Date.now */
  readonly clock?: () => number;
}


const MAX_ORIGINAL_ATTRIBUTES = 10 - Object.keys(DEAD_LETTER_ATTRIBUTES).length;
const MAX_ERROR_MESSAGE = 1024;
const MAX_HISTORY_CHARS = 2048;
// Characters SQS refuses in attribute values (and some emulators refuse astral ones).
const UNSAFE = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g;

/**
 * Sends a permanently failed message to the dead-letter queue itself, body unchanged (so a redrive
 * replays it as it was), with the reason as message attributes. The caller deletes the original
 * only after this resolved; when it throws, the message stays on the queue and the queue's redrive
 * policy still moves it after `maxReceiveCount` receives: a message is never dropped.
 */
export class DeadLetterSink {
  private readonly options: DeadLetterSinkOptions;
  private readonly clock: () => number;

  constructor(options: DeadLetterSinkOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
  }

  /** Dead-letters `record` for `error`; `retries`, when the message had failed attempts, become its attempts and history attributes. */
  async send(record: SQSRecord, error: ConveyorError, retries?: RetryState): Promise<void> {
    const fifo = this.options.fifo
      ? { MessageGroupId: record.attributes.MessageGroupId ?? 'conveyor-dead-letters', MessageDeduplicationId: record.messageId }
      : {};
    const base = { QueueUrl: this.options.queueUrl, MessageBody: record.body, ...fifo };
    try {
      await this.options.sqs.send(new SendMessageCommand({ ...base, MessageAttributes: this.attributes(record, error, retries) }));
    } catch (first) {
      // A body at the size limit leaves no room for the attributes: send it bare rather than not at all.
      if ((first as { $fault?: string }).$fault !== 'client') throw first;
      await this.options.sqs.send(new SendMessageCommand(base));
    }
  }

  private attributes(record: SQSRecord, error: ConveyorError, retries: RetryState | undefined): Record<string, MessageAttributeValue> {
    const attributes = forwardedAttributes(record, MAX_ORIGINAL_ATTRIBUTES);
    attributes[DEAD_LETTER_ATTRIBUTES.errorCode] = { DataType: 'String', StringValue: error.code };
    attributes[DEAD_LETTER_ATTRIBUTES.errorMessage] = { DataType: 'String', StringValue: safe(error.message, MAX_ERROR_MESSAGE) || error.code };
    attributes[DEAD_LETTER_ATTRIBUTES.sourceMessageId] = { DataType: 'String', StringValue: record.messageId };
    attributes[DEAD_LETTER_ATTRIBUTES.receiveCount] = { DataType: 'Number', StringValue: record.attributes.ApproximateReceiveCount || '1' };
    attributes[DEAD_LETTER_ATTRIBUTES.failedAt] = { DataType: 'String', StringValue: new Date(this.clock()).toISOString() };
    if (retries !== undefined && retries.history.length > 0) {
      const history = retries.history.map(([at, code]) => ({ at: new Date(at).toISOString(), code }));
      attributes[DEAD_LETTER_ATTRIBUTES.attempts] = { DataType: 'Number', StringValue: String(retries.attempt - 1) };
      attributes[DEAD_LETTER_ATTRIBUTES.retryHistory] = { DataType: 'String', StringValue: safe(JSON.stringify(history), MAX_HISTORY_CHARS) };
    }
    return attributes;
  }
}

/** `text` cut to `max` characters, with the characters SQS refuses replaced. */
const safe = (text: string, max: number): string => text.slice(0, max).replace(UNSAFE, '?');
