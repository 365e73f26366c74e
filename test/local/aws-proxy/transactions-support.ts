import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type CancellationReason,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

/** `{ id: { S: id } }`. */
export const key = (id: string): Record<string, AttributeValue> => ({ id: { S: id } });

/** A `Put` entry; `onlyIfNew` adds `attribute_not_exists(id)`. */
export const putEntry = (tableName: string, item: Record<string, AttributeValue>, options: { onlyIfNew?: boolean; allOld?: boolean } = {}): TransactWriteItem => ({
  Put: {
    TableName: tableName,
    Item: item,
    ...(options.onlyIfNew ? { ConditionExpression: 'attribute_not_exists(id)' } : {}),
    ...(options.allOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
  },
});

/** An `Update` entry: `ADD #attr :by` on item `id`. */
export const addEntry = (tableName: string, id: string, by = 1, attribute = 'n'): TransactWriteItem => ({
  Update: {
    TableName: tableName,
    Key: key(id),
    UpdateExpression: 'ADD #a :by',
    ExpressionAttributeNames: { '#a': attribute },
    ExpressionAttributeValues: { ':by': { N: String(by) } },
  },
});

/** A `ConditionCheck` entry on item `id`. */
export const checkEntry = (tableName: string, id: string, condition: string, values?: Record<string, AttributeValue>, allOld = false): TransactWriteItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: key(id),
    ConditionExpression: condition,
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(allOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
  },
});

/** A `Delete` entry on item `id`. */
export const deleteEntry = (tableName: string, id: string): TransactWriteItem => ({ Delete: { TableName: tableName, Key: key(id) } });

/** Sends a transaction; resolves to `'committed'` or the error it failed with. */
export const transact = (dynamodb: DynamoDBClient, items: TransactWriteItem[], token?: string): Promise<'committed' | Error> =>
  dynamodb.send(new TransactWriteItemsCommand({ TransactItems: items, ...(token ? { ClientRequestToken: token } : {}) })).then(
    () => 'committed' as const,
    (error: Error) => error,
  );

/** The cancellation reasons of a {@link transact} outcome; undefined unless it is a TransactionCanceledException. */
export const reasonsOf = (outcome: 'committed' | Error): CancellationReason[] | undefined =>
  outcome instanceof TransactionCanceledException ? outcome.CancellationReasons : undefined;

/** Puts plain items (`{ id, ...attributes }`, numbers as N). */
export async function seed(dynamodb: DynamoDBClient, tableName: string, items: Record<string, string | number>[]): Promise<void> {
  for (const item of items) {
    const attributes = Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'number' ? { N: String(value) } : { S: value }]));
    await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: attributes }));
  }
}

/** Every item of a table, sorted by id. */
export async function contents(dynamodb: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return Items.sort((a, b) => String(a.id?.S).localeCompare(String(b.id?.S)));
}

/** Numeric attribute `attribute` of item `id` (0 when absent). */
export async function numberOf(dynamodb: DynamoDBClient, tableName: string, id: string, attribute = 'n'): Promise<number> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: key(id), ConsistentRead: true }));
  return Number(Item?.[attribute]?.N ?? 0);
}
