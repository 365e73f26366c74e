/**
 * Dead-letter queue operations over the SQS API, shared by the local runtime's dashboard endpoints
 * and the `conveyor dlq` command: list and peek without consuming (SQS has no peek: each look is a
 * receive with a visibility timeout of 0, so it raises ApproximateReceiveCount), and a redrive that
 * can never lose a message (`dlq-redrive.ts`).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { byAge, type DeadLetter, type DeadLetterReader, isNamed } from './dead-letter.js';
import { fromSqs, peek, QUIET_RECEIVES, visibleCount } from './sqs-receive.js';

export type { DeadLetter, DeadLetterReader } from './dead-letter.js';
export { type MovedMessage, type RedriveOptions, type RedriveResult, redriveDeadLetters } from './dlq-redrive.js';

/**
 * Peeks up to `max` messages (@default 100) of the DLQ without consuming them (each stays visible;
 * its receive count goes up by one, or more when a message comes back in several receives), oldest
 * first. Receives until it has `max`, or as many as the queue's ApproximateNumberOfMessages, or
 * until a few receives in a row bring nothing new. On a FIFO queue only the first message of each
 * group can be seen this way.
 */
export async function listDeadLetters(sqs: SQSClient, deadLetterQueueUrl: string, options: { readonly max?: number } = {}): Promise<DeadLetter[]> {
  const max = options.max ?? 100;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1 (got ${String(max)})`);
  // Every receive is counted against the messages it returns: stop once the visible ones are all seen.
  const depth = await visibleCount(sqs, deadLetterQueueUrl);
  const wanted = depth > 0 ? Math.min(max, depth) : max;
  const found = new Map<string, DeadLetter>();
  let quiet = 0;
  while (found.size < wanted && quiet < QUIET_RECEIVES) {
    let fresh = 0;
    for (const message of await peek(sqs, deadLetterQueueUrl, Math.min(10, max - found.size))) {
      if (message.MessageId === undefined || found.has(message.MessageId)) continue;
      found.set(message.MessageId, fromSqs(message));
      fresh += 1;
    }
    quiet = fresh === 0 ? quiet + 1 : 0;
  }
  return [...found.values()].sort(byAge);
}

/**
 * Peeks one message by its DLQ message id or its source message id (as {@link listDeadLetters}
 * does); `undefined` when it is not (or no longer) in the DLQ.
 */
export async function peekDeadLetter(sqs: SQSClient, deadLetterQueueUrl: string, messageId: string): Promise<DeadLetter | undefined> {
  const seen = new Set<string>();
  let quiet = 0;
  while (quiet < QUIET_RECEIVES) {
    let fresh = 0;
    for (const message of await peek(sqs, deadLetterQueueUrl, 10)) {
      const letter = fromSqs(message);
      if (isNamed(letter, messageId)) return letter;
      if (message.MessageId === undefined || seen.has(message.MessageId)) continue;
      seen.add(message.MessageId);
      fresh += 1;
    }
    quiet = fresh === 0 ? quiet + 1 : 0;
  }
  return undefined;
}

/** The SQS way of reading the DLQ: {@link listDeadLetters} and {@link peekDeadLetter}, each look a receive. */
export function sqsDeadLetterReader(sqs: SQSClient, deadLetterQueueUrl: string): DeadLetterReader {
  return {
    countsAsReceive: true,
    list: (max) => listDeadLetters(sqs, deadLetterQueueUrl, { max }),
    peek: (id) => peekDeadLetter(sqs, deadLetterQueueUrl, id),
  };
}
