/** Reads and validates `TransactWriteItems` and `TransactGetItems` requests as DynamoDB does. */
import { createHash } from 'node:crypto';
import { isMap, isObject, itemLockKey, keyOfItem, type KeySchemaCache } from './dynamodb-keys.js';
import type { AttributeMap, DynamoDbCall } from './dynamodb-upstream.js';
import { AwsProxyRequestError } from '../errors.js';

/** The four actions of a `TransactWriteItems` entry. */
export type TransactWriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

/** One validated `TransactItems` entry of `TransactWriteItems`. */
export interface TransactWriteEntry {
  readonly kind: TransactWriteKind;
  readonly tableName: string;
  /** The item's key (for `Put`, taken from the item with the table's key schema). */
  readonly key: AttributeMap;
  /** {@link itemLockKey} of the item. */
  readonly lockKey: string;
  /** `Put` only. */
  readonly item?: AttributeMap;
  /** `Update` only. */
  readonly updateExpression?: string;
  readonly conditionExpression?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: AttributeMap;
  /** `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
  readonly returnOldOnFailure: boolean;
}

/** What the proxy needs of a `TransactWriteItems` request. */
export interface TransactWriteRequest {
  readonly entries: readonly TransactWriteEntry[];
  readonly clientRequestToken?: string;
  readonly returnConsumedCapacity: 'NONE' | 'TOTAL' | 'INDEXES';
  /** SHA-256 of the entries as sent, to tell a retry from another request with the same token. */
  readonly fingerprint: string;
}

/** One validated `Get` entry of `TransactGetItems`. */
export interface TransactGetEntry {
  readonly tableName: string;
  readonly key: AttributeMap;
  readonly lockKey: string;
  readonly projectionExpression?: string;
  readonly names?: Readonly<Record<string, string>>;
}

/** What the proxy needs of a `TransactGetItems` request. */
export interface TransactGetRequest {
  readonly entries: readonly TransactGetEntry[];
  readonly returnConsumedCapacity: 'NONE' | 'TOTAL' | 'INDEXES';
}

/** Most entries in one transaction. */
export const MAX_TRANSACT_ITEMS = 100;

const WRITE_KINDS: readonly TransactWriteKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];
const CAPACITY = ['NONE', 'TOTAL', 'INDEXES'] as const;

/**
 * Validates a `TransactWriteItems` input; reads the key schema of tables with `Put` entries.
 * @throws AwsProxyRequestError (`ValidationException`, or the upstream's error for an unknown table).
 */
export async function parseTransactWrite(input: Record<string, unknown>, schemas: KeySchemaCache, call: DynamoDbCall): Promise<TransactWriteRequest> {
  const items = transactItems(input.TransactItems);
  const returnConsumedCapacity = capacityOf(input.ReturnConsumedCapacity);
  const token = input.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
    invalid(`Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`);
  }
  const entries: TransactWriteEntry[] = [];
  for (const [index, raw] of items.entries()) {
    const present = WRITE_KINDS.filter((kind) => isObject(raw) && raw[kind] !== undefined && raw[kind] !== null);
    if (present.length !== 1) throw new AwsProxyRequestError('ValidationException', 'TransactItems can only contain one of Check, Put, Update or Delete');
    const kind = present[0] as TransactWriteKind;
    const body = (raw as Record<string, unknown>)[kind];
    const at = `transactItems.${index + 1}.member.${kind === 'ConditionCheck' ? 'conditionCheck' : kind.toLowerCase()}`;
    if (!isObject(body)) invalid(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
    const tableName = required(body.TableName, `${at}.tableName`, 'string') as string;
    const item = kind === 'Put' ? (required(body.Item, `${at}.item`, 'map') as AttributeMap) : undefined;
    const updateExpression = kind === 'Update' ? (required(body.UpdateExpression, `${at}.updateExpression`, 'string') as string) : undefined;
    const conditionExpression = kind === 'ConditionCheck' ? (required(body.ConditionExpression, `${at}.conditionExpression`, 'string') as string) : optional(body.ConditionExpression, 'string');
    const returnValues = body.ReturnValuesOnConditionCheckFailure ?? 'NONE';
    if (returnValues !== 'NONE' && returnValues !== 'ALL_OLD') {
      invalid(`Value '${String(returnValues)}' at '${at}.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`);
    }
    const key = item ? await keyOfPut(tableName, item, schemas, call) : (required(body.Key, `${at}.key`, 'map') as AttributeMap);
    entries.push({
      kind,
      tableName,
      key,
      lockKey: itemLockKey(tableName, key),
      ...(item ? { item } : {}),
      ...(updateExpression !== undefined ? { updateExpression } : {}),
      ...(conditionExpression !== undefined ? { conditionExpression } : {}),
      ...expressionAttributes(body),
      returnOldOnFailure: returnValues === 'ALL_OLD',
    });
  }
  rejectSameItemTwice(entries);
  const fingerprint = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  return { entries, returnConsumedCapacity, fingerprint, ...(typeof token === 'string' ? { clientRequestToken: token } : {}) };
}

/**
 * Validates a `TransactGetItems` input.
 * @throws AwsProxyRequestError (`ValidationException`).
 */
export function parseTransactGet(input: Record<string, unknown>): TransactGetRequest {
  const items = transactItems(input.TransactItems);
  const returnConsumedCapacity = capacityOf(input.ReturnConsumedCapacity);
  const entries = items.map((raw, index): TransactGetEntry => {
    const at = `transactItems.${index + 1}.member.get`;
    const body = isObject(raw) ? raw.Get : undefined;
    if (!isObject(body)) invalid(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
    const tableName = required(body.TableName, `${at}.tableName`, 'string') as string;
    const key = required(body.Key, `${at}.key`, 'map') as AttributeMap;
    const projectionExpression = optional(body.ProjectionExpression, 'string');
    return {
      tableName,
      key,
      lockKey: itemLockKey(tableName, key),
      ...(projectionExpression !== undefined ? { projectionExpression } : {}),
      ...(isObject(body.ExpressionAttributeNames) ? { names: body.ExpressionAttributeNames as Record<string, string> } : {}),
    };
  });
  rejectSameItemTwice(entries);
  return { entries, returnConsumedCapacity };
}

function transactItems(value: unknown): unknown[] {
  if (value === undefined || value === null) invalid("Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
  if (!Array.isArray(value)) throw new AwsProxyRequestError('SerializationException', 'Start of list found where not expected');
  if (value.length < 1) invalid("Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (value.length > MAX_TRANSACT_ITEMS) {
    invalid(`Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACT_ITEMS}`);
  }
  return value;
}

function capacityOf(value: unknown): TransactWriteRequest['returnConsumedCapacity'] {
  if (value === undefined || value === null) return 'NONE';
  if (!CAPACITY.includes(value as never)) {
    invalid(`Value '${String(value)}' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]`);
  }
  return value as TransactWriteRequest['returnConsumedCapacity'];
}

async function keyOfPut(tableName: string, item: AttributeMap, schemas: KeySchemaCache, call: DynamoDbCall): Promise<AttributeMap> {
  const schema = await schemas.get(tableName, call);
  if (!schema) throw new AwsProxyRequestError('ResourceNotFoundException', 'Requested resource not found');
  const key = keyOfItem(item, schema);
  if (!key) {
    const missing = schema.find((name) => item[name] === undefined);
    invalid(`One or more parameter values were invalid: Missing the key ${String(missing)} in the item`, false);
  }
  return key;
}

function rejectSameItemTwice(entries: readonly { readonly lockKey: string }[]): void {
  if (new Set(entries.map((e) => e.lockKey)).size !== entries.length) {
    throw new AwsProxyRequestError('ValidationException', 'Transaction request cannot include multiple operations on one item');
  }
}

function expressionAttributes(body: Record<string, unknown>): Pick<TransactWriteEntry, 'names' | 'values'> {
  return {
    ...(isObject(body.ExpressionAttributeNames) ? { names: body.ExpressionAttributeNames as Record<string, string> } : {}),
    ...(isMap(body.ExpressionAttributeValues) ? { values: body.ExpressionAttributeValues } : {}),
  };
}

function required(value: unknown, at: string, type: 'string' | 'map'): unknown {
  if (value === undefined || value === null) invalid(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
  if (type === 'string' ? typeof value !== 'string' : !isMap(value)) throw new AwsProxyRequestError('SerializationException', `Unexpected value type at '${at}'`);
  return value;
}

function optional(value: unknown, type: 'string'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new AwsProxyRequestError('SerializationException', 'Unexpected value type in the request');
  return value as string;
}

function invalid(message: string, counted = true): never {
  throw new AwsProxyRequestError('ValidationException', counted ? `1 validation error detected: ${message}` : message);
}
