/** Item identities for the proxy's DynamoDB locks: canonical keys, table key schemas, and the items a request touches. */
import type { AttributeMap, AttributeValue, DynamoDbCall } from './dynamodb-upstream.js';

/** A table's key attribute names: partition key first, then the sort key when there is one. */
export type KeySchema = readonly string[];

/**
 * The lock name of one item: table and key, with the key's attributes in name order and numbers and
 * binaries normalized, so that `{ N: '1.0' }` and `{ N: '1' }` name the same item as on DynamoDB.
 */
export function itemLockKey(tableName: string, key: AttributeMap): string {
  const parts = Object.keys(key)
    .sort()
    .map((name) => `${name}=${canonicalValue(key[name] as AttributeValue)}`);
  return `${tableName}\u0000${parts.join('\u0000')}`;
}

function canonicalValue(value: AttributeValue): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (typeof value.N === 'string') return `N:${canonicalNumber(value.N)}`;
  if (typeof value.B === 'string') return `B:${Buffer.from(value.B, 'base64').toString('base64')}`;
  if (typeof value.S === 'string') return `S:${JSON.stringify(value.S)}`;
  return JSON.stringify(value);
}

/** `'-012.50e1'` → `'-125e0'`: sign, significant digits without leading/trailing zeros, exponent. */
export function canonicalNumber(text: string): string {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return text;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = (whole + fraction).replace(/^0+/, '');
  let power = Number(exponent) - fraction.length;
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  power += digits.length - trimmed.length;
  digits = trimmed;
  return `${sign === '-' ? '-' : ''}${digits}e${power}`;
}

/** The key of `item` under `schema`; undefined when a key attribute is missing. */
export function keyOfItem(item: AttributeMap, schema: KeySchema): AttributeMap | undefined {
  const key: AttributeMap = {};
  for (const name of schema) {
    const value = item[name];
    if (value === undefined) return undefined;
    key[name] = value;
  }
  return key;
}

/** Key schemas read once per table with `DescribeTable` from the upstream. */
export class KeySchemaCache {
  readonly #schemas = new Map<string, Promise<KeySchema | undefined>>();

  /** The table's key schema; undefined when the upstream cannot describe the table (it does not exist). */
  get(tableName: string, call: DynamoDbCall): Promise<KeySchema | undefined> {
    let schema = this.#schemas.get(tableName);
    if (!schema) {
      const pending = describe(tableName, call);
      this.#schemas.set(tableName, pending);
      // Failures are not cached: the table may be created a moment later.
      const forget = () => {
        if (this.#schemas.get(tableName) === pending) this.#schemas.delete(tableName);
      };
      pending.then((found) => found ?? forget(), forget);
      schema = pending;
    }
    return schema;
  }

  /** Forgets a table (on `CreateTable`/`DeleteTable`: a new table of that name may have another schema). */
  forget(tableName: string): void {
    this.#schemas.delete(tableName);
  }
}

async function describe(tableName: string, call: DynamoDbCall): Promise<KeySchema | undefined> {
  const result = await call('DescribeTable', { TableName: tableName });
  if (!result.ok) return undefined;
  const elements = (result.output.Table as { KeySchema?: { AttributeName: string; KeyType: string }[] } | undefined)?.KeySchema ?? [];
  const hash = elements.find((e) => e.KeyType === 'HASH')?.AttributeName;
  const range = elements.find((e) => e.KeyType === 'RANGE')?.AttributeName;
  return hash ? (range ? [hash, range] : [hash]) : undefined;
}

/** Single-item and batch operations whose items the proxy locks; everything else is forwarded as it comes. */
export const LOCKED_OPERATIONS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'BatchWriteItem', 'BatchGetItem']);

/**
 * The lock keys of the items a {@link LOCKED_OPERATIONS} request touches (deduplicated). Returns []
 * for a request it cannot read (the upstream then answers it with its own validation error).
 */
export async function lockKeysOf(operation: string, input: Record<string, unknown>, schemas: KeySchemaCache, call: DynamoDbCall): Promise<string[]> {
  const keys = new Set<string>();
  const add = async (tableName: unknown, key: unknown, item: unknown): Promise<void> => {
    if (typeof tableName !== 'string') return;
    if (isMap(key)) {
      keys.add(itemLockKey(tableName, key));
    } else if (isMap(item)) {
      const schema = await schemas.get(tableName, call);
      const derived = schema && keyOfItem(item, schema);
      if (derived) keys.add(itemLockKey(tableName, derived));
    }
  };
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    const requestItems = isMap(input.RequestItems) ? input.RequestItems : {};
    for (const [tableName, entries] of Object.entries(requestItems)) {
      if (operation === 'BatchGetItem') {
        const list = isMap(entries) ? entries.Keys : undefined;
        for (const key of Array.isArray(list) ? list : []) await add(tableName, key, undefined);
        continue;
      }
      for (const entry of Array.isArray(entries) ? (entries as Record<string, { Key?: unknown; Item?: unknown } | undefined>[]) : []) {
        await add(tableName, entry?.DeleteRequest?.Key, entry?.PutRequest?.Item);
      }
    }
  } else {
    await add(input.TableName, operation === 'PutItem' ? undefined : input.Key, operation === 'PutItem' ? input.Item : undefined);
  }
  return [...keys];
}

/** True for a plain JSON object, read as an attribute map. */
export function isMap(value: unknown): value is AttributeMap {
  return isObject(value);
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
