import type { AttributeValue, DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { type DeadLetterReason, type IdempotencyRecord, IdempotencyRecords, InsertedItems, type InsertTable, Peeks } from '../../shared/idempotency/index.js';
import { type CommitResult, commitWithRecord } from './commit.js';
import { noteDeadLettered } from './dead-letter-note.js';
import { persisting } from './errors.js';
import { type InsertOutcome, insertOnce } from './insert.js';
import { type AcquireResult, acquireLock, completeLock, type Lock, releaseLock } from './locked.js';
import type { StoreContext } from './store-context.js';

/** Options of {@link IdempotencyStore}. */
export interface IdempotencyStoreOptions {
  /** DynamoDB client (injected so tests and the local runtime can point it anywhere). */
  readonly client: DynamoDBClient;
  /** Table with partition key `id` (string) and TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** How long a record keeps suppressing duplicates, seconds. */
  readonly ttlSeconds: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Lock and commit attempts when the record changes between the write and the read. @default {@link DEFAULT_STORE_ATTEMPTS} */
  readonly maxAttempts?: number;
}

/** Lock and commit attempts of an idempotency store by default. */
export const DEFAULT_STORE_ATTEMPTS = 3;

/**
 * The consumer's execution strategies over the idempotency records (`functions/shared/idempotency`).
 * A locked effect runs only under a lock taken with one conditional put; completion and release are
 * conditional on the lock's owner token, so an invocation whose lock expired and was taken over can
 * never complete or free the new holder's lock. A transactional effect is committed with its record
 * in one transaction. Expiry is evaluated in the conditions themselves: nothing depends on TTL
 * deletion or `ReturnValuesOnConditionCheckFailure` (used when DynamoDB returns the item, replaced by
 * a consistent read when it does not).
 *
 * Write units, locked effects: a new message costs two (lock, complete); a duplicate one failed
 * conditional put (plus a read where the item is not returned). Transactional effects
 * ({@link IdempotencyStore.commit}): two for the record (a transactional put), none for a duplicate
 * caught by the read. Insert effects ({@link IdempotencyStore.insert}): the item is the record — one
 * write unit per new message, none for a duplicate caught by the read.
 */
export class IdempotencyStore {
  private readonly context: StoreContext;
  private readonly items: InsertedItems;

  constructor(options: IdempotencyStoreOptions) {
    this.items = new InsertedItems(options.client);
    this.context = {
      records: new IdempotencyRecords({ client: options.client, tableName: options.tableName }),
      peeks: new Peeks(options.client, options.tableName),
      ttlSeconds: options.ttlSeconds,
      clock: options.clock ?? Date.now,
      maxAttempts: options.maxAttempts ?? DEFAULT_STORE_ATTEMPTS,
    };
  }

  /**
   * Takes the lock on `key` until `lockExpiresAt` (epoch ms), unless a live record exists: then
   * reports whether it is completed, still in progress, or was made for a different payload.
   */
  acquire(key: string, hash: string, lockExpiresAt: number): Promise<AcquireResult> {
    return acquireLock(this.context, key, hash, lockExpiresAt);
  }

  /**
   * Marks the key completed and starts its TTL; only while `lock` is still this invocation's.
   * Throws a `LOCK_LOST` error otherwise.
   */
  complete(lock: Lock): Promise<void> {
    return completeLock(this.context, lock);
  }

  /**
   * Deletes the record so a retry can take the key at once; only while `lock` is still this
   * invocation's. Returns false when it no longer was (nothing was touched).
   */
  release(lock: Lock): Promise<boolean> {
    return releaseLock(this.context, lock);
  }

  /**
   * Commits `writes` (the effect) together with the key's completed record in one transaction,
   * unless the key is already completed, locked, or recorded for a different payload. See
   * {@link commitWithRecord}.
   */
  commit(key: string, hash: string, writes: readonly TransactWriteItem[]): Promise<CommitResult> {
    return commitWithRecord(this.context, key, hash, writes);
  }

  /**
   * Inserts `item` into `table` keyed `key`, unless an item with that key exists: then reports
   * whether it is a duplicate or was made for a different payload. See {@link insertOnce}.
   */
  insert(table: InsertTable, key: string, hash: string, item: Readonly<Record<string, AttributeValue>>): Promise<InsertOutcome> {
    return insertOnce(this.items, this.context.peeks, table, key, hash, item, this.context.clock());
  }

  /**
   * Notes that a copy of `key` went to the dead-letter queue, and why (see {@link noteDeadLettered}).
   * Resolves whether the note was written.
   */
  markDeadLettered(key: string, hash: string, reason: DeadLetterReason): Promise<boolean> {
    return noteDeadLettered(this.context, key, hash, reason);
  }

  /** Reads the record for `key` (strongly consistent). */
  get(key: string): Promise<IdempotencyRecord | undefined> {
    return persisting('read', () => this.context.records.read(key));
  }
}
