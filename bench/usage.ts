import { type DynamoDbOperation, DYNAMODB_OPERATIONS, type DynamoDbRequestCounts, dynamodbUnits, LEDGER_TRANSACTION_ITEMS, sqsRequestUnits, type Usage } from './cost/cost-model.js';
import type { FunctionStats, RequestSnapshot } from './support/bench-runtime.js';

/** Callers whose requests a message costs: the functions and the event source mapping (not the benchmark's own reads). */
const BILLED_CALLERS = new Set(['Producer', 'Consumer', 'EventSourceMapping']);

/** What the runtime counted over a measured stretch. */
export interface MeasuredCounts {
  /** Messages the stretch carried (unique and duplicates). */
  readonly messages: number;
  /** API Gateway requests the client made. */
  readonly apiRequests: number;
  /** `/_conveyor/requests` after the stretch (reset before it). */
  readonly requests: RequestSnapshot;
  /** Each function's counters before and after the stretch. */
  readonly functionsBefore: Readonly<Record<string, FunctionStats>>;
  readonly functionsAfter: Readonly<Record<string, FunctionStats>>;
  /** Items per `TransactWriteItems` (Conveyor's ledger commit: the record and one ledger item). @default LEDGER_TRANSACTION_ITEMS (2) */
  readonly itemsPerTransaction?: number;
  /**
   * Items read by the `BatchGetItem` calls (the consumer's batched peeks): the counters count
   * requests, not the keys inside them. Each delivered message is peeked once, so by default the
   * messages of the stretch. @default messages
   */
  readonly batchGetItems?: number;
  /** Share of `GetItem` calls that are strongly consistent (Conveyor's peek: 0; Powertools' read after a failed put: 1). */
  readonly stronglyConsistentShare: number;
}

/** {@link Usage} per message, with the request counts it comes from. */
export interface MeasuredUsage extends Usage {
  /** DynamoDB requests per message by operation, transactions and batch reads counted in items. */
  readonly dynamodbRequests: DynamoDbRequestCounts;
  /** SQS calls per message by operation (before 64 KB chunking). */
  readonly sqsCalls: Readonly<Record<string, number>>;
}

/**
 * Turns counted requests and function counters into billable usage per message: API requests,
 * Lambda invocations and GB-seconds (billed ms × configured memory), SQS requests in 64 KB chunks
 * (each call's average of request and response bytes), DynamoDB request units.
 */
export function measuredUsage(counts: MeasuredCounts): MeasuredUsage {
  const per = (value: number) => value / counts.messages;
  let invocations = 0;
  let gbSeconds = 0;
  for (const [name, after] of Object.entries(counts.functionsAfter)) {
    const before = counts.functionsBefore[name];
    invocations += after.invocations - (before?.invocations ?? 0);
    gbSeconds += ((after.billedMs - (before?.billedMs ?? 0)) / 1000) * (after.memoryMb / 1024);
  }
  let sqsRequests = 0;
  const sqsCalls: Record<string, number> = {};
  for (const [operation, byCaller] of Object.entries(counts.requests.sqs ?? {})) {
    for (const [caller, count] of Object.entries(byCaller)) {
      if (!BILLED_CALLERS.has(caller) || count.requests === 0) continue;
      sqsCalls[operation] = (sqsCalls[operation] ?? 0) + per(count.requests);
      sqsRequests += count.requests * sqsRequestUnits(Math.max(count.requestBytes, count.responseBytes) / count.requests);
    }
  }
  const dynamodbRequests: Partial<Record<DynamoDbOperation, number>> = {};
  for (const [operation, byCaller] of Object.entries(counts.requests.dynamodb ?? {})) {
    if (!(DYNAMODB_OPERATIONS as readonly string[]).includes(operation)) continue;
    const requests = Object.entries(byCaller).filter(([caller]) => BILLED_CALLERS.has(caller)).reduce((sum, [, count]) => sum + count.requests, 0);
    if (requests === 0) continue;
    if (operation === 'BatchGetItem') {
      dynamodbRequests.BatchGetItem = per(counts.batchGetItems ?? counts.messages);
      continue;
    }
    const items = operation === 'TransactWriteItems' ? counts.itemsPerTransaction ?? LEDGER_TRANSACTION_ITEMS : 1;
    dynamodbRequests[operation as DynamoDbOperation] = per(requests * items);
  }
  return {
    apiRequests: per(counts.apiRequests),
    lambda: { invocations: per(invocations), gbSeconds: per(gbSeconds) },
    sqsRequests: per(sqsRequests),
    dynamodb: dynamodbUnits(dynamodbRequests, { stronglyConsistentShare: counts.stronglyConsistentShare }),
    dynamodbRequests,
    sqsCalls,
  };
}
