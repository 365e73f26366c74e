/**
 * The SQS calls the DLQ tools share: receiving with message and system attributes, peeking (a
 * receive with a visibility timeout of 0: SQS has no peek, so it counts as a receive), making
 * messages visible again, and reading a received message as a {@link DeadLetter}.
 */
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type DeadLetter, toDeadLetter } from './dead-letter.js';
import { makeVisibleAgain } from './sqs-visibility.js';

/** Receives in a row that bring no message not seen before, after which a sweep of the queue ends. */
export const QUIET_RECEIVES = 3;

/** ApproximateNumberOfMessages (visible messages); 0 when it cannot be read. */
export async function visibleCount(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) || 0;
}

/** Receives up to `max` (≤ 10) messages at once, with every attribute, hidden for `visibilityTimeout` seconds. */
export function receive(sqs: SQSClient, queueUrl: string, visibilityTimeout: number, max: number): Promise<Message[]> {
  return sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: max,
    VisibilityTimeout: visibilityTimeout,
    WaitTimeSeconds: 0,
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  })).then((output) => output.Messages ?? []);
}

/**
 * Receives with a visibility timeout of 0, then makes the messages visible again explicitly: SQS
 * needs no more, but emulators (fauxqs) count them in flight until their next receive otherwise.
 */
export async function peek(sqs: SQSClient, queueUrl: string, max: number): Promise<Message[]> {
  const messages = await receive(sqs, queueUrl, 0, max);
  await makeVisible(sqs, queueUrl, messages);
  return messages;
}

/** Makes received messages visible again at once (best effort: otherwise they reappear after the visibility timeout). */
export async function makeVisible(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  const received = messages.flatMap((message) => (message.ReceiptHandle ? [{ receiptHandle: message.ReceiptHandle, id: message.MessageId ?? '' }] : []));
  await makeVisibleAgain(sqs, queueUrl, received);
}

/** A received message as a {@link DeadLetter}. */
export function fromSqs(message: Message): DeadLetter {
  const messageAttributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) messageAttributes[name] = value.StringValue;
    else if (value.BinaryValue !== undefined) messageAttributes[name] = Buffer.from(value.BinaryValue).toString('base64');
  }
  return toDeadLetter({ messageId: message.MessageId ?? '', body: message.Body ?? '', state: 'visible', attributes: { ...(message.Attributes ?? {}) }, messageAttributes });
}

/** SentTimestamp, epoch ms (0 when absent). */
export function sentAt(message: Message): number {
  return Number(message.Attributes?.SentTimestamp ?? 0);
}
