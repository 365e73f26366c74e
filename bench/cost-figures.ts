import { type CostBreakdown, costPerMillion, loadPriceTable, referenceDesignUsage, type Usage } from './cost/cost-model.js';
import type { ConsumerBenchResult } from './consumers.js';
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

const unitsOf = (perMessage: Readonly<Record<string, number>>, op: string) => perMessage[op] ?? 0;

/**
 * Cost per 1 000 000 messages of Conveyor (batch and single ingest, measured) and of the reference
 * design (REST API one message per request, SendMessage per message, Powertools idempotency),
 * modelled with its consumer's measured duration; and write units per new message and duplicate.
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
    readsPerMessage: (unitsOf(conveyor.dynamodbPerMessage, 'GetItem') * 0.5) / (1 + duplicatesPerUnique),
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
  };
}
