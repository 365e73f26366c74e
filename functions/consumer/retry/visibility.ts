import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SQS_BATCH_MAX_ENTRIES, SQS_MAX_VISIBILITY_SECONDS as MAX_VISIBILITY_SECONDS } from '../../../contract/index.js';

/** Inputs of {@link inProgressRetryDelay}. */
export interface RetryDelayInput {
  /** The record's ApproximateReceiveCount (1 on first delivery). */
  readonly receiveCount: number;
  /** The queue's redrive maxReceiveCount. */
  readonly maxReceiveCount: number;
  /** How long the holder's lock has left, ms (≤ 0 when already expired). */
  readonly lockRemainingMs: number;
}

/**
 * Seconds until an in-flight duplicate is tried again. Its holder usually finishes within
 * milliseconds, so the first retries come fast (1, 2, 4 … s); the delay never exceeds the time the
 * holder's lock has left, and the last receive before the dead-letter queue waits for the lock to
 * expire, so a duplicate of a crashed holder is processed instead of dead-lettered.
 */
export function inProgressRetryDelay({ receiveCount, maxReceiveCount, lockRemainingMs }: RetryDelayInput): number {
  const untilLockExpires = Math.ceil(Math.max(lockRemainingMs, 0) / 1000) + 1;
  const lastChance = receiveCount >= maxReceiveCount - 1;
  const backoff = 2 ** Math.min(Math.max(receiveCount - 1, 0), 15);
  const seconds = lastChance ? untilLockExpires : Math.min(backoff, untilLockExpires);
  return Math.min(Math.max(seconds, 1), MAX_VISIBILITY_SECONDS);
}

/** A message whose visibility should change, by receipt handle. */
export interface VisibilityChange {
  readonly receiptHandle: string;
  readonly seconds: number;
}

/**
 * Applies visibility changes with ChangeMessageVisibilityBatch, ten per request, in parallel.
 * Returns how many entries failed; a failure only means the message waits out the queue's
 * visibility timeout instead, so it is reported, never thrown.
 */
export async function changeVisibility(sqs: SQSClient, queueUrl: string, changes: readonly VisibilityChange[]): Promise<number> {
  const requests: Promise<number>[] = [];
  for (let start = 0; start < changes.length; start += SQS_BATCH_MAX_ENTRIES) {
    const entries = changes.slice(start, start + SQS_BATCH_MAX_ENTRIES).map((change, index) => ({
      Id: String(index),
      ReceiptHandle: change.receiptHandle,
      VisibilityTimeout: change.seconds,
    }));
    requests.push(
      sqs
        .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
        .then((output) => output.Failed?.length ?? 0)
        .catch(() => entries.length),
    );
  }
  const failed = await Promise.all(requests);
  return failed.reduce((sum, count) => sum + count, 0);
}
