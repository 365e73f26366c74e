import { seededRandom } from '../support/random.js';
import type { ChaosOptions } from './options.js';

/** The message type of the orders part. */
export const ORDER_TYPE = 'orders.place';

/** One line of a planned order. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * One `orders.place` message of the plan; duplicates share the key and payload of their original.
 * Its first line's sku is its key, so an order placed under a second key is still recognised.
 */
export interface PlannedOrder {
  readonly type: typeof ORDER_TYPE;
  readonly key: string;
  /** Also the message's `groupId`: a customer's orders are one FIFO group. */
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
}

/** The orders part of a plan: each send with its place in the run (0..1; above 1, after every credit). */
export interface OrderPlan {
  readonly unique: ReadonlyMap<string, PlannedOrder>;
  readonly sends: readonly { readonly at: number; readonly send: readonly PlannedOrder[] }[];
  /** Raw bodies for the orders queue, each carrying its token, in a customer's group. */
  readonly malformed: readonly { readonly token: string; readonly body: string; readonly groupId: string }[];
  readonly duplicates: number;
}

/** Seed offset of the orders' random stream, so that adding orders leaves the credits' plan unchanged. */
const ORDER_SEED_OFFSET = 0x5eed;

const MALFORMED = [
  (token: string) => `not json ${token}`,
  (token: string) => JSON.stringify({ v: 1, id: token }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: 'orders.unknown', payload: {}, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: ORDER_TYPE, payload: { customerId: token, lines: [], totalCents: 1 }, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 7, id: token, type: ORDER_TYPE, payload: { customerId: token, lines: [{ sku: token, quantity: 1 }], totalCents: 1 }, acceptedAt: 1 }),
];

/**
 * Plans `options.orders` orders over `options.customers` customers, at random places in the run.
 * Duplicates come in the ledger's shares: next to their original (the same request or wave), or
 * later — a FIFO queue takes no `delaySeconds`, so a late copy is sent 20–50 % of the run later.
 */
export function planOrders(options: ChaosOptions, runId: string): OrderPlan {
  const random = seededRandom(options.seed + ORDER_SEED_OFFSET);
  const pick = (n: number) => Math.floor(random() * n);
  const customerOf = () => `${runId}-cust-${pick(options.customers)}`;
  const unique = new Map<string, PlannedOrder>();
  const sends: { at: number; send: PlannedOrder[] }[] = [];
  let duplicates = 0;
  for (let i = 0; i < options.orders; i += 1) {
    const key = `${runId}-order-${i}`;
    const lines = [{ sku: key, quantity: 1 + pick(10) }, ...Array.from({ length: pick(3) }, () => ({ sku: `sku-${pick(1000)}`, quantity: 1 + pick(10) }))];
    const order: PlannedOrder = { type: ORDER_TYPE, key, customerId: customerOf(), lines, totalCents: pick(100_000) };
    unique.set(key, order);
    const at = random();
    if (random() >= options.duplicateRatio) {
      sends.push({ at, send: [order] });
      continue;
    }
    duplicates += 1;
    if (random() < options.concurrentDuplicateShare) sends.push({ at, send: [order, order] });
    else sends.push({ at, send: [order] }, { at: at + 0.2 + 0.3 * random(), send: [order] });
  }
  const malformed = Array.from({ length: Math.round(options.orders * options.malformedRatio) }, (_, index) => {
    const token = `${runId}-badorder-${index}`;
    return { token, body: (MALFORMED[index % MALFORMED.length] as (t: string) => string)(token), groupId: customerOf() };
  });
  return { unique, sends, malformed, duplicates };
}
