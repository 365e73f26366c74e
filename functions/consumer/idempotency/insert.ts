import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { InsertedItem, InsertedItems, InsertTable, Peeks } from '../../shared/idempotency/index.js';
import { lockContention, persisting } from './errors.js';

/** What an insert found or did. */
export type InsertOutcome =
  | { readonly status: 'inserted' }
  /** The key's item exists with the same content: a duplicate, nothing written. */
  | { readonly status: 'completed' }
  /** The key's item exists with other content (or was not inserted by Conveyor). */
  | { readonly status: 'mismatch' };

/**
 * Insert-kind effects: the effect is one item keyed by the message's idempotency key, so its
 * conditional put *is* the idempotency record — exactly once by construction, crashes included (the
 * put either happened or not; there is no lock to expire and no second write). A cheap eventually
 * consistent read first turns most duplicates into no write at all.
 *
 * Requests: a new message costs its share of one `BatchGetItem` (½ read unit; one request for the
 * whole batch, `Peeks`) and one `PutItem` (1 write unit per KB of item); a duplicate caught by the
 * read costs its share of the `BatchGetItem` alone; a duplicate racing its
 * original costs a refused put (1 write unit) and, where DynamoDB does not return the item, a read.
 */
export async function insertOnce(
  items: InsertedItems,
  peeks: Peeks,
  table: InsertTable,
  key: string,
  hash: string,
  item: Readonly<Record<string, AttributeValue>>,
  now: number,
): Promise<InsertOutcome> {
  const seen = await peeks.inserted(table, key);
  if (seen !== undefined) return classify(seen, hash);
  for (let attempt = 1; attempt <= MAX_INSERT_ATTEMPTS; attempt++) {
    const put = await persisting('insert', () => items.putIfAbsent(table, key, item, { hash, now }));
    if (put.written) return { status: 'inserted' };
    const existing = put.existing ?? (await persisting('read', () => items.read(table, key)));
    if (existing !== undefined) return classify(existing, hash);
    // Deleted between the refusal and the read (by someone else): the key is free again, try once more.
  }
  throw lockContention(key, MAX_INSERT_ATTEMPTS);
}

/** Puts tried when the item in the way keeps vanishing before it can be read. */
const MAX_INSERT_ATTEMPTS = 2;

const classify = (existing: InsertedItem, hash: string): InsertOutcome => (existing.hash === hash ? { status: 'completed' } : { status: 'mismatch' });
