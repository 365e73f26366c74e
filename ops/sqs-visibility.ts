/**
 * Making received messages visible again at once (`ChangeMessageVisibilityBatch`, timeout 0), ten
 * per request (SQS's limit), for anyone who received messages it will not process now: the operator
 * tools' peeks and redrives, and the local runtime's event source mappings (which import it).
 */
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SQS_BATCH_MAX_ENTRIES } from '../contract/index.js';

/** A received message to release: its receipt handle, and an id to report it by. */
export interface ReceivedMessage {
  readonly receiptHandle: string;
  readonly id: string;
}

/** What {@link makeVisibleAgain} could not release (they come back after their visibility timeout anyway). */
export interface ReleaseOutcome {
  /** The ids SQS refused, or that a failed request carried. */
  readonly failed: readonly string[];
  /** The error of a request that failed as a whole, if any. */
  readonly cause?: unknown;
}

/** Releases `messages` at once; best effort, never throws. */
export async function makeVisibleAgain(sqs: SQSClient, queueUrl: string, messages: readonly ReceivedMessage[]): Promise<ReleaseOutcome> {
  const failed: string[] = [];
  let cause: unknown;
  for (let start = 0; start < messages.length; start += SQS_BATCH_MAX_ENTRIES) {
    const chunk = messages.slice(start, start + SQS_BATCH_MAX_ENTRIES);
    try {
      const output = await sqs.send(new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.receiptHandle, VisibilityTimeout: 0 })),
      }));
      for (const entry of output.Failed ?? []) failed.push(chunk[Number(entry.Id)]?.id ?? '?');
    } catch (error) {
      cause = error;
      failed.push(...chunk.map((message) => message.id));
    }
  }
  return cause === undefined ? { failed } : { failed, cause };
}
