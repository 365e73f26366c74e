import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { RETRY_ATTRIBUTE } from '../../../contract/index.js';
import { chunkBySize } from '../../shared/sqs-batches.js';
import { forwardedAttributes } from '../message-attributes.js';
import type { Outcome } from '../outcome.js';
import { type RetryPlan, serializeRetryState } from './state.js';
import { changeVisibility, type VisibilityChange } from './visibility.js';

/** One record and what became of it. */
export interface Settled {
  readonly record: SQSRecord;
  readonly outcome: Outcome;
}

/** Where the retries go. */
export interface ApplyDeps {
  readonly sqs: SQSClient;
  /** The queue the records came from: delayed copies go back to it. */
  readonly queueUrl: string;
}

/** What {@link applyRetryPlans} could not do (the messages then wait out the queue's visibility timeout). */
export interface ApplyReport {
  /** Copies SQS did not take; those messages fell back to a visibility change. */
  readonly copiesFailed: number;
  readonly visibilityChangesFailed: number;
}

/** SQS allows 10 message attributes; one is the retry state. */
const MAX_FORWARDED_ATTRIBUTES = 9;

/**
 * Carries out the retry plans of a batch: delayed copies with `SendMessageBatch` (ten per request),
 * whose originals then count as done ('rescheduled': deleted by the event source mapping, as the
 * copy carries the message on); visibility changes with `ChangeMessageVisibilityBatch`. A copy SQS
 * does not take falls back to a visibility change with the same delay, so the message is retried
 * either way. Results come back in input order.
 *
 * A crash after a copy was sent and before the original is deleted leaves both on the queue: the
 * two carry the same idempotency key, so the effect is still applied once.
 */
export async function applyRetryPlans<R extends Settled>(results: readonly R[], deps: ApplyDeps): Promise<{ results: R[]; report: ApplyReport }> {
  const planned = results.flatMap((result, index) =>
    result.outcome.status === 'retry' && result.outcome.plan ? [{ index, record: result.record, plan: result.outcome.plan }] : []);
  const copies = planned.filter(({ plan }) => plan.via === 'copy');
  const sent = await sendCopies(copies, deps);
  const changes: VisibilityChange[] = planned
    .filter(({ plan, index }) => plan.via === 'visibility' || !sent.has(index))
    .map(({ record, plan }) => ({ receiptHandle: record.receiptHandle, seconds: plan.delaySeconds }));
  const visibilityChangesFailed = changes.length === 0 ? 0 : await changeVisibility(deps.sqs, deps.queueUrl, changes);
  const settled = results.map((result, index) => {
    const { outcome } = result;
    if (!sent.has(index) || outcome.status !== 'retry' || !outcome.plan) return result;
    return { ...result, outcome: { status: 'rescheduled', error: outcome.error, plan: outcome.plan } satisfies Outcome };
  });
  return { results: settled, report: { copiesFailed: copies.length - sent.size, visibilityChangesFailed } };
}

/** Sends the delayed copies; resolves the indexes SQS took. */
async function sendCopies(copies: ReadonlyArray<{ index: number; record: SQSRecord; plan: RetryPlan }>, deps: ApplyDeps): Promise<Set<number>> {
  const sent = new Set<number>();
  const chunks = chunkBySize(copies, ({ record }) => Buffer.byteLength(record.body, 'utf8'));
  await Promise.all(chunks.map(async (chunk) => {
    const entries: SendMessageBatchRequestEntry[] = chunk.map(({ index, record, plan }) => ({
      Id: String(index),
      MessageBody: record.body,
      DelaySeconds: plan.delaySeconds,
      MessageAttributes: {
        ...forwardedAttributes(record, MAX_FORWARDED_ATTRIBUTES),
        [RETRY_ATTRIBUTE]: { DataType: 'String', StringValue: serializeRetryState(plan.state ?? { attempt: 1, history: [] }) },
      },
    }));
    try {
      const output = await deps.sqs.send(new SendMessageBatchCommand({ QueueUrl: deps.queueUrl, Entries: entries }));
      for (const entry of output.Successful ?? []) sent.add(Number(entry.Id));
    } catch {
      // Nothing of this chunk was sent: its messages fall back to a visibility change.
    }
  }));
  return sent;
}
