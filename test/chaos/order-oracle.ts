import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES } from '../../contract/index.js';
import { recordKeyOf } from '../../functions/shared/envelope.js';
import { INSERTED_ITEM_ATTRIBUTES } from '../../functions/shared/idempotency/index.js';
import { salesAccountOf } from '../../handlers/orders-place.js';
import type { PlannedOrder, Workload } from './workload.js';

/** Where the orders go: queue `orders` (FIFO), its DLQ and table `orders`, and the ledger when it books them. */
export interface OrdersTarget {
  /** The queue's name in conveyor.config.ts. */
  readonly queue: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly tableName: string;
  /** `orders.place` goes to several queues: each copy's record key (the order's item key here) starts `<queue>#`. */
  readonly fanOut: boolean;
  /** The ledger table, when the ledger queue takes `orders.place` too and books each total to `sales:<customer>`. */
  readonly salesTableName?: string;
}

/** What the ledger oracle saw of the orders' copies on the ledger queue (fan-out). */
export interface LedgerSide {
  /** Order keys with a completed idempotency record on the ledger queue. */
  readonly booked: Set<string>;
  /** Their records left in progress. */
  stuck: number;
  /** Their copies in the ledger's DLQ, with the reason. */
  readonly deadLetters: { readonly key: string; readonly reason: string }[];
}

/** How the orders' totals were booked on the ledger (fan-out): one credit per order to its customer's sales account. */
export interface BookingVerdict {
  /** Customers with a sales account to check. */
  readonly customers: number;
  /** Bookings missing from the sales accounts. */
  readonly lost: number;
  /** Bookings beyond one per order. */
  readonly bookedTwice: number;
  /** Sales accounts whose balance differs from the sum of their orders' totals. */
  readonly wrongBalances: number;
  /** Accepted orders without a completed record on the ledger queue. */
  readonly unrecorded: number;
  /** Their records left in progress once the system is quiet. */
  readonly stuck: number;
  /** Copies in the ledger's DLQ: counted as failures, as a credit there is. */
  readonly unexpectedDeadLetters: number;
  readonly deadLetterReasons: Readonly<Record<string, number>>;
}

/**
 * What the oracle found for the orders. Any non-zero `lost`, `appliedTwice`, `wrongContent`,
 * `unexpectedItems`, `missingDeadLetters` or `unexpectedDeadLetters` is a violation, and in
 * `bookings` any but `customers`.
 */
export interface OrderVerdict {
  /** Unique orders the API answered 202 (every planned one but those a 4xx refused). */
  readonly orders: number;
  /** Customers (message groups) of those orders. */
  readonly customers: number;
  /** Orders with exactly one item, under their record key, with the order's content. */
  readonly appliedOnce: number;
  /** Accepted orders with no item that are not in the DLQ either. */
  readonly lost: number;
  /** Items beyond the first for one order (told by the first line's sku): an order placed under a second key. */
  readonly appliedTwice: number;
  /** Orders whose item has another key or content than the order's. */
  readonly wrongContent: number;
  /** Items of the run that no planned order explains (a malformed message applied, say). */
  readonly unexpectedItems: number;
  /** DLQ messages of the run (a FIFO DLQ drops a copy sent again within 5 minutes: few copies here). */
  readonly deadLetters: number;
  /** Malformed orders not found in the DLQ. */
  readonly missingDeadLetters: number;
  /**
   * Valid orders in the DLQ, whether applied or not: counted as failures, as the ledger's are
   * (docs/reliability.md). `deadLetteredNotApplied` of them have no item — not lost (a redrive applies
   * them), but not applied either.
   */
  readonly unexpectedDeadLetters: number;
  readonly deadLetteredNotApplied: number;
  /** The valid orders' DLQ messages by `Conveyor.ErrorCode` (`redrive policy` when SQS moved them: no code). */
  readonly deadLetterReasons: Readonly<Record<string, number>>;
  /** The bookings on the ledger, when `orders.place` goes there too. */
  readonly bookings?: BookingVerdict;
}

/** The verdict of a run without orders. */
export const NO_ORDERS: OrderVerdict = {
  orders: 0, customers: 0, appliedOnce: 0, lost: 0, appliedTwice: 0, wrongContent: 0, unexpectedItems: 0,
  deadLetters: 0, missingDeadLetters: 0, unexpectedDeadLetters: 0, deadLetteredNotApplied: 0, deadLetterReasons: {},
};

/** Reason recorded for a DLQ message without `Conveyor.ErrorCode`: SQS's redrive policy moved it after `maxReceiveCount` receives. */
export const REDRIVE_POLICY = 'redrive policy';

/** Why a DLQ message is there: its `Conveyor.ErrorCode`, or {@link REDRIVE_POLICY}. */
export const reasonOf = (message: Message): string => message.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.errorCode]?.StringValue ?? REDRIVE_POLICY;

/** What {@link judgeOrders} is told besides the workload. */
export interface OrderJudgeInputs {
  /** Keys a 4xx turned away: no order is expected for them. */
  readonly refused: ReadonlySet<string>;
  readonly ledgerSide: LedgerSide;
  /** The API key's id, the scope of the run's record keys. */
  readonly apiKeyId: string;
  readonly scan: (table: string) => Promise<Record<string, AttributeValue>[]>;
}

/**
 * Checks the orders table and the orders DLQ against the workload: every accepted order is exactly
 * one item under its record key with its content, or in the DLQ; the DLQ holds every malformed
 * order; and, with fan-out, every order's total is booked once. Reads and deletes the run's DLQ
 * messages: on a FIFO queue a message received and left in flight hides the rest of its group.
 */
export async function judgeOrders(
  clients: { readonly sqs: SQSClient; readonly dynamodb: DynamoDBClient },
  target: OrdersTarget,
  workload: Workload,
  runId: string,
  inputs: OrderJudgeInputs,
): Promise<OrderVerdict> {
  const accepted = [...workload.orders.values()].filter((order) => !inputs.refused.has(order.key));
  const itemKeyOf = (order: PlannedOrder) => recordKeyOf({ id: order.key, scope: inputs.apiKeyId, ...(target.fanOut ? { queue: target.queue } : {}) });
  const items = new Map<string, number>();
  const wrong = new Set<string>();
  let unexpectedItems = 0;
  for (const item of await inputs.scan(target.tableName)) {
    if (!(item.orderId?.S ?? '').includes(runId) && !(item.customerId?.S ?? '').startsWith(`${runId}-`)) continue;
    const order = workload.orders.get(item.lines?.L?.[0]?.M?.sku?.S ?? '');
    if (order === undefined) {
      unexpectedItems += 1;
      continue;
    }
    items.set(order.key, (items.get(order.key) ?? 0) + 1);
    if (!matches(item, order, itemKeyOf(order))) wrong.add(order.key);
  }

  const dead = await drainDeadLetters(clients.sqs, target.deadLetterQueueUrl, runId);
  const tokens = new Set(workload.malformedOrders.map((entry) => entry.token));
  const found = new Set<string>();
  const deadOrders = new Set<string>();
  const deadLetterReasons: Record<string, number> = {};
  let unexpectedDeadLetters = 0;
  for (const message of dead) {
    const body = message.Body ?? '';
    const token = new RegExp(`(${runId}-badorder-\\d+)`).exec(body)?.[1];
    if (token !== undefined && tokens.has(token)) {
      found.add(token);
      continue;
    }
    unexpectedDeadLetters += 1;
    const key = idOf(body);
    if (key === undefined || !workload.orders.has(key)) continue;
    deadOrders.add(key);
    count(deadLetterReasons, reasonOf(message));
  }

  let lost = 0;
  let appliedOnce = 0;
  let appliedTwice = 0;
  let deadLetteredNotApplied = 0;
  for (const order of accepted) {
    const applied = items.get(order.key) ?? 0;
    if (applied === 0 && deadOrders.has(order.key)) deadLetteredNotApplied += 1;
    else if (applied === 0) lost += 1;
    appliedTwice += Math.max(0, applied - 1);
    if (applied === 1 && !wrong.has(order.key)) appliedOnce += 1;
  }
  return {
    orders: accepted.length,
    customers: new Set(accepted.map((order) => order.customerId)).size,
    appliedOnce,
    lost,
    appliedTwice,
    wrongContent: wrong.size,
    unexpectedItems,
    deadLetters: dead.length,
    missingDeadLetters: tokens.size - found.size,
    unexpectedDeadLetters,
    deadLetteredNotApplied,
    deadLetterReasons,
    ...(target.salesTableName !== undefined ? { bookings: await judgeBookings(accepted, target.salesTableName, inputs) } : {}),
  };
}

/** Every accepted order's total booked once to `sales:<customer>` (balance and credit count), with a completed record. */
async function judgeBookings(accepted: readonly PlannedOrder[], salesTableName: string, inputs: OrderJudgeInputs): Promise<BookingVerdict> {
  const expected = new Map<string, { credits: number; balance: number }>();
  for (const order of accepted) {
    const account = salesAccountOf(order.customerId);
    const entry = expected.get(account) ?? { credits: 0, balance: 0 };
    expected.set(account, { credits: entry.credits + 1, balance: entry.balance + order.totalCents });
  }
  let lost = 0;
  let bookedTwice = 0;
  let wrongBalances = 0;
  const seen = new Set<string>();
  for (const item of await inputs.scan(salesTableName)) {
    const want = expected.get(item.account?.S ?? '');
    if (want === undefined) continue;
    seen.add(item.account?.S ?? '');
    const credits = Number(item.credits?.N ?? 0);
    lost += Math.max(0, want.credits - credits);
    bookedTwice += Math.max(0, credits - want.credits);
    if (Number(item.balance?.N ?? 0) !== want.balance) wrongBalances += 1;
  }
  for (const [account, want] of expected) {
    if (seen.has(account)) continue;
    lost += want.credits;
    wrongBalances += 1;
  }
  const deadLetterReasons: Record<string, number> = {};
  for (const { reason } of inputs.ledgerSide.deadLetters) count(deadLetterReasons, reason);
  return {
    customers: expected.size,
    lost,
    bookedTwice,
    wrongBalances,
    unrecorded: accepted.filter((order) => !inputs.ledgerSide.booked.has(order.key)).length,
    stuck: inputs.ledgerSide.stuck,
    unexpectedDeadLetters: inputs.ledgerSide.deadLetters.length,
    deadLetterReasons,
  };
}

/** The item `orders.place` writes for `order` (handlers/orders-place.ts), with the consumer's stamp. */
function matches(item: Record<string, AttributeValue>, order: PlannedOrder, key: string): boolean {
  const lines = item.lines?.L ?? [];
  return item.orderId?.S === key &&
    item.customerId?.S === order.customerId &&
    item.totalCents?.N === String(order.totalCents) &&
    item.placedAt?.N !== undefined &&
    item[INSERTED_ITEM_ATTRIBUTES.hash]?.S !== undefined &&
    lines.length === order.lines.length &&
    order.lines.every((line, index) => lines[index]?.M?.sku?.S === line.sku && lines[index]?.M?.quantity?.N === String(line.quantity));
}

const count = (counts: Record<string, number>, key: string) => { counts[key] = (counts[key] ?? 0) + 1; };

/** The envelope's `id` (the idempotency key), when the body is an envelope. */
function idOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Receives every message of the DLQ, deleting each, until three receives in a row bring none; returns the run's. */
async function drainDeadLetters(sqs: SQSClient, queueUrl: string, runId: string): Promise<Message[]> {
  const ours: Message[] = [];
  for (let empty = 0; empty < 3;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60, MessageAttributeNames: [DEAD_LETTER_ATTRIBUTES.errorCode],
    }));
    empty = Messages.length === 0 ? empty + 1 : 0;
    ours.push(...Messages.filter((message) => (message.Body ?? '').includes(runId)));
    const entries = Messages.flatMap((message, index) => (message.ReceiptHandle ? [{ Id: String(index), ReceiptHandle: message.ReceiptHandle }] : []));
    if (entries.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
  return ours;
}
