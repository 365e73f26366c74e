import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { keyIsFree, ownedBy } from './conditions.js';
import type { ConveyorError } from '../errors.js';
import { recordsUnavailable } from './errors.js';
import { type RecordItem, type RecordUpdate, recordKey } from './items.js';
import { type IdempotencyRecord, unmarshalRecord } from './record.js';

/** Options of {@link IdempotencyRecords}. */
export interface IdempotencyRecordsOptions {
  /** DynamoDB client (injected so tests and the local runtime can point it anywhere). */
  readonly client: DynamoDBClient;
  /** Table with partition key `id` (string) and TTL attribute `expiresAt`. */
  readonly tableName: string;
}

/** How a record is read. */
export type ReadConsistency = 'consistent' | 'eventual';

/** What a conditional put did. */
export type PutResult =
  | { readonly written: true }
  /** The key was not free; `existing` is the record DynamoDB returned with the failure, when it did. */
  | { readonly written: false; readonly existing: IdempotencyRecord | undefined };

/** What a transaction of a record with an effect's writes did. */
export type TransactResult =
  | { readonly status: 'written' }
  /** The record's condition failed: the key was not free. `existing` as DynamoDB returned it, when it did. */
  | { readonly status: 'key-taken'; readonly existing: IdempotencyRecord | undefined }
  /** The condition of the effect's own write #`writeIndex` failed. */
  | { readonly status: 'effect-rejected'; readonly writeIndex: number }
  /** Cancelled for another reason (a conflicting transaction, throttling): worth retrying. `cause` is DynamoDB's error. */
  | { readonly status: 'cancelled'; readonly cause: unknown };

/**
 * The idempotency table, one record per key, and nothing else: reads, and writes guarded by the
 * two conditions every writer shares ({@link keyIsFree}, {@link ownedBy}). DynamoDB's errors stop
 * here: a failed condition is a result (`written: false`, `false`, `key-taken`…), anything else an
 * a `RECORDS_UNAVAILABLE` {@link ConveyorError} with the SDK's error as its cause. Each call is exactly one
 * request, never retried here (the SDK's own retries aside); the item builders (`items.ts`) decide
 * what is written.
 */
export class IdempotencyRecords {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  constructor(options: IdempotencyRecordsOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  /**
   * One `GetItem` of the record for `key`: strongly consistent (one read unit) by default, or
   * eventually consistent (half a unit, may miss a write of the last second).
   */
  async read(key: string, consistency: ReadConsistency = 'consistent'): Promise<IdempotencyRecord | undefined> {
    const input = { TableName: this.tableName, Key: recordKey(key), ...(consistency === 'consistent' ? { ConsistentRead: true } : {}) };
    try {
      return unmarshalRecord((await this.client.send(new GetItemCommand(input))).Item);
    } catch (error) {
      throw recordsUnavailable('read', error);
    }
  }

  /**
   * `PutItem` of `item` where its key is free at `now` (epoch ms). With `returnExisting`, asks
   * DynamoDB for the record in the way (`ReturnValuesOnConditionCheckFailure`; emulators may ignore it).
   */
  async putIfKeyFree(item: RecordItem, now: number, options: { readonly returnExisting?: boolean } = {}): Promise<PutResult> {
    try {
      await this.client.send(new PutItemCommand({
        TableName: this.tableName,
        Item: item,
        ...keyIsFree(now),
        ...(options.returnExisting ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
      }));
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { written: false, existing: unmarshalRecord(error.Item) };
      throw recordsUnavailable('put', error);
    }
  }

  /** `UpdateItem` of the record for `key` while it is the lock of `owner`; resolves whether it was. */
  async updateIfOwnedBy(key: string, owner: string, update: RecordUpdate): Promise<boolean> {
    const condition = ownedBy(owner);
    try {
      await this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: recordKey(key),
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...condition.ExpressionAttributeNames },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...condition.ExpressionAttributeValues },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw recordsUnavailable('update', error);
    }
  }

  /** `DeleteItem` of the record for `key` while it is the lock of `owner`; resolves whether it was (nothing is touched otherwise). */
  async deleteIfOwnedBy(key: string, owner: string): Promise<boolean> {
    try {
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: recordKey(key), ...ownedBy(owner) }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw recordsUnavailable('delete', error);
    }
  }

  /**
   * One `TransactWriteItems`: the put of `item` where its key is free at `now` (asking for the record
   * in the way), then `writes` (at most 99, DynamoDB's limit less the record). All or nothing.
   */
  async transactIfKeyFree(item: RecordItem, now: number, writes: readonly TransactWriteItem[]): Promise<TransactResult> {
    try {
      await this.client.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: item, ...keyIsFree(now), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ...writes,
        ],
      }));
      return { status: 'written' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw recordsUnavailable('transact', error);
      const [recordReason, ...effectReasons] = error.CancellationReasons ?? [];
      if (recordReason?.Code === 'ConditionalCheckFailed') return { status: 'key-taken', existing: unmarshalRecord(recordReason.Item) };
      const rejected = effectReasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (rejected >= 0) return { status: 'effect-rejected', writeIndex: rejected };
      return { status: 'cancelled', cause: error };
    }
  }
}
