import type { ChaosTarget } from './oracle.js';
import type { ChaosOptions } from './options.js';
import { QUEUE_DIMENSION } from '../../contract/index.js';

/**
 * The consumers under fault, by the short name the runtime gives their functions (their construct
 * ids), with the DynamoDB call that commits a message: the one the slow rule holds past the
 * visibility timeout. A fault rule names one function, so each consumer gets its own copy of the rules.
 */
interface ChaosConsumerFunction {
  /** `Consumer` (the default queue's, `ledger.credit`) or `OrdersConsumer` (`orders.place`). */
  readonly name: string;
  readonly commit: string;
}

/** The orders consumer's short name. */
const ORDERS_CONSUMER = 'OrdersConsumer';

/**
 * Conveyor commits a credit's record and ledger update in one TransactWriteItems, the Powertools
 * reference with an UpdateItem each (ledger, then its record); an order is one conditional PutItem.
 */
function consumersOf(target: ChaosTarget, options: ChaosOptions): ChaosConsumerFunction[] {
  return [
    { name: 'Consumer', commit: options.consumer === 'conveyor' ? 'TransactWriteItems' : 'UpdateItem' },
    ...(target.orders ? [{ name: ORDERS_CONSUMER, commit: 'PutItem' }] : []),
  ];
}

/** Sets the run's fault rules — throttling, slowed commits, crashes — on every consumer. */
export async function setFaults(target: ChaosTarget, options: ChaosOptions): Promise<void> {
  const rules = consumersOf(target, options).flatMap(({ name, commit }) => [
    { service: 'dynamodb', function: name, probability: options.dynamodbFaultRate, error: { code: 'ProvisionedThroughputExceededException', statusCode: 400 } },
    // The commit held past the visibility timeout: the message is in flight twice.
    { service: 'dynamodb', function: name, operation: commit, probability: options.slowRate, latencyMs: options.slowMs },
    { service: 'lambda', function: name, probability: options.crashRate, crash: { afterMs: [0, 100] } },
  ]).filter((rule) => rule.probability > 0);
  const response = await fetch(`${target.runtimeUrl}/_conveyor/faults`, { method: 'POST', body: JSON.stringify(rules) });
  if (response.status !== 200) throw new Error(`could not set the fault rules: ${response.status} ${await response.text()}`);
}

/**
 * The run's figures: the consumers' metrics (summed: the metrics carry no function dimension), and
 * per consumer its invocations, crashes, timeouts, DynamoDB faults and slowed commits — the ledger
 * consumer's under the names they always had, the orders consumer's prefixed `orders`. Read them
 * before clearing the rules: clearing resets their counts.
 */
export async function collectFigures(target: ChaosTarget): Promise<Record<string, number>> {
  const get = async <T>(path: string) => (await fetch(`${target.runtimeUrl}/_conveyor/${path}`)).json() as Promise<T>;
  const metrics = await get<{ totals: { namespace: string; name: string; sum: number; dimensions: Record<string, string> }[] }>('metrics');
  // A consumer publishes each value under {service} and {service, queue}: the first set is every queue's.
  const total = (name: string) => metrics.totals
    .filter((metric) => metric.namespace === 'Conveyor' && metric.name === name && metric.dimensions[QUEUE_DIMENSION] === undefined)
    .reduce((sum, metric) => sum + metric.sum, 0);
  const health = await get<{ functions: Record<string, { crashes: number; timeouts: number; invocations: number } | undefined> }>('health');
  const requests = await get<Record<string, Record<string, Record<string, { requests: number; injected: number }>>>>('requests');
  const stats = await get<{ stats: { rule: { function?: string; latencyMs?: number }; fired: number }[] }>('faults/stats');
  const of = (name: string) => {
    const calls = Object.values(requests.dynamodb ?? {}).map((byCaller) => byCaller[name] ?? { requests: 0, injected: 0 });
    const fn = health.functions[name];
    return {
      invocations: fn?.invocations ?? 0,
      crashes: fn?.crashes ?? 0,
      timeouts: fn?.timeouts ?? 0,
      dynamodbFaults: calls.reduce((sum, count) => sum + count.injected, 0),
      dynamodbRequests: calls.reduce((sum, count) => sum + count.requests, 0),
      slowed: stats.stats.filter((entry) => entry.rule.latencyMs !== undefined && entry.rule.function === name).reduce((sum, entry) => sum + entry.fired, 0),
    };
  };
  const ledger = of('Consumer');
  const orders = of(ORDERS_CONSUMER);
  return {
    processed: total('MessagesProcessed'),
    duplicatesSuppressed: total('DuplicatesSkipped'),
    consumerRetries: total('MessagesFailed'),
    deadLettered: total('MessagesDeadLettered'),
    consumerInvocations: ledger.invocations,
    crashesInjected: ledger.crashes,
    timeouts: ledger.timeouts,
    dynamodbFaultsInjected: ledger.dynamodbFaults,
    consumerDynamodbRequests: ledger.dynamodbRequests,
    slowedPastVisibility: ledger.slowed,
    ordersConsumerInvocations: orders.invocations,
    ordersCrashesInjected: orders.crashes,
    ordersTimeouts: orders.timeouts,
    ordersDynamodbFaultsInjected: orders.dynamodbFaults,
    ordersConsumerDynamodbRequests: orders.dynamodbRequests,
    ordersSlowedPastVisibility: orders.slowed,
  };
}
