import { deadLetteredItem, type DeadLetterReason } from '../../shared/idempotency/index.js';
import { persisting } from './errors.js';
import type { StoreContext } from './store-context.js';

/**
 * Notes that a copy of `key` went to the dead-letter queue, and why, so `GET /messages/{id}` can
 * say so: one `PutItem` of the `DEAD_LETTERED` record where the key is free (absent, expired, an
 * abandoned lock, or such a note already), so a completed record or a live lock is left as it is.
 * The note does not hold the key: a redriven copy takes it as if it were absent. One write unit;
 * resolves whether it was written.
 */
export async function noteDeadLettered(context: StoreContext, key: string, hash: string, reason: DeadLetterReason): Promise<boolean> {
  const now = context.clock();
  const item = deadLetteredItem({ key, hash, reason }, { now, ttlSeconds: context.ttlSeconds });
  const put = await persisting('note dead-lettered', () => context.records.putIfKeyFree(item, now));
  return put.written;
}
