/**
 * What the consumer does with one message, reduced to its DynamoDB requests and issued by
 * Conveyor's own code: the eventually consistent peek and the transactional commit of the
 * completed record with the ledger's `ADD` (`commitWithRecord` + `createLedgerCredit`).
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand, type Update, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createLedgerCredit } from '../../functions/consumer/handlers/ledger-credit.js';
import type { HandlerContext } from '../../functions/consumer/handlers/types.js';
import { commitWithRecord } from '../../functions/consumer/idempotency/commit.js';
import { payloadHash } from '../../functions/consumer/idempotency/hash.js';
import { isExpired, keyIsFree, unmarshalRecord } from '../../functions/shared/idempotency-record.js';
import { parseEnvelope, recordKeyOf } from '../../functions/shared/envelope.js';
import { parseLedgerCredit } from '../../functions/shared/message-types/ledger-credit.js';
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
/** The idempotency store's default commit attempts. */
const MAX_ATTEMPTS = 3;

/** Processes one message body: `proxy` with the real transactional commit, `direct` with its non-transactional stand-in. */
export function createMessageProcessor(via: CeilingVia, tables: ConsumerTables): (client: DynamoDBClient, body: string) => Promise<MessageOutcome> {
  const ledger = createLedgerCredit({ tableName: tables.ledgerTable });
  return async (client, body) => {
    const envelope = parseEnvelope(body);
    const payload = parseLedgerCredit(envelope.payload);
    const hash = payloadHash(envelope.type, envelope.payload);
    // The handler reads only the payload; the context is never looked at.
    const writes = await ledger.writes(payload, {} as HandlerContext);
    const key = recordKeyOf(envelope);
    if (via === 'direct') return commitWithoutTransaction(client, tables, key, hash, writes[0]?.Update);
    const result = await commitWithRecord({
      client,
      tableName: tables.idempotencyTable,
      ttlSeconds: TTL_SECONDS,
      clock: Date.now,
      maxAttempts: MAX_ATTEMPTS,
      get: async (id) => unmarshalRecord((await client.send(new GetItemCommand({ TableName: tables.idempotencyTable, Key: { id: { S: id } }, ConsistentRead: true }))).Item),
    }, key, hash, writes);
    return result.status === 'committed' ? 'committed' : result.status === 'completed' ? 'duplicate' : 'failed';
  };
}

/**
 * dynalite has no transactions: the same peek, then the record's conditional put (the item and
 * condition `commitWithRecord` writes) and the ledger update as two plain requests, in parallel.
 */
async function commitWithoutTransaction(
  client: DynamoDBClient,
  tables: ConsumerTables,
  key: string,
  hash: string,
  update: Update | undefined,
): Promise<MessageOutcome> {
  if (update === undefined) return 'failed';
  const seen = unmarshalRecord((await client.send(new GetItemCommand({ TableName: tables.idempotencyTable, Key: { id: { S: key } } }))).Item);
  const now = Date.now();
  if (seen !== undefined && !isExpired(seen, now)) return 'duplicate';
  await Promise.all([
    client.send(new PutItemCommand({
      TableName: tables.idempotencyTable,
      Item: {
        id: { S: key },
        status: { S: 'COMPLETED' },
        hash: { S: hash },
        completedAt: { N: String(now) },
        expiresAt: { N: String(Math.floor(now / 1000) + TTL_SECONDS) },
      },
      ...keyIsFree(now),
    })),
    client.send(new UpdateItemCommand(update)),
  ]);
  return 'committed';
}
