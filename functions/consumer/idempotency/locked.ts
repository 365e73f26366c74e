import { randomUUID } from 'node:crypto';
import { completionUpdate, inProgressItem } from '../../shared/idempotency/index.js';
import { lockContention, lockLost, persisting } from './errors.js';
import { type HeldResult, holderAfterRefusal, type StoreContext } from './store-context.js';

/** A lock this invocation holds on an idempotency key. */
export interface Lock {
  readonly key: string;
  readonly hash: string;
  /** Random token proving ownership; completion and release are conditional on it. */
  readonly owner: string;
  /** Epoch ms. */
  readonly lockExpiresAt: number;
}

/** What {@link acquireLock} found. */
export type AcquireResult = { readonly status: 'acquired'; readonly lock: Lock } | HeldResult;

/**
 * Locked effects, step 1: puts the `IN_PROGRESS` record with a fresh owner token where the key is
 * free (one conditional `PutItem`). When it is not, the record in the way says completed, in
 * progress or mismatch; one that vanished or expired in between is tried again, up to
 * `maxAttempts` times.
 */
export async function acquireLock(context: StoreContext, key: string, hash: string, lockExpiresAt: number): Promise<AcquireResult> {
  for (let attempt = 1; attempt <= context.maxAttempts; attempt++) {
    const now = context.clock();
    const owner = randomUUID();
    const item = inProgressItem({ key, hash, owner, lockExpiresAt }, { now, ttlSeconds: context.ttlSeconds });
    const put = await persisting('lock', () => context.records.putIfKeyFree(item, now, { returnExisting: true }));
    if (put.written) return { status: 'acquired', lock: { key, hash, owner, lockExpiresAt } };
    const holder = await holderAfterRefusal(context, key, hash, put.existing);
    if (holder !== undefined) return holder;
  }
  throw lockContention(key, context.maxAttempts);
}

/**
 * Locked effects, step 3: marks the record `COMPLETED` and restarts its TTL, only while `lock` is
 * still this invocation's (one `UpdateItem` conditional on the owner token). Throws
 * a `LOCK_LOST` error otherwise.
 */
export async function completeLock(context: StoreContext, lock: Lock): Promise<void> {
  const update = completionUpdate({ now: context.clock(), ttlSeconds: context.ttlSeconds });
  const completed = await persisting('complete', () => context.records.updateIfOwnedBy(lock.key, lock.owner, update));
  if (!completed) throw lockLost(lock.key);
}

/**
 * After a failed effect: deletes the record so a retry can take the key at once, only while `lock`
 * is still this invocation's (one `DeleteItem` conditional on the owner token). Resolves false when
 * it no longer was; nothing is touched then.
 */
export function releaseLock(context: StoreContext, lock: Lock): Promise<boolean> {
  return persisting('release', () => context.records.deleteIfOwnedBy(lock.key, lock.owner));
}
