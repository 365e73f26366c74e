import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { receiveAll } from './aws.js';
import { lambdaContext, recordFromMessage } from './factories.js';

/** A consumer as the event source mapping sees it. */
export type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** What one delivery did. */
export interface Delivery {
  readonly received: number;
  readonly failed: string[];
}

/**
 * One poll of a simplified event source mapping: receive up to `batchSize` messages, invoke the
 * handler, delete the ones it did not report as failed (ReportBatchItemFailures). A thrown error
 * fails the whole batch, as on AWS. The local runtime has the full implementation; this is just
 * enough to drive the real handlers against fauxqs in tests.
 */
export async function deliverOnce(
  sqs: SQSClient,
  queueUrl: string,
  handler: BatchHandler,
  options: { batchSize?: number; remainingMs?: number } = {},
): Promise<Delivery> {
  const messages = await receiveAll(sqs, queueUrl, options.batchSize ?? 10);
  if (messages.length === 0) return { received: 0, failed: [] };
  const records = messages.map((message) => recordFromMessage(message));
  let failed: string[];
  try {
    const response = await handler({ Records: records }, lambdaContext(options.remainingMs));
    failed = response?.batchItemFailures.map((failure) => failure.itemIdentifier) ?? [];
  } catch {
    failed = records.map((record) => record.messageId);
  }
  const done = records.filter((record) => !failed.includes(record.messageId));
  for (let start = 0; start < done.length; start += 10) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.slice(start, start + 10).map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
  }
  return { received: records.length, failed };
}

/** Delivers until a poll finds the queue empty (or `maxRounds` polls). */
export async function drain(sqs: SQSClient, queueUrl: string, handler: BatchHandler, maxRounds = 100): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const { received } = await deliverOnce(sqs, queueUrl, handler);
    if (received === 0) return total;
    total += received;
  }
  return total;
}
