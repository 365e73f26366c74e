import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type CommitResult, commitWithRecord } from './commit.js';
import { IdempotencyContentionError, IdempotencyLockLostError, IdempotencyPersistenceError } from './errors.js';
import { type IdempotencyRecord, isExpired, keyIsFree, unmarshalRecord } from '../../shared/idempotency-record.js';

/** Longest reason kept in a dead-letter note, so the record stays under 1 KB (one write unit). */
const MAX_REASON_CHARS = 300;

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
  /** Lock attempts when the record changes between the put and the read. @default 3 */
  readonly maxAttempts?: number;
}

/** A lock this invocation holds on an idempotency key. */
export interface Lock {
  readonly key: string;
  readonly hash: string;
  /** Random token proving ownership; completion and release are conditional on it. */
  readonly owner: string;
  /** Epoch ms. */
  readonly lockExpiresAt: number;
}

/** What {@link IdempotencyStore.acquire} found. */
export type AcquireResult =
  | { readonly status: 'acquired'; readonly lock: Lock }
  | { readonly status: 'completed' }
  | { readonly status: 'in-progress'; readonly lockExpiresAt: number }
  | { readonly status: 'mismatch' };

/**
 * Idempotency records in DynamoDB. A message's effect runs only under a lock taken with one
 * conditional put; completion and release are conditional on the lock's owner token, so an
 * invocation whose lock expired and was taken over can never complete or free the new holder's
 * lock. Expiry is evaluated in the conditions themselves: nothing depends on TTL deletion,
 * transactions or `ReturnValuesOnConditionCheckFailure` (used when DynamoDB returns the item,
 * replaced by a consistent read when it does not).
 *
 * Write units, locked effects: a new message costs two (lock, complete); a duplicate one failed
 * conditional put (plus a read where the item is not returned). Transactional effects use
 * {@link IdempotencyStore.commit} instead: two for the record (a transactional put), none for a
 * duplicate caught by the read.
 */
export class IdempotencyStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly ttlSeconds: number;
  private readonly clock: () => number;
  private readonly maxAttempts: number;

  constructor(options: IdempotencyStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.ttlSeconds = options.ttlSeconds;
    this.clock = options.clock ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /**
   * Takes the lock on `key` until `lockExpiresAt` (epoch ms), unless a live record exists: then
   * reports whether it is completed, still in progress, or was made for a different payload.
   */
  async acquire(key: string, hash: string, lockExpiresAt: number): Promise<AcquireResult> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const now = this.clock();
      const owner = randomUUID();
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              id: { S: key },
              status: { S: 'IN_PROGRESS' },
              hash: { S: hash },
              owner: { S: owner },
              lockExpiresAt: { N: String(lockExpiresAt) },
              expiresAt: { N: String(Math.floor(now / 1000) + this.ttlSeconds) },
            },
            ...keyIsFree(now),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { status: 'acquired', lock: { key, hash, owner, lockExpiresAt } };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw new IdempotencyPersistenceError('lock', { cause: error });
        const existing = unmarshalRecord(error.Item) ?? (await this.get(key));
        // Gone or expired since the put was evaluated: try the put again.
        if (existing === undefined || isExpired(existing, this.clock())) continue;
        if (existing.hash !== hash) return { status: 'mismatch' };
        if (existing.status === 'COMPLETED') return { status: 'completed' };
        return { status: 'in-progress', lockExpiresAt: existing.lockExpiresAt ?? now };
      }
    }
    throw new IdempotencyContentionError(key, this.maxAttempts);
  }

  /**
   * Marks the key completed and starts its TTL; only while `lock` is still this invocation's.
   * Throws {@link IdempotencyLockLostError} otherwise.
   */
  async complete(lock: Lock): Promise<void> {
    const now = this.clock();
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { id: { S: lock.key } },
          UpdateExpression: 'SET #status = :completed, #expires = :expires, completedAt = :now REMOVE #owner, #lock',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#status': 'status', '#expires': 'expiresAt', '#owner': 'owner', '#lock': 'lockExpiresAt' },
          ExpressionAttributeValues: {
            ':completed': { S: 'COMPLETED' },
            ':expires': { N: String(Math.floor(now / 1000) + this.ttlSeconds) },
            ':now': { N: String(now) },
            ':owner': { S: lock.owner },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new IdempotencyLockLostError(lock.key);
      throw new IdempotencyPersistenceError('complete', { cause: error });
    }
  }

  /**
   * Deletes the record so a retry can take the key at once; only while `lock` is still this
   * invocation's. Returns false when it no longer was (nothing was touched).
   */
  async release(lock: Lock): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { id: { S: lock.key } },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: lock.owner } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new IdempotencyPersistenceError('release', { cause: error });
    }
  }

  /**
   * Commits `writes` (the effect) together with the key's completed record in one transaction,
   * unless the key is already completed, locked, or recorded for a different payload. See
   * {@link commitWithRecord}.
   */
  commit(key: string, hash: string, writes: readonly TransactWriteItem[]): Promise<CommitResult> {
    return commitWithRecord({
      client: this.client,
      tableName: this.tableName,
      ttlSeconds: this.ttlSeconds,
      clock: this.clock,
      maxAttempts: this.maxAttempts,
      get: (key) => this.get(key),
    }, key, hash, writes);
  }

  /**
   * Notes that a copy of `key` went to the dead-letter queue, and why, so `GET /messages/{id}` can
   * say so. Written only where the key is free (absent, expired, an abandoned lock, or such a note
   * already): a completed record or a live lock is left as it is. The note does not hold the key: a
   * redriven copy takes it as if it were absent. One write unit; resolves whether it was written.
   */
  async markDeadLettered(key: string, hash: string, reason: { readonly code: string; readonly message: string }): Promise<boolean> {
    const now = this.clock();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            id: { S: key },
            status: { S: 'DEAD_LETTERED' },
            hash: { S: hash },
            deadLetteredAt: { N: String(now) },
            reasonCode: { S: reason.code },
            reasonMessage: { S: reason.message.slice(0, MAX_REASON_CHARS) },
            expiresAt: { N: String(Math.floor(now / 1000) + this.ttlSeconds) },
          },
          ...keyIsFree(now),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new IdempotencyPersistenceError('note dead-lettered', { cause: error });
    }
  }

  /** Reads the record for `key` (strongly consistent). */
  async get(key: string): Promise<IdempotencyRecord | undefined> {
    try {
      const output = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { id: { S: key } }, ConsistentRead: true }),
      );
      return unmarshalRecord(output.Item);
    } catch (error) {
      throw new IdempotencyPersistenceError('read', { cause: error });
    }
  }
}
