import { classifyRecord, type HeldState, holdsKey, type IdempotencyRecord, type IdempotencyRecords, type Peeks } from '../../shared/idempotency/index.js';
import { persisting } from './errors.js';

/** What the execution strategies (lock, commit, dead-letter note) work with. */
export interface StoreContext {
  /** The records adapter over the idempotency table. */
  readonly records: IdempotencyRecords;
  /** The first, eventually consistent reads, batched across the messages of a batch. */
  readonly peeks: Peeks;
  /** How long a record keeps suppressing duplicates, seconds. */
  readonly ttlSeconds: number;
  /** Epoch ms. */
  readonly clock: () => number;
  /** Write attempts when the record in the way is gone or expired by the time it is read. */
  readonly maxAttempts: number;
}

/** A key held by another record, as the lock and the commit report it. */
export type HeldResult =
  | { readonly status: 'completed' }
  | { readonly status: 'in-progress'; readonly lockExpiresAt: number }
  | { readonly status: 'mismatch' };

/** Reports a held record's state as the lock and the commit answer it. */
export function heldResult(state: HeldState): HeldResult {
  switch (state.kind) {
    case 'completed': return { status: 'completed' };
    case 'mismatch': return { status: 'mismatch' };
    case 'in-progress': return { status: 'in-progress', lockExpiresAt: state.lockExpiresAt };
  }
}

/**
 * After a write refused because `key` was not free: the record in the way — as DynamoDB returned it
 * with the refusal, or else from one strongly consistent read — classified now against `hash`.
 * `undefined` when it no longer holds the key (deleted, expired, or only a dead-letter note since
 * the write was evaluated): the write is worth another attempt.
 */
export async function holderAfterRefusal(
  context: StoreContext,
  key: string,
  hash: string,
  returned: IdempotencyRecord | undefined,
): Promise<HeldResult | undefined> {
  const existing = returned ?? (await persisting('read', () => context.records.read(key)));
  const state = classifyRecord(existing, context.clock(), hash);
  return holdsKey(state) ? heldResult(state) : undefined;
}
