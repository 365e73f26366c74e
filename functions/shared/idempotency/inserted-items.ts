import { type AttributeValue, ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { recordsUnavailable } from './errors.js';
import type { ReadConsistency } from './records.js';

/**
 * The attributes the consumer adds to an item it inserts for an insert-kind message type, beside the
 * handler's own: the hash of the message's type and payload (so a key reused with other content is
 * told from a duplicate) and when it was applied (epoch ms).
 */
export const INSERTED_ITEM_ATTRIBUTES = { hash: 'conveyorHash', appliedAt: 'conveyorAppliedAt' } as const;

/** Where an insert-kind type's items live: a table, and the attribute its partition key is in. */
export interface InsertTable {
  readonly tableName: string;
  /** The partition key attribute (a string): the message's idempotency key goes there. */
  readonly keyAttribute: string;
}

/** What an item in the way of an insert says about its key. */
export interface InsertedItem {
  /** The hash stored with it; undefined for an item Conveyor did not insert. */
  readonly hash: string | undefined;
  /** When Conveyor inserted it, epoch ms; undefined for an item Conveyor did not insert. */
  readonly appliedAt: number | undefined;
}

/** What a conditional insert did. */
export type InsertResult =
  | { readonly written: true }
  /** The key was taken; `existing` is the item DynamoDB returned with the refusal, when it did. */
  | { readonly written: false; readonly existing: InsertedItem | undefined };

/**
 * Items that are their own idempotency records: an insert-kind message creates exactly one item
 * whose partition key is its idempotency key, with one `PutItem` conditional on that key being
 * absent. Two requests only, each exactly one call (the SDK's retries aside); a failed condition
 * is a result, any other DynamoDB failure a `RECORDS_UNAVAILABLE` error with the SDK's as its cause.
 */
export class InsertedItems {
  constructor(private readonly client: DynamoDBClient) {}

  /** One `GetItem` of the item keyed `key`, its hash and time only: eventually consistent (½ read unit) or consistent (1). */
  async read(table: InsertTable, key: string, consistency: ReadConsistency = 'consistent'): Promise<InsertedItem | undefined> {
    try {
      const output = await this.client.send(new GetItemCommand({
        TableName: table.tableName,
        Key: { [table.keyAttribute]: { S: key } },
        ProjectionExpression: '#key, #hash, #at',
        ExpressionAttributeNames: { '#key': table.keyAttribute, '#hash': INSERTED_ITEM_ATTRIBUTES.hash, '#at': INSERTED_ITEM_ATTRIBUTES.appliedAt },
        ...(consistency === 'consistent' ? { ConsistentRead: true } : {}),
      }));
      return toInserted(output.Item);
    } catch (error) {
      throw recordsUnavailable('read', error);
    }
  }

  /**
   * `PutItem` of `item` keyed `key` with its hash and time, where no item has that key (one write
   * unit per KB; the refusal returns the item in the way on AWS, emulators may not).
   */
  async putIfAbsent(table: InsertTable, key: string, item: Readonly<Record<string, AttributeValue>>, stamp: { readonly hash: string; readonly now: number }): Promise<InsertResult> {
    try {
      await this.client.send(new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...item,
          [table.keyAttribute]: { S: key },
          [INSERTED_ITEM_ATTRIBUTES.hash]: { S: stamp.hash },
          [INSERTED_ITEM_ATTRIBUTES.appliedAt]: { N: String(stamp.now) },
        },
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': table.keyAttribute },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { written: false, existing: toInserted(error.Item) };
      throw recordsUnavailable('put', error);
    }
  }
}

/** What an item read back says about its key: its hash and time, as Conveyor stamped them. */
export function toInserted(item: Record<string, AttributeValue> | undefined): InsertedItem | undefined {
  if (item === undefined) return undefined;
  const at = item[INSERTED_ITEM_ATTRIBUTES.appliedAt]?.N;
  return { hash: item[INSERTED_ITEM_ATTRIBUTES.hash]?.S, appliedAt: at === undefined ? undefined : Number(at) };
}
