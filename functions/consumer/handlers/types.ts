import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../../shared/envelope.js';
import type { RetryPolicy } from '../retry/policy.js';

/** What a handler knows about the message besides its payload. */
export interface HandlerContext {
  readonly envelope: Envelope;
  /** The SQS message id of this delivery. */
  readonly messageId: string;
  readonly logger: Logger;
}

/**
 * Applies one message's effect itself (an HTTP call, a write to another system). It runs while the
 * consumer holds the key's lock, and the key is marked completed after it returns: a crash between
 * the two can repeat the effect once the lock expires, so pass the idempotency key downstream
 * (`context.envelope.id`) where the other side supports one. Throw `permanentError(code, message)` for
 * input it can never process, `retryAfter(seconds, message)` when the other side says when to come
 * back (e.g. its `Retry-After`), anything else to retry on the queue's schedule.
 */
export type LockedHandler<P = never> = (payload: P, context: HandlerContext) => Promise<void>;

/** A message type's own retry schedule: the fields it sets replace the queue's. */
export type RetryOverride = Partial<RetryPolicy>;

/** A {@link LockedHandler} with options. */
export interface LockedHandlerDefinition<P = never> {
  readonly kind: 'locked';
  readonly run: LockedHandler<P>;
  /** This type's retry schedule. @default the queue's */
  readonly retry?: RetryOverride;
}

/**
 * Describes one message's effect as DynamoDB writes instead of performing it; the consumer commits
 * them in the same transaction as the key's idempotency record, so the effect happens exactly once,
 * crashes included. At most 99 writes (DynamoDB's transaction limit less the record). A write whose
 * own condition fails rejects the message (dead-lettered, nothing written).
 */
export interface TransactionalHandler<P = never> {
  readonly kind: 'transactional';
  writes(payload: P, context: HandlerContext): readonly TransactWriteItem[] | Promise<readonly TransactWriteItem[]>;
  /** This type's retry schedule. @default the queue's */
  readonly retry?: RetryOverride;
}

/**
 * Creates one item per message, keyed by the message's idempotency key (an order, an entry, an
 * event): the consumer puts it on condition that the key is absent, so the item is its own
 * idempotency record — exactly once, crashes included, one write unit per new message and none per
 * duplicate caught by the read. The table's partition key (a string) is `keyAttribute`; the consumer
 * sets it, with `conveyorHash` and `conveyorAppliedAt` (`INSERTED_ITEM_ATTRIBUTES`).
 */
export interface InsertHandler<P = never> {
  readonly kind: 'insert';
  readonly table: { readonly tableName: string; readonly keyAttribute: string };
  /** The item's other attributes. */
  item(payload: P, context: HandlerContext): Readonly<Record<string, AttributeValue>> | Promise<Readonly<Record<string, AttributeValue>>>;
  /** This type's retry schedule. @default the queue's */
  readonly retry?: RetryOverride;
}

/** A message type's handler: insert or transactional (exactly-once effect), or locked (at-least-once under a lease). */
/** A message type's handler, for payloads of type `P` (as the type's parser returns them). */
export type MessageHandler<P = never> = LockedHandler<P> | LockedHandlerDefinition<P> | TransactionalHandler<P> | InsertHandler<P>;

/** The handlers a consumer runs, by message type (checked against its types at cold start). */
export type HandlerRegistry = Readonly<Record<string, MessageHandler<never>>>;
