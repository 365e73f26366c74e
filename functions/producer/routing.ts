import type { MessageRoute } from '../../contract/index.js';
import { type Envelope, recordKeyOf, serializeEnvelope } from '../shared/envelope.js';
import type { HttpError } from '../shared/http.js';
import { createHash } from 'node:crypto';
import { httpError } from './errors.js';
import type { OutgoingMessage, QueuePublisher, SendResult } from './publish.js';

/**
 * Where a message goes: one copy per queue of its type. A type delivered to several queues (fan-out)
 * gets the queue's name in each copy's envelope (`Envelope.queue`), so that each queue's consumer
 * keeps its own idempotency record; a type with one queue keeps the envelope as it always was.
 */

/** One copy of a message, for one queue. */
export interface Copy {
  readonly queue: string;
  readonly message: OutgoingMessage;
}

/** What became of a message's copies. */
export type Delivery =
  | { readonly ok: true; readonly messageId: string; readonly messageIds?: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** SQS FIFO deduplication id: the key itself, or a SHA-256 of the record key (ids are at most 128 characters). */
export function deduplicationIdOf(envelope: Pick<Envelope, 'id' | 'scope' | 'queue'>): string {
  return envelope.scope === undefined && envelope.queue === undefined ? envelope.id : createHash('sha256').update(recordKeyOf(envelope)).digest('hex');
}

/** The copies of `envelope` for `routes`, with the FIFO fields for a FIFO queue and the delay for a standard one. */
export function copiesOf(envelope: Envelope, routes: readonly MessageRoute[], delaySeconds: number | undefined): Copy[] {
  const fanOut = routes.length > 1;
  return routes.map((route) => {
    const copy: Envelope = fanOut ? { ...envelope, queue: route.queue } : envelope;
    const body = serializeEnvelope(copy);
    const message: OutgoingMessage = route.fifo
      ? { body, groupId: envelope.groupId as string, deduplicationId: deduplicationIdOf(copy) }
      : { body, ...(delaySeconds !== undefined ? { delaySeconds } : {}) };
    return { queue: route.queue, message };
  });
}

/** Whether a type goes to a FIFO queue (then it needs a group and takes no delay); false for an unknown type. */
export function fifoOf(routes: Readonly<Record<string, readonly MessageRoute[]>>, type: unknown): boolean {
  return typeof type === 'string' && Object.hasOwn(routes, type) && (routes[type] ?? []).some((route) => route.fifo);
}

/**
 * Sends every copy of every message, each queue's copies in one `sendBatch` (all queues in
 * parallel), and folds the copies' results into one per message, in input order: accepted when every
 * copy was; otherwise the first failure, naming the queues that took the message when some did (a
 * retry with the same key is then applied once by those).
 */
export async function deliver(publisherOf: (queue: string) => QueuePublisher, messages: readonly (readonly Copy[])[]): Promise<Delivery[]> {
  const byQueue = new Map<string, Array<{ message: number; copy: number }>>();
  messages.forEach((copies, message) => copies.forEach((item, copy) => byQueue.set(item.queue, [...(byQueue.get(item.queue) ?? []), { message, copy }])));
  const results: SendResult[][] = messages.map((copies) => new Array(copies.length));
  await Promise.all([...byQueue].map(async ([queue, places]) => {
    const sent = await publisherOf(queue).sendBatch(places.map(({ message, copy }) => messages[message]![copy]!.message));
    sent.forEach((result, at) => { results[places[at]!.message]![places[at]!.copy] = result; });
  }));
  return messages.map((copies, index) => fold(copies, results[index]!));
}

/** Sends one message's copies with `SendMessage` each; throws an `HttpError` when a queue refuses one. */
export async function deliverOne(publisherOf: (queue: string) => QueuePublisher, copies: readonly Copy[]): Promise<Delivery & { ok: true }> {
  const settled = await Promise.allSettled(copies.map((copy) => publisherOf(copy.queue).send(copy.message)));
  const results = settled.map((outcome): SendResult => (outcome.status === 'fulfilled'
    ? { ok: true, messageId: outcome.value }
    : { ok: false, code: (outcome.reason as HttpError).code ?? 'QUEUE_UNAVAILABLE', message: (outcome.reason as Error).message }));
  const delivery = fold(copies, results);
  if (delivery.ok) return delivery;
  const failed = settled.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
  if (copies.length === 1) throw failed.reason;
  const error = failed.reason as HttpError;
  throw httpError(error.code as never, delivery.message, { cause: error });
}

function fold(copies: readonly Copy[], results: readonly SendResult[]): Delivery {
  const failure = results.find((result) => !result.ok);
  if (failure === undefined || failure.ok) {
    const messageIds = Object.fromEntries(copies.map((copy, index) => [copy.queue, (results[index] as SendResult & { ok: true }).messageId]));
    const messageId = messageIds[copies[0]!.queue] as string;
    return copies.length > 1 ? { ok: true, messageId, messageIds } : { ok: true, messageId };
  }
  const took = copies.filter((_, index) => results[index]?.ok).map((copy) => copy.queue);
  const missed = copies.filter((_, index) => !results[index]?.ok).map((copy) => copy.queue);
  const message = took.length === 0
    ? failure.message
    : `${failure.message} (queue ${missed.join(', ')} did not take it; ${took.join(', ')} did: send it again with the same idempotency key, and each queue applies it once)`;
  return { ok: false, code: failure.code, message };
}
