import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Lifecycle of an idempotency record. */
export type RecordStatus = 'IN_PROGRESS' | 'COMPLETED';

/**
 * One idempotency record, keyed by the message's idempotency key. Kept well under 1 KB so every
 * write costs one write unit.
 */
export interface IdempotencyRecord {
  /** The idempotency key (partition key `id`). */
  readonly key: string;
  readonly status: RecordStatus;
  /** Hash of the message's type and payload, to flag a key reused for different content. */
  readonly hash: string;
  /** Random token of the invocation holding the lock (IN_PROGRESS only). */
  readonly owner?: string;
  /** When the in-progress lock expires, epoch ms (IN_PROGRESS only). */
  readonly lockExpiresAt?: number;
  /** When the record stops counting, epoch seconds; also the table's TTL attribute. */
  readonly expiresAt: number;
}

/** Whether the record no longer counts at `now` (epoch ms). Mirrors the lock's condition expression. */
export function isExpired(record: IdempotencyRecord, now: number): boolean {
  if (record.expiresAt < Math.floor(now / 1000)) return true;
  return record.status === 'IN_PROGRESS' && (record.lockExpiresAt ?? 0) < now;
}

/** Reads a record from DynamoDB's attribute map; `undefined` for an absent or foreign item. */
export function unmarshalRecord(item: Record<string, AttributeValue> | undefined): IdempotencyRecord | undefined {
  const key = item?.id?.S;
  const status = item?.status?.S;
  if (!item || key === undefined || (status !== 'IN_PROGRESS' && status !== 'COMPLETED')) return undefined;
  return {
    key,
    status,
    hash: item.hash?.S ?? '',
    ...(item.owner?.S !== undefined ? { owner: item.owner.S } : {}),
    ...(item.lockExpiresAt?.N !== undefined ? { lockExpiresAt: Number(item.lockExpiresAt.N) } : {}),
    expiresAt: Number(item.expiresAt?.N ?? 0),
  };
}

/**
 * The condition under which a record may be (re)written: the key is absent, its record expired, or
 * it holds an abandoned lock. The lock and the transactional commit use the same one, so both agree
 * on when a key is free. Mirrors {@link isExpired}.
 */
export function keyIsFree(now: number) {
  return {
    ConditionExpression: 'attribute_not_exists(#id) OR #expires < :nowSec OR (#status = :inProgress AND #lock < :now)',
    ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#lock': 'lockExpiresAt', '#expires': 'expiresAt' },
    ExpressionAttributeValues: {
      ':nowSec': { N: String(Math.floor(now / 1000)) },
      ':now': { N: String(now) },
      ':inProgress': { S: 'IN_PROGRESS' },
    },
  };
}
