import type { DeadLetterReason, IdempotencyRecord } from './record.js';

/** What an existing record means for its key at a given moment. */
export type RecordState =
  /** No record counts: none, one past its `expiresAt`, or an abandoned lock (its `lockExpiresAt` passed). */
  | { readonly kind: 'free' }
  /** Only a dead-letter note: free for writers, but `GET /messages/{id}` tells when and why. */
  | { readonly kind: 'dead-lettered'; readonly deadLetteredAt: number; readonly reason: DeadLetterReason }
  /** The effect was applied (same payload hash, when one was given). */
  | { readonly kind: 'completed'; readonly completedAt: number }
  /** A live lock: another invocation is applying it until `lockExpiresAt` (epoch ms). */
  | { readonly kind: 'in-progress'; readonly lockExpiresAt: number }
  /** Completed or locked for a different type or payload than the hash given. */
  | { readonly kind: 'mismatch' };

/** The states in which a record holds its key: a writer must not replace it. */
export type HeldState = Extract<RecordState, { readonly kind: 'completed' | 'in-progress' | 'mismatch' }>;

/**
 * Classifies `record` at `now` (epoch ms) — the one reading of a record that the lock, the commit,
 * the status answer and the benchmark share. With `hash` (the message's payload hash), a held record
 * made for other content is a `mismatch`; without it, the record's own status is reported. Mirrors
 * {@link keyIsFree}: expiry is judged on the reader's clock, never on TTL deletion.
 */
export function classifyRecord(record: IdempotencyRecord | undefined, now: number, hash?: string): RecordState {
  if (record === undefined || record.expiresAt < Math.floor(now / 1000)) return { kind: 'free' };
  if (record.status === 'DEAD_LETTERED') {
    return { kind: 'dead-lettered', deadLetteredAt: record.deadLetteredAt ?? 0, reason: record.reason ?? { code: 'UNKNOWN', message: '' } };
  }
  if (record.status === 'IN_PROGRESS' && (record.lockExpiresAt ?? 0) < now) return { kind: 'free' };
  if (hash !== undefined && record.hash !== hash) return { kind: 'mismatch' };
  if (record.status === 'COMPLETED') return { kind: 'completed', completedAt: record.completedAt ?? 0 };
  return { kind: 'in-progress', lockExpiresAt: record.lockExpiresAt ?? now };
}

/** Whether `state` holds its key (completed, a live lock, or a mismatch); otherwise a writer may take it. */
export function holdsKey(state: RecordState): state is HeldState {
  return state.kind === 'completed' || state.kind === 'in-progress' || state.kind === 'mismatch';
}
