import type { RecordState } from '../shared/idempotency/index.js';

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


/**
 * The answer for key `id` whose record was classified (`classifyRecord`, without a payload hash)
 * the way the consumer reads it: an expired record, or an abandoned lock, does not count (the key
 * would be taken anew), so it is `unknown`.
 */
export function messageStatus(id: string, state: RecordState): MessageStatus {
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (state.kind) {
    case 'completed':
      return { id, status: 'completed', outcome: 'applied', completedAt: iso(state.completedAt) };
    case 'in-progress':
      return { id, status: 'in_progress', lockExpiresAt: iso(state.lockExpiresAt) };
    case 'dead-lettered':
      return { id, status: 'dead_lettered', deadLetteredAt: iso(state.deadLetteredAt), reason: state.reason };
    // Only with a payload hash, which the status function never gives.
    case 'mismatch':
    case 'free':
      return { id, status: 'unknown' };
  }
}
