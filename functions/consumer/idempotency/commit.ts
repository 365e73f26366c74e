import {
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { IdempotencyContentionError, IdempotencyPersistenceError } from './errors.js';
import { type IdempotencyRecord, isExpired, keyIsFree, unmarshalRecord } from '../../shared/idempotency-record.js';

/** What {@link commitWithRecord} needs. */
export interface CommitDeps {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly ttlSeconds: number;
  readonly clock: () => number;
  readonly maxAttempts: number;
  /** Strongly consistent read of a record. */
  readonly get: (key: string) => Promise<IdempotencyRecord | undefined>;
}

/** What a commit found or did. */
export type CommitResult =
  | { readonly status: 'committed' }
  | { readonly status: 'completed' }
  | { readonly status: 'in-progress'; readonly lockExpiresAt: number }
  | { readonly status: 'mismatch' }
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
 * A cheap eventually consistent read first turns most duplicates into zero writes. Write units: a
 * new message costs 2 for the record (transactional writes cost double) plus the effect's own; a
 * duplicate caught by the read costs none.
 */
export async function commitWithRecord(deps: CommitDeps, key: string, hash: string, writes: readonly TransactWriteItem[]): Promise<CommitResult> {
  if (writes.length > MAX_EFFECT_WRITES) throw new RangeError(`an effect may write at most ${MAX_EFFECT_WRITES} items (got ${writes.length})`);
  const seen = await peek(deps, key);
  if (seen !== undefined && !isExpired(seen, deps.clock())) return settled(seen, hash, deps.clock());

  for (let attempt = 1; attempt <= deps.maxAttempts; attempt++) {
    const now = deps.clock();
    try {
      await deps.client.send(new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.tableName,
              Item: {
                id: { S: key },
                status: { S: 'COMPLETED' },
                hash: { S: hash },
                completedAt: { N: String(now) },
                expiresAt: { N: String(Math.floor(now / 1000) + deps.ttlSeconds) },
              },
              ...keyIsFree(now),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          ...writes,
        ],
      }));
      return { status: 'committed' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw new IdempotencyPersistenceError('commit', { cause: error });
      const [recordReason, ...effectReasons] = error.CancellationReasons ?? [];
      const rejected = effectReasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (recordReason?.Code === 'ConditionalCheckFailed') {
        const existing = unmarshalRecord(recordReason.Item) ?? (await deps.get(key));
        // Freed or expired since the transaction was evaluated: try again.
        if (existing === undefined || isExpired(existing, deps.clock())) continue;
        return settled(existing, hash, deps.clock());
      }
      if (rejected >= 0) return { status: 'rejected', writeIndex: rejected };
      // TransactionConflict (another transaction on the same items) or throttling: try again.
      if (attempt === deps.maxAttempts) throw new IdempotencyPersistenceError('commit', { cause: error });
    }
  }
  throw new IdempotencyContentionError(key, deps.maxAttempts);
}

function settled(record: IdempotencyRecord, hash: string, now: number): CommitResult {
  if (record.hash !== hash) return { status: 'mismatch' };
  if (record.status === 'COMPLETED') return { status: 'completed' };
  return { status: 'in-progress', lockExpiresAt: record.lockExpiresAt ?? now };
}

/** Eventually consistent read (half a read unit): a hint only; the transaction's condition decides. */
async function peek(deps: CommitDeps, key: string): Promise<IdempotencyRecord | undefined> {
  try {
    const output = await deps.client.send(new GetItemCommand({ TableName: deps.tableName, Key: { id: { S: key } } }));
    return unmarshalRecord(output.Item);
  } catch {
    return undefined;
  }
}
