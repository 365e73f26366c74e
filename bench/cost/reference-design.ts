/**
 * The reference design's usage per message, modelled from how it works (not measured): a REST API
 * taking one message per request, a producer Lambda sending each message with `SendMessage`, a
 * Lambda event source mapping feeding the consumer batches, and Powertools idempotency
 * (`makeIdempotent` + `DynamoDBPersistenceLayer`, as in `reference/powertools/consumer.ts`).
 *
 * DynamoDB requests, read from `@aws-lambda-powertools/idempotency` 2.35
 * (`IdempotencyHandler.js`, `persistence/DynamoDBPersistenceLayer.js`):
 * - new message: `PutItem` of the INPROGRESS record (conditional on the key being free or
 *   expired) → the effect (the ledger `UpdateItem`) → `UpdateItem` of the record to COMPLETED with
 *   the result: 3 WRU for items ≤ 1 KB;
 * - duplicate: the conditional `PutItem` fails (still 1 WRU). The put asks for
 *   `ReturnValuesOnConditionCheckFailure: ALL_OLD`; DynamoDB returns the existing record with the
 *   error and Powertools uses it (0 reads). Where it is ignored (dynalite) the error carries no
 *   item and Powertools reads it with `GetItem` `ConsistentRead: true` (1 RRU).
 *
 * Not modelled: handler failures (`DeleteItem` of the record, redelivery), copies of one key in the
 * same batch failing each other with `IdempotencyAlreadyInProgressError` when records are
 * processed in parallel, cold starts (INIT duration), retries of throttled calls.
 */
import { BenchError } from '../errors.js';
import { type DynamoDbRequestCounts, dynamodbUnits, lambdaGbSeconds, nonNegative, share, sqsRequestUnits } from './billing-units.js';
import type { Usage } from './usage.js';

/** Inputs of `referenceDesignUsage`. Durations are measurements; everything else is an assumption with a default. */
export interface ReferenceDesignParams {
  /** Producer duration per invocation (one message), ms, measured. */
  readonly producerDurationMs: number;
  /** Consumer duration per invocation (one batch of `consumerBatchSize` messages), ms, measured. */
  readonly consumerDurationMs: number;
  /** Producer memory, MB. @default 512 (Conveyor's producer, template `MemorySize`) */
  readonly producerMemoryMb?: number;
  /** Consumer memory, MB. @default 512 (Conveyor's consumer) */
  readonly consumerMemoryMb?: number;
  /** Messages per consumer invocation: the event source mapping's batch size, batches assumed full. @default 10 */
  readonly consumerBatchSize?: number;
  /** Messages per `ReceiveMessage` call of the event source mapping's pollers. @default 10 (the API maximum) */
  readonly messagesPerReceive?: number;
  /** Messages per `DeleteMessageBatch` call after a successful batch. @default 10 (the API maximum) */
  readonly messagesPerDelete?: number;
  /** Empty `ReceiveMessage` calls per message (long polls that return nothing). @default 0 (queue never idle) */
  readonly emptyReceivesPerMessage?: number;
  /** Size of one message as SQS bills it (body + attributes), bytes. @default 1024 */
  readonly messageBytes?: number;
  /** Share (0..1) of messages that repeat an earlier key (client retries); they take the whole path. @default 0 */
  readonly duplicateShare?: number;
  /** Effect writes (`UpdateItem`) per new message. @default 1 (the ledger credit) */
  readonly effectWritesPerMessage?: number;
  /** The failed conditional put returns the existing item (DynamoDB: true; dynalite: false). @default true */
  readonly returnsItemOnConditionFailure?: boolean;
  /** Size of the idempotency records and ledger items, bytes. @default 1024 */
  readonly itemBytes?: number;
  /** CloudWatch log bytes per Lambda invocation (platform START/END/REPORT lines + own logs); null leaves logs out. @default null */
  readonly logBytesPerInvocation?: number | null;
}

/** `ReferenceDesignParams` with every default filled in. */
export type ResolvedReferenceDesignParams = { readonly [K in keyof ReferenceDesignParams]-?: Exclude<ReferenceDesignParams[K], undefined> };

/** The reference design's usage per message, with the intermediate counts it comes from. */
export interface ReferenceDesignUsage extends Usage {
  /** DynamoDB requests per message by operation (the input of `dynamodbUnits`), duplicates weighted in. */
  readonly dynamodbRequests: DynamoDbRequestCounts;
  /** SQS API calls per message, before 64 KB chunking. */
  readonly sqsCalls: { readonly sendMessage: number; readonly receiveMessage: number; readonly deleteMessageBatch: number };
  /** The parameters used, defaults filled in. */
  readonly params: ResolvedReferenceDesignParams;
}

const DEFAULTS: Omit<ResolvedReferenceDesignParams, 'producerDurationMs' | 'consumerDurationMs'> = {
  producerMemoryMb: 512,
  consumerMemoryMb: 512,
  consumerBatchSize: 10,
  messagesPerReceive: 10,
  messagesPerDelete: 10,
  emptyReceivesPerMessage: 0,
  messageBytes: 1024,
  duplicateShare: 0,
  effectWritesPerMessage: 1,
  returnsItemOnConditionFailure: true,
  itemBytes: 1024,
  logBytesPerInvocation: null,
};

const GB = 2 ** 30;

function atLeastOne(name: string, value: number, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BenchError('INVALID_COST_INPUT', `${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  return value;
}

function resolve(params: ReferenceDesignParams): ResolvedReferenceDesignParams {
  const known = new Set<string>(['producerDurationMs', 'consumerDurationMs', ...Object.keys(DEFAULTS)]);
  for (const key of Object.keys(params)) if (!known.has(key)) throw new BenchError('INVALID_COST_INPUT', `unknown reference design parameter ${key}`);
  const defined = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
  const p = { ...DEFAULTS, ...defined } as ResolvedReferenceDesignParams;
  nonNegative('producerDurationMs', p.producerDurationMs);
  nonNegative('consumerDurationMs', p.consumerDurationMs);
  atLeastOne('consumerBatchSize', p.consumerBatchSize, 10_000);
  atLeastOne('messagesPerReceive', p.messagesPerReceive, 10);
  atLeastOne('messagesPerDelete', p.messagesPerDelete, 10);
  nonNegative('emptyReceivesPerMessage', p.emptyReceivesPerMessage);
  nonNegative('messageBytes', p.messageBytes);
  share('duplicateShare', p.duplicateShare);
  nonNegative('effectWritesPerMessage', p.effectWritesPerMessage);
  if (typeof p.returnsItemOnConditionFailure !== 'boolean') throw new BenchError('INVALID_COST_INPUT', 'returnsItemOnConditionFailure must be a boolean');
  nonNegative('itemBytes', p.itemBytes);
  if (p.logBytesPerInvocation !== null) nonNegative('logBytesPerInvocation', p.logBytesPerInvocation);
  return p;
}

/**
 * Usage of one message through the reference design: 1 API request; 1 producer invocation;
 * `SendMessage` per message plus its share of the consumer's `ReceiveMessage` and
 * `DeleteMessageBatch`; 1/`consumerBatchSize` consumer invocation; DynamoDB 3 WRU per new message
 * (with one effect write) and, per duplicate, 1 WRU plus 1 RRU where the failed put returns no item.
 * Throws `BenchError` `INVALID_COST_INPUT` on an unknown or out-of-range parameter.
 */
export function referenceDesignUsage(params: ReferenceDesignParams): ReferenceDesignUsage {
  const p = resolve(params);
  const consumerInvocations = 1 / p.consumerBatchSize;
  const gbSeconds = lambdaGbSeconds(p.producerDurationMs, p.producerMemoryMb) + lambdaGbSeconds(p.consumerDurationMs, p.consumerMemoryMb) * consumerInvocations;

  const sqsCalls = {
    sendMessage: 1,
    receiveMessage: 1 / p.messagesPerReceive + p.emptyReceivesPerMessage,
    deleteMessageBatch: 1 / p.messagesPerDelete,
  };
  const sqsRequests = sqsRequestUnits(p.messageBytes)
    + sqsRequestUnits(p.messageBytes * p.messagesPerReceive) / p.messagesPerReceive
    + p.emptyReceivesPerMessage
    + sqsCalls.deleteMessageBatch;

  const fresh = 1 - p.duplicateShare;
  const duplicate = p.duplicateShare;
  const dynamodbRequests: DynamoDbRequestCounts = {
    PutItem: fresh + duplicate,
    UpdateItem: fresh * (p.effectWritesPerMessage + 1),
    GetItem: p.returnsItemOnConditionFailure ? 0 : duplicate,
  };
  const dynamodb = dynamodbUnits(dynamodbRequests, { stronglyConsistentShare: 1, itemBytes: p.itemBytes });

  const invocations = 1 + consumerInvocations;
  return {
    apiRequests: 1,
    lambda: { invocations, gbSeconds },
    sqsRequests,
    dynamodb,
    ...(p.logBytesPerInvocation === null ? {} : { logGb: (invocations * p.logBytesPerInvocation) / GB }),
    dynamodbRequests,
    sqsCalls,
    params: p,
  };
}
