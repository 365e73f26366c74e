import { type DeleteMessageBatchRequestEntry, DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteFailedError } from '../errors.js';

/** A received message to delete. */
export interface Receipt {
  readonly messageId: string;
  readonly receiptHandle: string;
}

/** How a deletion went: how many messages are gone, and the error naming those that are not. */
export interface DeleteOutcome {
  readonly deleted: number;
  readonly error?: DeleteFailedError;
}

const CHUNK = 10;

/** Deletes `receipts` with `DeleteMessageBatch` in chunks of 10, retrying the entries that failed once. Never throws. */
export async function deleteMessages(sqs: SQSClient, queueUrl: string, receipts: readonly Receipt[]): Promise<DeleteOutcome> {
  const chunks: Receipt[][] = [];
  for (let start = 0; start < receipts.length; start += CHUNK) chunks.push(receipts.slice(start, start + CHUNK));
  const left: Receipt[] = [];
  let lastCause: unknown;
  await Promise.all(
    chunks.map(async (chunk) => {
      let failed = await deleteChunk(sqs, queueUrl, chunk);
      if (failed.receipts.length > 0) failed = await deleteChunk(sqs, queueUrl, failed.receipts);
      left.push(...failed.receipts);
      lastCause ??= failed.cause;
    }),
  );
  if (left.length === 0) return { deleted: receipts.length };
  const ids = left.map((receipt) => receipt.messageId);
  return {
    deleted: receipts.length - left.length,
    error: new DeleteFailedError(`could not delete ${left.length} message(s) from ${queueUrl}: ${ids.join(', ')}`, ids, { cause: lastCause }),
  };
}

async function deleteChunk(sqs: SQSClient, queueUrl: string, chunk: readonly Receipt[]): Promise<{ receipts: Receipt[]; cause?: unknown }> {
  const entries: DeleteMessageBatchRequestEntry[] = chunk.map((receipt, index) => ({ Id: String(index), ReceiptHandle: receipt.receiptHandle }));
  try {
    const output = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    const failed = output.Failed ?? [];
    return {
      receipts: failed.map((entry) => chunk[Number(entry.Id)]).filter((receipt): receipt is Receipt => receipt !== undefined),
      ...(failed.length > 0 ? { cause: failed[0] } : {}),
    };
  } catch (error) {
    return { receipts: [...chunk], cause: error };
  }
}
