import type { IdempotencyRecord } from '../shared/idempotency-record.js';

/** What `GET /messages/{id}` answers: the state of one idempotency key, as its record tells it. */
export type MessageStatus =
  /** The effect was applied, once, at `completedAt`. */
  | { readonly id: string; readonly status: 'completed'; readonly outcome: 'applied'; readonly completedAt: string }
  /** An invocation holds the key's lock until `lockExpiresAt` (locked handlers only). */
  | { readonly id: string; readonly status: 'in_progress'; readonly lockExpiresAt: string }
  /** A copy was sent to the dead-letter queue, or failed its last receive, for `reason`. */
  | { readonly id: string; readonly status: 'dead_lettered'; readonly deadLetteredAt: string; readonly reason: { readonly code: string; readonly message: string } }
  /** Never seen, not processed yet (still queued, or its lock was abandoned), or forgotten after the idempotency TTL. */
  | { readonly id: string; readonly status: 'unknown' };

/** The answer's `status` values. */
export const MESSAGE_STATES = ['completed', 'in_progress', 'dead_lettered', 'unknown'] as const;

/**
 * Reads a record the way the consumer does: an expired record, or an abandoned lock, does not count
 * (the key would be taken anew), so it is `unknown`.
 */
export function messageStatus(id: string, record: IdempotencyRecord | undefined, now: number): MessageStatus {
  const iso = (ms: number | undefined) => new Date(ms ?? 0).toISOString();
  if (record === undefined || record.expiresAt < Math.floor(now / 1000)) return { id, status: 'unknown' };
  switch (record.status) {
    case 'COMPLETED':
      return { id, status: 'completed', outcome: 'applied', completedAt: iso(record.completedAt) };
    case 'IN_PROGRESS':
      return (record.lockExpiresAt ?? 0) < now ? { id, status: 'unknown' } : { id, status: 'in_progress', lockExpiresAt: iso(record.lockExpiresAt) };
    case 'DEAD_LETTERED':
      return { id, status: 'dead_lettered', deadLetteredAt: iso(record.deadLetteredAt), reason: record.reason ?? { code: 'UNKNOWN', message: '' } };
  }
}
