/**
 * What the consumer does with one message, reduced to its DynamoDB requests and issued by
 * Conveyor's own code: the eventually consistent peek and the transactional commit of the
 * completed record with the ledger's `ADD` (`IdempotencyStore.commit` + `ledgerCredit`). One store
 * per client, as one consumer instance has: the peeks of a batch processed together go out as one
 * `BatchGetItem`, as the consumer's do.
 */
import { type DynamoDBClient, type Update, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ledgerCredit, payload as parseLedgerCredit } from '../../handlers/ledger-credit.js';
import type { HandlerContext } from '../../functions/consumer/handlers/types.js';
import { IdempotencyStore, payloadHash } from '../../functions/consumer/idempotency/index.js';
import { classifyRecord, completedItem, holdsKey, IdempotencyRecords, Peeks } from '../../functions/shared/idempotency/index.js';
import { parseEnvelope, recordKeyOf } from '../../functions/shared/envelope.js';
import type { CeilingVia } from './options.js';

/** How one message ended: applied, found already applied, or left on the queue. */
export type MessageOutcome = 'committed' | 'duplicate' | 'failed';

/** Tables and settings the consumer is configured with. */
export interface ConsumerTables {
  readonly idempotencyTable: string;
  readonly ledgerTable: string;
}

/** The consumer's default record lifetime (IDEMPOTENCY_TTL_SECONDS), seconds. */
const TTL_SECONDS = 604_800;

/** Processes one message body: `proxy` with the real transactional commit, `direct` with its non-transactional stand-in. */
export function createMessageProcessor(via: CeilingVia, tables: ConsumerTables): (client: DynamoDBClient, body: string) => Promise<MessageOutcome> {
  const ledger = ledgerCredit({ tableName: tables.ledgerTable, partitionKey: 'account' });
  const tableName = tables.idempotencyTable;
  const stores = new WeakMap<DynamoDBClient, IdempotencyStore>();
  const peeks = new WeakMap<DynamoDBClient, Peeks>();
  const once = <T>(map: WeakMap<DynamoDBClient, T>, client: DynamoDBClient, create: () => T): T => {
    const existing = map.get(client);
    if (existing !== undefined) return existing;
    const created = create();
    map.set(client, created);
    return created;
  };
  return async (client, body) => {
    const envelope = parseEnvelope(body);
    const payload = parseLedgerCredit(envelope.payload);
    const hash = payloadHash(envelope.type, envelope.payload);
    // The handler reads only the payload; the context is never looked at.
    const writes = await ledger.writes(payload, {} as HandlerContext);
    const key = recordKeyOf(envelope);
    if (via === 'direct') {
      const records = new IdempotencyRecords({ client, tableName });
      return commitWithoutTransaction(client, records, once(peeks, client, () => new Peeks(client, tableName)), key, hash, writes[0]?.Update);
    }
    // The consumer's store, with its default attempts.
    const store = once(stores, client, () => new IdempotencyStore({ client, tableName, ttlSeconds: TTL_SECONDS }));
    const result = await store.commit(key, hash, writes);
    return result.status === 'committed' ? 'committed' : result.status === 'completed' ? 'duplicate' : 'failed';
  };
}

/**
 * dynalite has no transactions: the same peek, then the record's conditional put (the item and
 * condition the transactional commit writes) and the ledger update as two plain requests, in parallel.
 */
async function commitWithoutTransaction(
  client: DynamoDBClient,
  records: IdempotencyRecords,
  peeks: Peeks,
  key: string,
  hash: string,
  update: Update | undefined,
): Promise<MessageOutcome> {
  if (update === undefined) return 'failed';
  const seen = await peeks.record(key);
  const now = Date.now();
  if (holdsKey(classifyRecord(seen, now))) return 'duplicate';
  const [put] = await Promise.all([
    records.putIfKeyFree(completedItem({ key, hash }, { now, ttlSeconds: TTL_SECONDS }), now),
    client.send(new UpdateItemCommand(update)),
  ]);
  // Taken between the peek and the put: a failure, as the refused put always was here.
  if (!put.written) throw new Error(`idempotency key '${key}' was taken between the peek and the put`);
  return 'committed';
}
