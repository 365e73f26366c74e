import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RecordPlaces } from '../../contract/index.js';
import { classifyRecord, IdempotencyRecords, InsertedItems, type RecordState } from '../shared/idempotency/index.js';

/** Where a message's record was found, and what it says. */
export interface FoundRecord {
  /** The fan-out queue whose record this is; undefined for the unprefixed `<scope>/<id>`. */
  readonly queue: string | undefined;
  readonly state: RecordState;
}

/**
 * Every record of a message, read in parallel (strongly consistent `GetItem`s, one read unit each):
 * `key` and `<queue>#key` for each fan-out queue, in the idempotency table and, as an insert-kind
 * item (one Conveyor inserted, so carrying its time), in each effect table. Records that are free
 * (absent, expired, abandoned) are left out.
 */
export async function findRecords(dynamodb: DynamoDBClient, idempotencyTableName: string, places: RecordPlaces, key: string, now: number): Promise<FoundRecord[]> {
  const records = new IdempotencyRecords({ client: dynamodb, tableName: idempotencyTableName });
  const items = new InsertedItems(dynamodb);
  const fanOut = [...new Set(places.fanOutQueues.flat())];
  const keys: Array<{ queue: string | undefined; key: string }> = [{ queue: undefined, key }, ...fanOut.map((queue) => ({ queue, key: `${queue}#${key}` }))];
  const reads = keys.flatMap(({ queue, key: at }) => [
    records.read(at).then((record): FoundRecord => ({ queue, state: classifyRecord(record, now) })),
    ...places.tables.map((table) => items.read({ tableName: table.tableName, keyAttribute: table.partitionKey }, at).then((item): FoundRecord => ({
      queue,
      state: item?.appliedAt === undefined ? { kind: 'free' } : { kind: 'completed', completedAt: item.appliedAt },
    }))),
  ]);
  return (await Promise.all(reads)).filter((found) => found.state.kind !== 'free');
}
