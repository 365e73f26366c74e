import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Receipt } from './delete-messages.js';
import { ReleaseFailedError } from '../errors.js';

/**
 * Makes received messages visible again at once (`ChangeMessageVisibilityBatch`, timeout 0), for
 * messages the mapping received but will not invoke with. Best effort: resolves with the error
 * instead of throwing; messages left behind come back after their visibility timeout anyway.
 */
export async function releaseMessages(sqs: SQSClient, queueUrl: string, receipts: readonly Receipt[]): Promise<ReleaseFailedError | undefined> {
  const failures: string[] = [];
  let cause: unknown;
  for (let start = 0; start < receipts.length; start += 10) {
    const chunk = receipts.slice(start, start + 10);
    try {
      const output = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((receipt, index) => ({ Id: String(index), ReceiptHandle: receipt.receiptHandle, VisibilityTimeout: 0 })),
        }),
      );
      for (const entry of output.Failed ?? []) failures.push(chunk[Number(entry.Id)]?.messageId ?? '?');
    } catch (error) {
      cause = error;
      failures.push(...chunk.map((receipt) => receipt.messageId));
    }
  }
  if (failures.length === 0) return undefined;
  return new ReleaseFailedError(`could not make ${failures.length} message(s) visible again on ${queueUrl}: ${failures.join(', ')}`, { cause });
}
