import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { classifyRecord, completedItem, holdsKey } from '../../shared/idempotency/index.js';
import { ConveyorError } from '../../shared/errors.js';
import { lockContention, persisting } from './errors.js';
import { type HeldResult, heldResult, holderAfterRefusal, type StoreContext } from './store-context.js';

/** What a commit found or did. */
export type CommitResult =
  | { readonly status: 'committed' }
  | HeldResult
  /** A condition of the effect's own write #`writeIndex` failed; nothing was written. */
  | { readonly status: 'rejected'; readonly writeIndex: number };

/** DynamoDB's limit on one transaction, less the record's own entry. */
export const MAX_EFFECT_WRITES = 99;

/**
 * Writes the completed idempotency record and the effect's writes in ONE DynamoDB transaction: the
 * effect happens exactly when the record says so, and a crash anywhere leaves either both or
 * neither. The record's put is conditional on the key being free (absent, expired, or an abandoned
 * lock); when it is not, the transaction is cancelled and nothing is written.
 *
 * A cheap eventually consistent read first turns most duplicates into zero writes; it is a hint
 * only, the transaction's condition decides. Requests: a new message costs its share of one
 * `BatchGetItem` (½ read unit; one request for the whole batch, `Peeks`) and one
 * `TransactWriteItems` (2 write units for the record, transactional writes cost double, plus the
 * effect's own); a duplicate caught by the read costs its share of the `BatchGetItem` alone.
 */
export async function commitWithRecord(context: StoreContext, key: string, hash: string, writes: readonly TransactWriteItem[]): Promise<CommitResult> {
  if (writes.length > MAX_EFFECT_WRITES) throw new RangeError(`an effect may write at most ${MAX_EFFECT_WRITES} items (got ${writes.length})`);
  const seen = classifyRecord(await context.peeks.record(key), context.clock(), hash);
  if (holdsKey(seen)) return heldResult(seen);

  for (let attempt = 1; attempt <= context.maxAttempts; attempt++) {
    const now = context.clock();
    const item = completedItem({ key, hash }, { now, ttlSeconds: context.ttlSeconds });
    const result = await persisting('commit', () => context.records.transactIfKeyFree(item, now, writes));
    switch (result.status) {
      case 'written':
        return { status: 'committed' };
      case 'effect-rejected':
        return { status: 'rejected', writeIndex: result.writeIndex };
      case 'key-taken': {
        // Freed or expired since the transaction was evaluated: try again.
        const holder = await holderAfterRefusal(context, key, hash, result.existing);
        if (holder !== undefined) return holder;
        break;
      }
      case 'cancelled':
        // TransactionConflict (another transaction on the same items) or throttling: try again.
        if (attempt === context.maxAttempts) throw new ConveyorError('RECORDS_UNAVAILABLE', 'idempotency store commit failed', { cause: result.cause });
        break;
    }
  }
  throw lockContention(key, context.maxAttempts);
}
