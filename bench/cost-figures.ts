import { SQS_BATCH_MAX_ENTRIES } from '../contract/index.js';
import {
  type AttemptFailure,
  type CostBreakdown,
  costPerMillion,
  costWithRetries,
  lambdaGbSeconds,
  FAILED_ATTEMPT_REQUESTS,
  loadPriceTable,
  type PriceTable,
  referenceDesignUsage,
  type RetriedAttemptParams,
  retriedAttemptUsage,
  type Usage,
} from './cost/cost-model.js';
import type { ColdStartResult } from './cold-start.js';
import type { ConsumerBenchResult } from './consumers.js';
import type { FunctionStats } from './support/bench-runtime.js';
import type { InsertKindSection } from './insert-kind.js';
import { measuredUsage, type MeasuredCounts } from './usage.js';

/** Inputs: the pipeline's counted stretches and the consumer comparison. */
export interface CostInputs {
  /** Batch ingest (10 messages per request), no duplicates. */
  readonly batch: MeasuredCounts;
  /** One message per request, no duplicates. */
  readonly single: MeasuredCounts;
  /** Conveyor's consumer on the duplicates workload. */
  readonly conveyor: ConsumerBenchResult;
  /** The Powertools reference consumer (parallel) on the same workload. */
  readonly reference: ConsumerBenchResult;
  /** An insert-kind type's batch ingest at 10 and 100 messages per request (`insert-kind.ts`), when measured. */
  readonly insertKind?: InsertKindSection;
  /** The cold starts on the Lambda runtime's Node (the cold-start section), for the price of INIT, when measured. */
  readonly coldStart?: ColdStartResult;
}

/** What one cold start of a function bills since 2025-08-01, when Lambda started billing the INIT phase. */
export interface InitCost {
  readonly name: string;
  /** A fresh Node process started and the bundle imported (the cold-start section's median), ms: INIT on Lambda, its runtime's own start aside. */
  readonly initMs: number;
  readonly memoryMb: number;
  /** $ per 1 000 000 cold starts: `initMs` (rounded up to the ms) × memory × the GB-second price. */
  readonly usdPerMillionColdStarts: number;
}

/**
 * The price of INIT per function: the measured start-to-imported time × the function's configured
 * memory (from the runtime's counters) × the arm64 GB-second price. The per-message figures above
 * already include the INIT of every cold start their runs had (the runtime bills init like Lambda);
 * this prices one cold start, which at steady load happens once per instance, not per message.
 */
function initCosts(coldStart: ColdStartResult, memory: Readonly<Record<string, FunctionStats>>, prices: PriceTable): InitCost[] {
  return coldStart.functions.flatMap((fn) => {
    const memoryMb = memory[fn.name]?.memoryMb;
    if (memoryMb === undefined) return [];
    const initMs = coldStart.baselineMs.median + fn.overBaselineMs;
    const usage = { apiRequests: 0, lambda: { invocations: 0, gbSeconds: lambdaGbSeconds(initMs, memoryMb) }, sqsRequests: 0, dynamodb: { writeUnits: 0, readUnits: 0 } };
    return [{ name: fn.name, initMs, memoryMb, usdPerMillionColdStarts: costPerMillion(usage, prices).byService.lambdaDuration }];
  });
}

/** An insert-kind type's cost at one request size. */
export interface InsertKindCost extends DesignCost {
  /** Messages per `POST /messages/batch`. */
  readonly perRequest: number;
  /** Write units per new message, measured (the item that is its own record: 1 for items up to 1 KB). */
  readonly writeUnitsPerNew: number;
}

/** Cost of an insert-kind type's messages, by request size, from the measured runs. */
function insertKindFigures(section: InsertKindSection, prices: PriceTable) {
  return {
    app: section.app,
    type: section.type,
    byRequestSize: section.runs.map((run): InsertKindCost => {
      const usage = measuredUsage(run.counts);
      return { perRequest: run.perRequest, usage, cost: costPerMillion(usage, prices), writeUnitsPerNew: usage.dynamodb.writeUnits };
    }),
  };
}

/** One design's usage and cost. */
export interface DesignCost {
  readonly usage: Usage;
  readonly cost: CostBreakdown;
}

/** Write units per new message and per duplicate, as measured on the duplicates workload. */
export interface WriteUnits {
  /** Idempotency-record writes per new message (Conveyor: the record's share of the transaction). */
  readonly idempotencyPerNew: number;
  /** Every write per new message, the ledger effect included. */
  readonly totalPerNew: number;
  /** Write units per duplicate (measured: extra writes over the new messages' / duplicates). */
  readonly perDuplicate: number;
  /** Read units per message (duplicates included). */
  readonly readsPerMessage: number;
}

/** How the priced retries come back: (a) standard queue, ten failing together; (b) standard, one alone; (c) FIFO, ten together. */
export const RETRY_SCENARIOS = {
  standardTogether: { queueType: 'standard', failingTogether: SQS_BATCH_MAX_ENTRIES },
  standardAlone: { queueType: 'standard', failingTogether: 1 },
  fifo: { queueType: 'fifo', failingTogether: SQS_BATCH_MAX_ENTRIES },
} as const satisfies Record<string, Pick<RetriedAttemptParams, 'queueType' | 'failingTogether'>>;

/** A key of {@link RETRY_SCENARIOS}. */
export type RetryScenario = keyof typeof RETRY_SCENARIOS;

/** The failure the headline retry figures assume: a `ledger.credit` attempt whose transaction fails after the peek (½ read unit). */
export const HEADLINE_FAILURE: AttemptFailure = 'transactionFailed';

/** Share of messages retried once in the "cost of 1M messages with retries" line: 10 %. */
export const RETRIED_SHARE_QUOTED = 0.1;

/** One retry scenario, per 1 000 000 retried attempts. */
export interface RetryScenarioCost extends DesignCost {
  /** Total $ per 1M retried attempts for each failure of `FAILED_ATTEMPT_REQUESTS` (`cost` is the headline one). */
  readonly totalByFailure: Readonly<Record<AttemptFailure, number>>;
  /**
   * Standard queue only (the measured baseline runs on one): 1M messages of batch ingest with
   * `retriedShare` of them retried once, headline failure, by service; and its total for each failure.
   */
  readonly withRetries?: CostBreakdown;
  readonly withRetriesByFailure?: Readonly<Record<AttemptFailure, number>>;
}

/** `{ key: value(key) }` for every key. */
function mapKeys<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}

/**
 * The price of retried attempts (see `retriedAttemptUsage`). The consumer's invocation for a failed
 * attempt is taken to last as long as a measured successful batch: Conveyor's consumer's billed ms
 * per invocation in the consumer comparison (`consumer`), at its memory.
 */
function retryFigures(prices: PriceTable, batch: DesignCost, consumer: ConsumerBenchResult) {
  const consumerDurationMs = consumer.billedMsPerMessage / consumer.invocationsPerMessage;
  const failures = Object.keys(FAILED_ATTEMPT_REQUESTS) as AttemptFailure[];
  const scenario = (name: RetryScenario): RetryScenarioCost => {
    const params = RETRY_SCENARIOS[name];
    const byFailure = mapKeys(failures, (failure): DesignCost => {
      const usage = retriedAttemptUsage({ ...params, failure, consumerDurationMs, consumerMemoryMb: consumer.memoryMb });
      return { usage, cost: costPerMillion(usage, prices, { queueType: params.queueType }) };
    });
    const headline = { ...byFailure[HEADLINE_FAILURE], totalByFailure: mapKeys(failures, (failure) => byFailure[failure].cost.total) };
    if (params.queueType !== 'standard') return headline;
    const withRetries = (failure: AttemptFailure) => costWithRetries(batch.cost, byFailure[failure].cost, RETRIED_SHARE_QUOTED);
    return { ...headline, withRetries: withRetries(HEADLINE_FAILURE), withRetriesByFailure: mapKeys(failures, (failure) => withRetries(failure).total) };
  };
  return {
    /** The measured per-batch duration used for every retried attempt's invocation, ms. */
    consumerDurationMs,
    consumerMemoryMb: consumer.memoryMb,
    headlineFailure: HEADLINE_FAILURE,
    retriedShare: RETRIED_SHARE_QUOTED,
    scenarios: mapKeys(Object.keys(RETRY_SCENARIOS) as RetryScenario[], scenario),
  };
}

const unitsOf = (perMessage: Readonly<Record<string, number>>, op: string) => perMessage[op] ?? 0;

/**
 * Cost per 1 000 000 messages of Conveyor (batch and single ingest of the transactional
 * `ledger.credit`, and batch ingest of an insert-kind type at 10 and 100 per request, measured) and of the reference
 * design (REST API one message per request, SendMessage per message, Powertools idempotency),
 * modelled with its consumer's measured duration; write units per new message and duplicate; and
 * the price of a retried attempt, alone and as `RETRIED_SHARE_QUOTED` of batch-ingest messages retried once.
 */
export function costFigures(inputs: CostInputs) {
  const prices = loadPriceTable();
  const design = (usage: Usage): DesignCost => ({ usage, cost: costPerMillion(usage, prices) });
  const batch = design(measuredUsage(inputs.batch));
  const single = design(measuredUsage(inputs.single));

  const producerMsPerRequest = (inputs.single.functionsAfter.Producer!.billedMs - inputs.single.functionsBefore.Producer!.billedMs)
    / (inputs.single.functionsAfter.Producer!.invocations - inputs.single.functionsBefore.Producer!.invocations);
  const reference = design(referenceDesignUsage({
    producerDurationMs: producerMsPerRequest,
    consumerDurationMs: inputs.reference.billedMsPerMessage / inputs.reference.invocationsPerMessage,
  }));

  const { conveyor, reference: powertools } = inputs;
  const duplicatesPerUnique = conveyor.duplicates / conveyor.messages;
  // Conveyor: each new message is one committed transaction of 2 items (record + ledger) at 2 WRU an item.
  const conveyorTransactions = unitsOf(conveyor.dynamodbPerMessage, 'TransactWriteItems');
  const conveyorUnits: WriteUnits = {
    idempotencyPerNew: 2,
    totalPerNew: 4,
    perDuplicate: ((conveyorTransactions - 1) * 4) / duplicatesPerUnique,
    // Every delivery is peeked once (½ RRU), inside the batch's BatchGetItem (older results: a GetItem each).
    readsPerMessage: unitsOf(conveyor.dynamodbPerMessage, 'BatchGetItem') > 0 ? 0.5 : (unitsOf(conveyor.dynamodbPerMessage, 'GetItem') * 0.5) / (1 + duplicatesPerUnique),
  };
  // Powertools: PutItem (lock) + UpdateItem (effect) + UpdateItem (complete) per new message; a duplicate's failed put.
  const powertoolsUnits: WriteUnits = {
    idempotencyPerNew: 2,
    totalPerNew: 3,
    perDuplicate: ((unitsOf(powertools.dynamodbPerMessage, 'PutItem') - 1) + (unitsOf(powertools.dynamodbPerMessage, 'UpdateItem') - 2)) / duplicatesPerUnique,
    readsPerMessage: unitsOf(powertools.dynamodbPerMessage, 'GetItem') / (1 + duplicatesPerUnique),
  };
  return {
    pricesRetrieved: prices.retrieved,
    conveyorBatch: batch,
    conveyorSingle: single,
    reference,
    ratioBatchToReference: batch.cost.total / reference.cost.total,
    writeUnits: { conveyor: conveyorUnits, powertools: powertoolsUnits },
    retries: retryFigures(prices, batch, inputs.conveyor),
    ...(inputs.insertKind === undefined ? {} : { insertKind: insertKindFigures(inputs.insertKind, prices) }),
    ...(inputs.coldStart === undefined ? {} : { init: initCosts(inputs.coldStart, inputs.batch.functionsAfter, prices) }),
  };
}
