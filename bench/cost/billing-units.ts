/**
 * AWS billing units from raw counts: DynamoDB request units by operation, SQS requests in 64 KB
 * chunks, Lambda GB-seconds. Pure functions; the rules are AWS's (sources in `prices.json`).
 */
import { BenchError } from '../errors.js';

/** DynamoDB operations the cost model knows. */
export const DYNAMODB_OPERATIONS = [
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'GetItem',
  'BatchGetItem',
  'TransactGetItems',
] as const;

/** One of `DYNAMODB_OPERATIONS`. */
export type DynamoDbOperation = (typeof DYNAMODB_OPERATIONS)[number];

/**
 * Counts by operation, in **items**:
 * - `PutItem`, `UpdateItem`, `DeleteItem`, `GetItem`: one item per request, so the number of
 *   requests. Writes whose condition failed count too: DynamoDB bills them like a success.
 * - `BatchWriteItem`, `BatchGetItem`: the put/delete or get requests inside the batches (2 calls of
 *   10 items = 20), unprocessed items that are retried counted again.
 * - `TransactWriteItems`, `TransactGetItems`: the actions inside the transactions, `ConditionCheck`
 *   included (1 000 transactions of 2 items = 2 000). Count cancelled transactions too: DynamoDB
 *   performs and bills the prepare phase of every item (developer guide, "Capacity management for
 *   transactions").
 */
export type DynamoDbRequestCounts = Partial<Record<DynamoDbOperation, number>>;

/** How the counts of `DynamoDbRequestCounts` turn into request units. */
export interface DynamoDbUnitRules {
  /**
   * Share (0..1) of `GetItem` and `BatchGetItem` reads that are strongly consistent
   * (`ConsistentRead: true`); the rest are eventually consistent. No default: required as soon
   * as there is a `GetItem` or `BatchGetItem` count above 0.
   */
  readonly stronglyConsistentShare?: number;
  /**
   * Size of every item, bytes (for `UpdateItem`, the larger of the item before and after).
   * A standard write takes 1 WRU per started KB, a strongly consistent read 1 RRU per started 4 KB,
   * an eventually consistent one half that, a transactional write or read twice.
   * @default 1024 (items ≤ 1 KB: 1 WRU per write, 1 RRU per strongly consistent read)
   */
  readonly itemBytes?: number;
}

/** Request units consumed. */
export interface DynamoDbUnits {
  /** Write request units (WRU). */
  readonly writeUnits: number;
  /** Read request units (RRU). */
  readonly readUnits: number;
}

/** Throws `BenchError` `INVALID_COST_INPUT` unless `value` is a finite number ≥ 0; returns it. */
export function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new BenchError('INVALID_COST_INPUT', `${name} must be a finite number >= 0, got ${String(value)}`);
  return value;
}

/** Throws `BenchError` `INVALID_COST_INPUT` unless `value` is a number in 0..1; returns it. */
export function share(name: string, value: unknown): number {
  if (nonNegative(name, value) > 1) throw new BenchError('INVALID_COST_INPUT', `${name} must be between 0 and 1, got ${String(value)}`);
  return value as number;
}

/**
 * Read and write request units for DynamoDB request counts (on-demand mode; provisioned
 * capacity consumes the same units per request).
 *
 * Example, items ≤ 1 KB: `{ PutItem: 1, UpdateItem: 2 }` → 3 WRU; `{ TransactWriteItems: 2 }` → 4 WRU;
 * `{ GetItem: 2 }` with `stronglyConsistentShare: 0.5` → 1 × 1 + 1 × 0.5 = 1.5 RRU.
 */
export function dynamodbUnits(requests: DynamoDbRequestCounts, rules: DynamoDbUnitRules = {}): DynamoDbUnits {
  for (const key of Object.keys(requests)) {
    if (!(DYNAMODB_OPERATIONS as readonly string[]).includes(key)) throw new BenchError('INVALID_COST_INPUT', `unknown DynamoDB operation ${key} (known: ${DYNAMODB_OPERATIONS.join(', ')})`);
  }
  const count = (op: DynamoDbOperation): number => nonNegative(`requests.${op}`, requests[op] ?? 0);
  const itemBytes = nonNegative('rules.itemBytes', rules.itemBytes ?? 1024);
  const wruPerWrite = Math.max(1, Math.ceil(itemBytes / 1024));
  const rruPerStrongRead = Math.max(1, Math.ceil(itemBytes / 4096));

  const standardWrites = count('PutItem') + count('UpdateItem') + count('DeleteItem') + count('BatchWriteItem');
  const writeUnits = standardWrites * wruPerWrite + count('TransactWriteItems') * 2 * wruPerWrite;

  const plainReads = count('GetItem') + count('BatchGetItem');
  let plainReadUnits = 0;
  if (plainReads > 0) {
    if (rules.stronglyConsistentShare === undefined) throw new BenchError('INVALID_COST_INPUT', 'rules.stronglyConsistentShare is required when there are GetItem or BatchGetItem reads');
    const strong = share('rules.stronglyConsistentShare', rules.stronglyConsistentShare);
    plainReadUnits = plainReads * (strong * rruPerStrongRead + (1 - strong) * (rruPerStrongRead / 2));
  }
  const readUnits = plainReadUnits + count('TransactGetItems') * 2 * rruPerStrongRead;
  return { writeUnits, readUnits };
}

/** Bytes in one SQS billing chunk: 64 KB. */
export const SQS_CHUNK_BYTES = 64 * 1024;

/**
 * Billed SQS requests for one API call carrying `bytesPerRequest` of payload (all messages of a
 * batch together): every started 64 KB chunk is one request, and a call is at least one
 * (1 B–64 KB = 1, 64 KB + 1 B–128 KB = 2, …; an empty receive = 1).
 */
export function sqsRequestUnits(bytesPerRequest: number): number {
  nonNegative('bytesPerRequest', bytesPerRequest);
  return Math.max(1, Math.ceil(bytesPerRequest / SQS_CHUNK_BYTES));
}

/** Lambda memory limits, MB. */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;

/**
 * GB-seconds billed for one invocation: the duration rounded up to the next 1 ms (at least 1 ms)
 * times the configured memory (MB / 1024 = GB). Sum per invocation for many: rounding an average
 * under-counts. E.g. 100 ms at 512 MB = 0.1 s × 0.5 GB = 0.05 GB-s.
 */
export function lambdaGbSeconds(durationMs: number, memoryMb: number): number {
  nonNegative('durationMs', durationMs);
  if (!Number.isInteger(memoryMb) || memoryMb < LAMBDA_MEMORY_MB.min || memoryMb > LAMBDA_MEMORY_MB.max) {
    throw new BenchError('INVALID_COST_INPUT', `memoryMb must be an integer from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max}, got ${String(memoryMb)}`);
  }
  const billedMs = Math.max(1, Math.ceil(durationMs));
  return (billedMs / 1000) * (memoryMb / 1024);
}
