import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import DataLoader from 'dataloader';
import { INSERTED_ITEM_ATTRIBUTES, type InsertedItem, type InsertTable, toInserted } from './inserted-items.js';
import { recordKey } from './items.js';
import { type IdempotencyRecord, unmarshalRecord } from './record.js';

/** DynamoDB's most keys in one `BatchGetItem`. */
export const MAX_PEEKS_PER_REQUEST = 100;

type Item = Record<string, AttributeValue>;

/** One key to peek at: the idempotency record, or an insert-kind item (its key, hash and time only). */
interface PeekKey {
  readonly tableName: string;
  readonly keyAttribute: string;
  readonly key: string;
  /** Read only the inserted item's key, hash and time (an insert table), not the whole item. */
  readonly projected: boolean;
}

/**
 * The consumer's cheap first reads, batched: every peek asked for while a batch is being set up (all
 * in the same turn of the event loop, as the records of a standard queue's batch are) goes out in ONE
 * eventually consistent `BatchGetItem` of up to 100 keys across tables, instead of one `GetItem`
 * each. The read units are the same (½ per item of up to 4 KB); the requests and round trips are
 * not: a batch of 10 new messages costs 1 read request, not 10. DataLoader does the gathering
 * (`cache: false`: a peek always reads). A peek is a hint: a key DynamoDB leaves unprocessed, or a
 * failed request, reads as absent, and the conditional write that follows decides.
 */
export class Peeks {
  private readonly loader: DataLoader<PeekKey, Item | undefined, string>;

  constructor(private readonly client: DynamoDBClient, private readonly recordsTable: string) {
    this.loader = new DataLoader((keys) => this.readAll(keys), { cache: false, maxBatchSize: MAX_PEEKS_PER_REQUEST });
  }

  /** The idempotency record of `key`, as an eventually consistent read sees it; undefined when absent or unreadable. */
  async record(key: string): Promise<IdempotencyRecord | undefined> {
    const [attribute] = Object.keys(recordKey(key));
    return unmarshalRecord(await this.peek({ tableName: this.recordsTable, keyAttribute: attribute!, key, projected: false }));
  }

  /** The item keyed `key` in an insert-kind type's table; undefined when absent or unreadable. */
  async inserted(table: InsertTable, key: string): Promise<InsertedItem | undefined> {
    return toInserted(await this.peek({ tableName: table.tableName, keyAttribute: table.keyAttribute, key, projected: true }));
  }

  private async peek(key: PeekKey): Promise<Item | undefined> {
    try {
      return await this.loader.load(key);
    } catch {
      return undefined;
    }
  }

  /** One `BatchGetItem` for every key gathered (at most {@link MAX_PEEKS_PER_REQUEST}); unprocessed keys read as absent. */
  private async readAll(keys: readonly PeekKey[]): Promise<Array<Item | undefined>> {
    const tables = new Map<string, { keyAttribute: string; projected: boolean; keys: Set<string> }>();
    for (const { tableName, keyAttribute, key, projected } of keys) {
      const table = tables.get(tableName) ?? { keyAttribute, projected, keys: new Set<string>() };
      // A table peeked both ways in one batch is read whole.
      tables.set(tableName, { ...table, projected: table.projected && projected, keys: table.keys.add(key) });
    }
    const requestItems: Record<string, KeysAndAttributes> = {};
    for (const [tableName, table] of tables) {
      requestItems[tableName] = {
        // DynamoDB refuses a request that names one key twice.
        Keys: [...table.keys].map((key) => ({ [table.keyAttribute]: { S: key } })),
        ...(table.projected
          ? { ProjectionExpression: '#key, #hash, #at', ExpressionAttributeNames: { '#key': table.keyAttribute, '#hash': INSERTED_ITEM_ATTRIBUTES.hash, '#at': INSERTED_ITEM_ATTRIBUTES.appliedAt } }
          : {}),
      };
    }
    const { Responses = {} } = await this.client.send(new BatchGetItemCommand({ RequestItems: requestItems }));
    const found = new Map<string, Item>();
    for (const [tableName, items] of Object.entries(Responses)) {
      const keyAttribute = tables.get(tableName)?.keyAttribute ?? '';
      for (const item of items) found.set(`${tableName}\u0000${item[keyAttribute]?.S ?? ''}`, item);
    }
    return keys.map(({ tableName, key }) => found.get(`${tableName}\u0000${key}`));
  }
}
