import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Lifecycle of an idempotency record. `DEAD_LETTERED` only tells `GET /messages/{id}` why a key has
 * no effect: it does not hold the key (a redriven copy takes it as if it were absent).
 */
export type RecordStatus = 'IN_PROGRESS' | 'COMPLETED' | 'DEAD_LETTERED';

const STATUSES: ReadonlySet<string> = new Set<RecordStatus>(['IN_PROGRESS', 'COMPLETED', 'DEAD_LETTERED']);

/** Why a copy of a message was dead-lettered: an error code and its message. */
export interface DeadLetterReason {
  readonly code: string;
  readonly message: string;
}

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
  /** Why it was dead-lettered (DEAD_LETTERED only). */
  readonly reason?: DeadLetterReason;
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
