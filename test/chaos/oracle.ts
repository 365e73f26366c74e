import { readFileSync } from 'node:fs';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ChaosConsumer } from './options.js';
import { judgeOrders, type LedgerSide, NO_ORDERS, type OrdersTarget, type OrderVerdict, reasonOf } from './order-oracle.js';
import { ORDER_TYPE, type Workload } from './workload.js';
import { DEAD_LETTER_ATTRIBUTES, type QueueOutput, QUEUES_OUTPUT, type QueuesOutput, TABLES_OUTPUT } from '../../contract/index.js';
import { parseQueuesOutput, parseTablesOutput } from '../../ops/queue-outputs.js';

/** Names and endpoints of the running stack (from its outputs file). */
export interface ChaosTarget {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly ledgerTableName: string;
  readonly idempotencyTableName: string;
  /** Every queue of the stack (the `Queues` output; the default queue alone without it): the run waits for all of them. */
  readonly queueUrls: readonly string[];
  /** Queue `orders` (of `orders.place`), its DLQ and table `orders`; undefined when the stack has none. */
  readonly orders?: OrdersTarget;
  /** The API key's id: the scope of the run's record keys (`<apiKeyId>/<key>`). */
  readonly apiKeyId: string;
  readonly awsEndpoint: string;
  readonly runtimeUrl: string;
  readonly region: string;
}

/** What the oracle found. Any non-zero `lost`, `doubleApplied`, `stuck`, `unexpectedDeadLetters` or `missingDeadLetters` is a violation. */
export interface Verdict {
  readonly accounts: number;
  /** Unique messages whose credit is missing from the ledger. */
  readonly lost: number;
  /** Credits applied more often than their unique messages. */
  readonly doubleApplied: number;
  /** Accounts whose balance differs from the sum of their unique messages. */
  readonly wrongBalances: number;
  readonly deadLetters: number;
  /** Malformed messages not found in the DLQ. */
  readonly missingDeadLetters: number;
  /** DLQ messages that were not among the malformed ones (valid messages that were dead-lettered). */
  readonly unexpectedDeadLetters: number;
  /** Idempotency records of the run by state; `deadLettered` are the consumer's dead-letter notes (they hold no key). */
  readonly records: { readonly completed: number; readonly inProgress: number; readonly deadLettered: number };
  /** Records still in progress, their lock not yet expired, once the system is quiet. */
  readonly stuck: number;
  /** Unique messages without a completed idempotency record (an effect without its record, or a lost message). */
  readonly unrecorded: number;
  /** The orders' own verdict (all zero when the run sent none). */
  readonly orders: OrderVerdict;
}

/** The stack's names and endpoints, with its API URL and key, from a runtime's outputs file (`local.json`). */
export function readChaosTarget(outputsFile: string): ChaosTarget & { readonly apiUrl: string; readonly apiKey: string } {
  const outputs = Object.values(JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>)[0] ?? {};
  const tables = tablesOf(outputs);
  const byName = queuesOf(outputs);
  const queues = Object.values(byName);
  const orders = byName[ORDERS] !== undefined && tables[ORDERS] !== undefined && byName[ORDERS].types.includes(ORDER_TYPE)
    ? ordersTarget(byName[ORDERS], queues, outputs.QueueUrl ?? '', tables)
    : undefined;
  return {
    apiUrl: outputs.ApiUrl ?? '',
    apiKey: outputs.ApiKey ?? '',
    apiKeyId: outputs.ApiKeyId ?? '',
    queueUrl: outputs.QueueUrl ?? '',
    deadLetterQueueUrl: outputs.DeadLetterQueueUrl ?? '',
    ledgerTableName: tables.ledger ?? '',
    idempotencyTableName: outputs.IdempotencyTableName ?? '',
    queueUrls: queues.length > 0 ? queues.map((queue) => queue.queueUrl) : [outputs.QueueUrl ?? ''],
    ...(orders ? { orders } : {}),
    awsEndpoint: outputs.SqsEndpoint ?? '',
    runtimeUrl: outputs.RuntimeUrl ?? '',
    region: outputs.Region ?? 'us-east-1',
  };
}

const clients = (target: ChaosTarget) => {
  const config = { region: target.region, endpoint: target.awsEndpoint, credentials: { accessKeyId: 'chaos', secretAccessKey: 'chaos' } };
  return { sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }), dynamodb: new DynamoDBClient(config) };
};

/**
 * Waits until every queue holds nothing (visible, in flight or delayed) and no consumer invocation
 * is running or waiting, three times in a row half a second apart. Throws after `timeoutMs`.
 */
export async function waitUntilQuiet(target: ChaosTarget, timeoutMs: number, onWait: (state: string) => void = () => undefined): Promise<void> {
  const { sqs } = clients(target);
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  try {
    while (calm < 3) {
      if (Date.now() > deadline) throw new Error(`the system did not go quiet within ${timeoutMs / 1000} s`);
      const queued = [0, 0, 0];
      for (const queueUrl of target.queueUrls) {
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
        (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const)
          .forEach((name, index) => { queued[index] = (queued[index] ?? 0) + Number(Attributes[name] ?? 0); });
      }
      const health = await (await fetch(`${target.runtimeUrl}/_conveyor/health`)).json() as { functions: Record<string, { busy: number; queued: number }> };
      const busy = Object.values(health.functions).reduce((sum, fn) => sum + fn.busy + fn.queued, 0);
      const total = queued.reduce((a, b) => a + b, 0) + busy;
      calm = total === 0 ? calm + 1 : 0;
      onWait(`queue ${queued.join('/')} (visible/in flight/delayed), invocations ${busy}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    sqs.destroy();
  }
}

/**
 * Checks the ledger, the DLQ and the idempotency records against the workload, and the orders
 * (`order-oracle.ts`) when it has any. Conveyor keys its records `<scope>/<key>` with the run's keys
 * readable; Powertools hashes the key, so for a reference run every record of the (fresh) table
 * counts. `refused` are keys a 4xx turned away: no order is expected for them.
 */
export async function judge(
  target: ChaosTarget,
  workload: Workload,
  runId: string,
  consumer: ChaosConsumer = 'conveyor',
  refused: ReadonlySet<string> = new Set(),
): Promise<Verdict> {
  const { sqs, dynamodb } = clients(target);
  try {
    const expected = new Map<string, { credits: number; balance: number }>();
    for (const message of workload.unique.values()) {
      const entry = expected.get(message.account) ?? { credits: 0, balance: 0 };
      expected.set(message.account, { credits: entry.credits + 1, balance: entry.balance + message.amount });
    }
    const actual = new Map<string, { credits: number; balance: number }>();
    for (const item of await scanAll(dynamodb, target.ledgerTableName)) {
      const account = item.account?.S ?? '';
      if (account.startsWith(`${runId}-`)) actual.set(account, { credits: Number(item.credits?.N ?? 0), balance: Number(item.balance?.N ?? 0) });
    }
    let lost = 0;
    let doubleApplied = 0;
    let wrongBalances = 0;
    for (const account of new Set([...expected.keys(), ...actual.keys()])) {
      const want = expected.get(account) ?? { credits: 0, balance: 0 };
      const got = actual.get(account) ?? { credits: 0, balance: 0 };
      lost += Math.max(0, want.credits - got.credits);
      doubleApplied += Math.max(0, got.credits - want.credits);
      if (want.balance !== got.balance) wrongBalances += 1;
    }

    const tokens = new Set(workload.malformed.map((entry) => entry.token));
    let deadLetters = 0;
    let unexpectedDeadLetters = 0;
    const found = new Set<string>();
    // Copies of orders.place on this queue (fan-out) are the orders oracle's to judge.
    const ledgerSide: LedgerSide = { booked: new Set(), stuck: 0, deadLetters: [] };
    const orderIn = new RegExp(`${runId}-order-\\d+`);
    for (let empty = 0; empty < 3;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
        QueueUrl: target.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 3_600, MessageAttributeNames: [DEAD_LETTER_ATTRIBUTES.errorCode],
      }));
      empty = Messages.length === 0 ? empty + 1 : 0;
      for (const message of Messages) {
        const body = message.Body ?? '';
        const order = orderIn.exec(body)?.[0];
        if (order !== undefined) {
          ledgerSide.deadLetters.push({ key: order, reason: reasonOf(message) });
          continue;
        }
        const token = new RegExp(`(${runId}-bad-\\d+)`).exec(body)?.[1];
        if (token !== undefined && tokens.has(token)) found.add(token);
        else if (body.includes(runId)) unexpectedDeadLetters += 1;
        if (body.includes(runId)) deadLetters += 1;
      }
    }

    let completed = 0;
    let inProgress = 0;
    let deadLettered = 0;
    let stuck = 0;
    const ours = new RegExp(`(^|/)${runId}-`);
    // The records of orders (their bookings on this queue, dead-letter notes) are the orders oracle's.
    const orderRecord = new RegExp(`(^|/)${runId}-(bad)?order-`);
    const now = Date.now();
    for (const item of await scanAll(dynamodb, target.idempotencyTableName)) {
      const id = item.id?.S ?? '';
      if (consumer === 'conveyor' && !ours.test(id)) continue;
      if (consumer === 'conveyor' && orderRecord.test(id)) {
        if (item.status?.S === 'COMPLETED') ledgerSide.booked.add(id.slice(id.lastIndexOf('/') + 1));
        else if (item.status?.S !== 'DEAD_LETTERED') ledgerSide.stuck += 1;
        continue;
      }
      if (item.status?.S === 'COMPLETED') {
        completed += 1;
        continue;
      }
      // A note that a copy went to the DLQ (GET /messages/{id}); it holds no key, so it is never stuck.
      if (item.status?.S === 'DEAD_LETTERED') {
        deadLettered += 1;
        continue;
      }
      inProgress += 1;
      // Conveyor's lock: lockExpiresAt; Powertools': in_progress_expiration (both epoch ms).
      const lockExpiresAt = Number(item.lockExpiresAt?.N ?? item.in_progress_expiration?.N ?? 0);
      if (consumer === 'conveyor' || lockExpiresAt > now) stuck += 1;
    }
    return {
      accounts: expected.size,
      lost,
      doubleApplied,
      wrongBalances,
      deadLetters,
      missingDeadLetters: tokens.size - found.size,
      unexpectedDeadLetters,
      records: { completed, inProgress, deadLettered },
      stuck,
      unrecorded: Math.max(0, workload.unique.size - completed),
      orders: await judgeOrdersOf(target, workload, runId, { sqs, dynamodb }, { refused, ledgerSide }),
    };
  } finally {
    sqs.destroy();
    dynamodb.destroy();
  }
}

async function judgeOrdersOf(
  target: ChaosTarget,
  workload: Workload,
  runId: string,
  clients: { sqs: SQSClient; dynamodb: DynamoDBClient },
  seen: { readonly refused: ReadonlySet<string>; readonly ledgerSide: LedgerSide },
): Promise<OrderVerdict> {
  if (workload.orders.size === 0 && workload.malformedOrders.length === 0) return NO_ORDERS;
  if (target.orders === undefined) throw new Error(`the run sent ${ORDER_TYPE} messages, but the stack's ${QUEUES_OUTPUT} and ${TABLES_OUTPUT} outputs name no queue ${ORDERS} for them or no table ${ORDERS}`);
  return judgeOrders(clients, target.orders, workload, runId, { ...seen, apiKeyId: target.apiKeyId, scan: (table) => scanAll(clients.dynamodb, table) });
}

async function scanAll(dynamodb: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** True when the verdict breaks the promise, for the ledger or the orders: something lost, applied twice, stuck, or dead-lettered wrongly. */
export const violated = (verdict: Verdict, rejected: number): boolean => {
  const { orders } = verdict;
  const bookings = orders.bookings;
  return verdict.lost + verdict.doubleApplied + verdict.wrongBalances + verdict.missingDeadLetters + verdict.unexpectedDeadLetters + verdict.stuck + verdict.unrecorded +
    orders.lost + orders.appliedTwice + orders.wrongContent + orders.unexpectedItems + orders.missingDeadLetters + orders.unexpectedDeadLetters +
    (bookings ? bookings.lost + bookings.bookedTwice + bookings.wrongBalances + bookings.unrecorded + bookings.stuck + bookings.unexpectedDeadLetters : 0) +
    rejected > 0;
};

/** The name of the orders queue and table in conveyor.config.ts. */
const ORDERS = 'orders';

/**
 * The orders' target. `orders.place` may go to more queues than `orders` (fan-out): each copy's
 * record key then names its queue, and on the default (ledger) queue its total is booked to the
 * ledger, so the orders oracle checks the sales accounts too.
 */
function ordersTarget(orders: QueueOutput, queues: readonly QueueOutput[], defaultQueueUrl: string, tables: Readonly<Record<string, string>>): OrdersTarget {
  const ledger = queues.find((queue) => queue.queueUrl === defaultQueueUrl);
  return {
    queue: ORDERS,
    queueUrl: orders.queueUrl,
    deadLetterQueueUrl: orders.deadLetterQueueUrl,
    tableName: tables[ORDERS] as string,
    fanOut: queues.filter((queue) => queue.types.includes(ORDER_TYPE)).length > 1,
    ...(ledger !== undefined && ledger !== orders && ledger.types.includes(ORDER_TYPE) && tables.ledger !== undefined ? { salesTableName: tables.ledger } : {}),
  };
}

/** The runtime's `Queues` output (queue name → queue), or none when it is missing or malformed. */
function queuesOf(outputs: Record<string, string>): QueuesOutput {
  const parsed = parseQueuesOutput(outputs[QUEUES_OUTPUT] ?? '');
  return 'value' in parsed ? parsed.value : {};
}

/** The runtime's `Tables` output (table name → DynamoDB table), or none when it is missing or malformed. */
function tablesOf(outputs: Record<string, string>): Readonly<Record<string, string>> {
  const parsed = parseTablesOutput(outputs[TABLES_OUTPUT] ?? '');
  return 'value' in parsed ? parsed.value : {};
}
