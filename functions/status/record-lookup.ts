import { type AttributeValue, BatchGetItemCommand, type BatchGetItemCommandOutput, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import type { RecordPlaces } from '../../contract/index.js';
import { classifyRecord, INSERTED_ITEM_ATTRIBUTES, type RecordState, recordKey, unmarshalRecord } from '../shared/idempotency/index.js';

/** Where a message's record was found, and what it says. */
export interface FoundRecord {
  /** The fan-out queue whose record this is; undefined for the unprefixed `<scope>/<id>`. */
  readonly queue: string | undefined;
  readonly state: RecordState;
}

/** DynamoDB's most keys in one BatchGetItem. */
const MAX_KEYS_PER_BATCH = 100;
/** BatchGetItem calls spent on keys DynamoDB left unprocessed (throttling) before giving up. */
const MAX_UNPROCESSED_ROUNDS = 3;

type Item = Record<string, AttributeValue>;

/**
 * Every record of a message, in one strongly consistent `BatchGetItem` (one read unit per key, as
 * many GetItems would cost; more requests only past 100 keys): `key` and `<queue>#key` for each
 * fan-out queue, in the idempotency table and, as an insert-kind item (one Conveyor inserted, so
 * carrying its time), in each effect table. Records that are free (absent, expired, abandoned) are
 * left out. Throws when DynamoDB fails, or keeps keys unprocessed after retries.
 */
export async function findRecords(dynamodb: DynamoDBClient, idempotencyTableName: string, places: RecordPlaces, key: string, now: number): Promise<FoundRecord[]> {
  const fanOut = [...new Set(places.fanOutQueues.flat())];
  const keys = new Map<string, string | undefined>([[key, undefined], ...fanOut.map((queue): [string, string] => [`${queue}#${key}`, queue])]);
  const requests: Array<[string, KeysAndAttributes]> = [
    [idempotencyTableName, { Keys: [...keys.keys()].map(recordKey), ConsistentRead: true }],
    ...places.tables.map((table): [string, KeysAndAttributes] => [table.tableName, {
      Keys: [...keys.keys()].map((at) => ({ [table.partitionKey]: { S: at } })),
      ConsistentRead: true,
      ProjectionExpression: '#key, #at',
      ExpressionAttributeNames: { '#key': table.partitionKey, '#at': INSERTED_ITEM_ATTRIBUTES.appliedAt },
    }]),
  ];
  const found: FoundRecord[] = [];
  for (const batch of batches(requests)) {
    const responses = await batchGet(dynamodb, batch);
    for (const item of responses[idempotencyTableName] ?? []) {
      const record = unmarshalRecord(item);
      if (record !== undefined && keys.has(record.key)) found.push({ queue: keys.get(record.key), state: classifyRecord(record, now) });
    }
    for (const table of places.tables) {
      for (const item of responses[table.tableName] ?? []) {
        const at = item[table.partitionKey]?.S;
        const appliedAt = item[INSERTED_ITEM_ATTRIBUTES.appliedAt]?.N;
        if (at !== undefined && keys.has(at) && appliedAt !== undefined) found.push({ queue: keys.get(at), state: { kind: 'completed', completedAt: Number(appliedAt) } });
      }
    }
  }
  return found.filter((record) => record.state.kind !== 'free');
}

/** The tables' requests in groups of at most 100 keys (a table's keys are never split: each has at most 1 + its fan-out queues). */
function batches(requests: ReadonlyArray<[string, KeysAndAttributes]>): Array<Record<string, KeysAndAttributes>> {
  const groups: Array<Record<string, KeysAndAttributes>> = [];
  let current: Record<string, KeysAndAttributes> = {};
  let count = 0;
  for (const [table, request] of requests) {
    const size = request.Keys?.length ?? 0;
    if (count > 0 && count + size > MAX_KEYS_PER_BATCH) {
      groups.push(current);
      current = {};
      count = 0;
    }
    current[table] = request;
    count += size;
  }
  if (count > 0) groups.push(current);
  return groups;
}

/** One BatchGetItem, asking again for what DynamoDB left unprocessed. */
async function batchGet(dynamodb: DynamoDBClient, requestItems: Record<string, KeysAndAttributes>): Promise<Record<string, Item[]>> {
  const responses: Record<string, Item[]> = {};
  let pending: Record<string, KeysAndAttributes> | undefined = requestItems;
  for (let round = 0; pending !== undefined && Object.keys(pending).length > 0; round++) {
    if (round > MAX_UNPROCESSED_ROUNDS) throw new Error(`DynamoDB left keys of ${Object.keys(pending).join(', ')} unprocessed after ${MAX_UNPROCESSED_ROUNDS} retries`);
    const output: BatchGetItemCommandOutput = await dynamodb.send(new BatchGetItemCommand({ RequestItems: pending }));
    for (const [table, items] of Object.entries(output.Responses ?? {})) (responses[table] ??= []).push(...items);
    pending = output.UnprocessedKeys;
  }
  return responses;
}
