import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Lifecycle of an idempotency record. `DEAD_LETTERED` only tells `GET /messages/{id}` why a key has
 * no effect: it does not hold the key (a redriven copy takes it as if it were absent).
 */
export type RecordStatus = 'IN_PROGRESS' | 'COMPLETED' | 'DEAD_LETTERED';

const STATUSES: ReadonlySet<string> = new Set<RecordStatus>(['IN_PROGRESS', 'COMPLETED', 'DEAD_LETTERED']);

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
  /** When the effect was applied, epoch ms (COMPLETED only). */
  readonly completedAt?: number;
  /** When the message was sent to the dead-letter queue, epoch ms (DEAD_LETTERED only). */
  readonly deadLetteredAt?: number;
  /** Why it was dead-lettered: an error code and message (DEAD_LETTERED only). */
  readonly reason?: { readonly code: string; readonly message: string };
}

/** Whether the record no longer counts at `now` (epoch ms). Mirrors the lock's condition expression. */
export function isExpired(record: IdempotencyRecord, now: number): boolean {
  if (record.expiresAt < Math.floor(now / 1000) || record.status === 'DEAD_LETTERED') return true;
  return record.status === 'IN_PROGRESS' && (record.lockExpiresAt ?? 0) < now;
}

/** Reads a record from DynamoDB's attribute map; `undefined` for an absent or foreign item. */
export function unmarshalRecord(item: Record<string, AttributeValue> | undefined): IdempotencyRecord | undefined {
  const key = item?.id?.S;
  const status = item?.status?.S;
  if (!item || key === undefined || status === undefined || !STATUSES.has(status)) return undefined;
  const number = (name: string) => (item[name]?.N !== undefined ? Number(item[name].N) : undefined);
  const [completedAt, deadLetteredAt, lockExpiresAt] = [number('completedAt'), number('deadLetteredAt'), number('lockExpiresAt')];
  return {
    key,
    status: status as RecordStatus,
    hash: item.hash?.S ?? '',
    ...(item.owner?.S !== undefined ? { owner: item.owner.S } : {}),
    ...(lockExpiresAt !== undefined ? { lockExpiresAt } : {}),
    expiresAt: Number(item.expiresAt?.N ?? 0),
    ...(completedAt !== undefined ? { completedAt } : {}),
    ...(deadLetteredAt !== undefined ? { deadLetteredAt } : {}),
    ...(item.reasonCode?.S !== undefined ? { reason: { code: item.reasonCode.S, message: item.reasonMessage?.S ?? '' } } : {}),
  };
}

/**
 * The condition under which a record may be (re)written: the key is absent, its record expired, it
 * holds an abandoned lock, or it only notes that a copy was dead-lettered. The lock, the
 * transactional commit and the dead-letter note use the same one, so all agree on when a key is
 * free. Mirrors {@link isExpired}.
 */
export function keyIsFree(now: number) {
  return {
    ConditionExpression: 'attribute_not_exists(#id) OR #expires < :nowSec OR (#status = :inProgress AND #lock < :now) OR #status = :deadLettered',
    ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#lock': 'lockExpiresAt', '#expires': 'expiresAt' },
    ExpressionAttributeValues: {
      ':nowSec': { N: String(Math.floor(now / 1000)) },
      ':now': { N: String(now) },
      ':inProgress': { S: 'IN_PROGRESS' },
      ':deadLettered': { S: 'DEAD_LETTERED' },
    },
  };
}
