import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DeadLetterReason } from './record.js';

/** A record as DynamoDB stores it. */
export type RecordItem = Record<string, AttributeValue>;

/** Longest reason kept in a dead-letter note, so the record stays under 1 KB (one write unit). */
export const MAX_REASON_CHARS = 300;

/** When and for how long a record is written. */
export interface RecordTiming {
  /** The writer's clock, epoch ms. */
  readonly now: number;
  /** How long the record keeps suppressing duplicates, seconds (`idempotencyTtl`). */
  readonly ttlSeconds: number;
}

/** DynamoDB's key of the record for idempotency key `key` (partition key `id`). */
export function recordKey(key: string): RecordItem {
  return { id: { S: key } };
}

/** The record's `expiresAt` (epoch seconds) when written at `timing.now`: also the table's TTL attribute. */
export function expiresAt(timing: RecordTiming): number {
  return Math.floor(timing.now / 1000) + timing.ttlSeconds;
}

/** Fields of a lock, the `IN_PROGRESS` record of a locked effect. */
export interface InProgressFields {
  readonly key: string;
  readonly hash: string;
  /** Random token of the invocation taking the lock. */
  readonly owner: string;
  /** When the lock expires, epoch ms. */
  readonly lockExpiresAt: number;
}

/** The `IN_PROGRESS` item a lock puts: `{id, status, hash, owner, lockExpiresAt, expiresAt}`. */
export function inProgressItem(fields: InProgressFields, timing: RecordTiming): RecordItem {
  return {
    id: { S: fields.key },
    status: { S: 'IN_PROGRESS' },
    hash: { S: fields.hash },
    owner: { S: fields.owner },
    lockExpiresAt: { N: String(fields.lockExpiresAt) },
    expiresAt: { N: String(expiresAt(timing)) },
  };
}

/** The `COMPLETED` item a transactional commit puts: `{id, status, hash, completedAt, expiresAt}`, completed at `timing.now`. */
export function completedItem(fields: { readonly key: string; readonly hash: string }, timing: RecordTiming): RecordItem {
  return {
    id: { S: fields.key },
    status: { S: 'COMPLETED' },
    hash: { S: fields.hash },
    completedAt: { N: String(timing.now) },
    expiresAt: { N: String(expiresAt(timing)) },
  };
}

/** Fields of a dead-letter note. */
export interface DeadLetteredFields {
  readonly key: string;
  readonly hash: string;
  /** Why; the message is cut to {@link MAX_REASON_CHARS} characters. */
  readonly reason: DeadLetterReason;
}

/**
 * The `DEAD_LETTERED` item of a dead-letter note: `{id, status, hash, deadLetteredAt, reasonCode,
 * reasonMessage, expiresAt}`, dead-lettered at `timing.now`.
 */
export function deadLetteredItem(fields: DeadLetteredFields, timing: RecordTiming): RecordItem {
  return {
    id: { S: fields.key },
    status: { S: 'DEAD_LETTERED' },
    hash: { S: fields.hash },
    deadLetteredAt: { N: String(timing.now) },
    reasonCode: { S: fields.reason.code },
    reasonMessage: { S: fields.reason.message.slice(0, MAX_REASON_CHARS) },
    expiresAt: { N: String(expiresAt(timing)) },
  };
}

/** An `UpdateItem`'s expression and its attribute names and values. */
export interface RecordUpdate {
  readonly UpdateExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

/**
 * Turns a lock into the `COMPLETED` record of a locked effect: status, `completedAt` = `timing.now`,
 * a fresh `expiresAt`, and the lock's `owner` and `lockExpiresAt` removed — the same attributes as
 * {@link completedItem}. `#owner` is named here so the owner condition can share it.
 */
export function completionUpdate(timing: RecordTiming): RecordUpdate {
  return {
    UpdateExpression: 'SET #status = :completed, #expires = :expires, completedAt = :now REMOVE #owner, #lock',
    ExpressionAttributeNames: { '#status': 'status', '#expires': 'expiresAt', '#owner': 'owner', '#lock': 'lockExpiresAt' },
    ExpressionAttributeValues: {
      ':completed': { S: 'COMPLETED' },
      ':expires': { N: String(expiresAt(timing)) },
      ':now': { N: String(timing.now) },
    },
  };
}
