/**
 * The reference consumer: what a team gets by stitching together the Powertools samples, used only
 * by the chaos suite and the benchmarks to compare Conveyor against (never deployed, never in
 * `cdk.out`). It reads the same queue, table names and envelope as Conveyor's consumer; only the
 * idempotency and batch handling are swapped for Powertools':
 *
 * - `BatchProcessor` + `processPartialResponse` (records in parallel by default, or one after
 *   another with `processInParallel: false`), partial batch responses;
 * - `makeIdempotent` with `DynamoDBPersistenceLayer` on Conveyor's idempotency table (partition key
 *   `id`), keyed by the envelope's idempotency key (`<scope>/<id>`), the lock's expiry taken from
 *   the invocation's remaining time (`registerLambdaContext`);
 * - the effect as a plain `UpdateItem` (`ADD balance, credits`), the same attributes as Conveyor's
 *   `ledger.credit`;
 * - a message that cannot be parsed throws, so the queue's redrive policy moves it to the DLQ after
 *   `maxReceiveCount` receives.
 *
 * `PROCESS_IN_PARALLEL` is replaced at build time (`build.ts`).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CONSUMER_ENVIRONMENT, IDEMPOTENCY_TTL_SECONDS } from '../../contract/index.js';
import { parseEnvelope, recordKeyOf } from '../../functions/shared/envelope.js';
import { payload as parseLedgerCredit } from '../../handlers/ledger-credit.js';

declare const PROCESS_IN_PARALLEL: boolean;

// It runs in the Consumer's place (`--function-code Consumer=…`), so it reads the Consumer's environment.
const ledgerTableName = (JSON.parse(process.env[CONSUMER_ENVIRONMENT.tables.name] ?? '{}') as Record<string, { tableName?: string }>).ledger?.tableName ?? '';
const dynamodb = new DynamoDBClient({});
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env[CONSUMER_ENVIRONMENT.idempotencyTableName.name] ?? '', awsSdkV3Client: dynamodb });
const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'credit', expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS.default });
const processor = new BatchProcessor(EventType.SQS);

interface Credit {
  readonly key: string;
  readonly credit: { readonly account: string; readonly amount: number };
}

const applyCredit = makeIdempotent(async ({ credit }: Credit) => {
  await dynamodb.send(new UpdateItemCommand({
    TableName: ledgerTableName,
    Key: { account: { S: credit.account } },
    UpdateExpression: 'ADD balance :amount, credits :one SET updatedAt = :now',
    ExpressionAttributeValues: { ':amount': { N: String(credit.amount) }, ':one': { N: '1' }, ':now': { N: String(Date.now()) } },
  }));
  return { applied: true };
}, { persistenceStore, config });

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const envelope = parseEnvelope(record.body);
  if (envelope.type !== 'ledger.credit') throw new Error(`unknown message type ${envelope.type}`);
  await applyCredit({ key: recordKeyOf(envelope), credit: parseLedgerCredit(envelope.payload) });
};

export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, recordHandler, processor, { context, processInParallel: PROCESS_IN_PARALLEL });
};
