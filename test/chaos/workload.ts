import { seededRandom } from '../support/random.js';
import type { ChaosOptions } from './options.js';
import { planOrders, type PlannedOrder } from './order-workload.js';

export { ORDER_TYPE, type OrderLine, type PlannedOrder } from './order-workload.js';

/** The message type of the ledger part. */
export const CREDIT_TYPE = 'ledger.credit';

/** One `ledger.credit` message of the plan; duplicates share the key and payload of their original. */
export interface PlannedCredit {
  readonly type: typeof CREDIT_TYPE;
  readonly key: string;
  readonly account: string;
  readonly amount: number;
  /** Queue delay for a late duplicate, seconds. */
  readonly delaySeconds?: number;
}

/** One message of the plan: a credit for the standard ledger queue, or an order for the FIFO orders queue. */
export type PlannedMessage = PlannedCredit | PlannedOrder;

/** A request to send: one message on the single route, or several on the batch route. */
export type PlannedRequest =
  | { readonly route: 'single'; readonly message: PlannedMessage }
  | { readonly route: 'batch'; readonly messages: readonly PlannedMessage[] };

/** A raw body put straight onto a queue, carrying its token; `groupId` on the FIFO orders queue. */
export interface MalformedMessage {
  readonly token: string;
  readonly body: string;
  readonly groupId?: string;
}

/** What the run sends, and what the ledger and the orders table must show afterwards. */
export interface Workload {
  readonly requests: readonly PlannedRequest[];
  /** Unique credits (without duplicates), by key. */
  readonly unique: ReadonlyMap<string, PlannedCredit>;
  /** Raw bodies put straight onto the ledger queue. */
  readonly malformed: readonly MalformedMessage[];
  /** Credits sent twice. */
  readonly duplicates: number;
  /** Unique orders (without duplicates), by key. */
  readonly orders: ReadonlyMap<string, PlannedOrder>;
  /** Raw bodies put straight onto the orders queue, in the customers' groups. */
  readonly malformedOrders: readonly MalformedMessage[];
  /** Orders sent twice. */
  readonly orderDuplicates: number;
}

const MALFORMED = [
  (token: string) => `not json ${token}`,
  (token: string) => JSON.stringify({ v: 1, id: token }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: 'ledger.unknown', payload: {}, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: CREDIT_TYPE, payload: { account: token, amount: -1 }, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 7, id: token, type: CREDIT_TYPE, payload: { account: token, amount: 1 }, acceptedAt: 1 }),
];

/**
 * Plans the run: unique credits over the accounts, duplicates (some next to their original, some
 * later with a queue delay), the orders (`order-workload.ts`) mixed in at random places, a mix of
 * single and batch requests in shuffled order, malformed bodies. The credits depend on the seed
 * alone (the orders draw from a stream of their own), so a seed plans the same ledger with or
 * without orders.
 */
export function planWorkload(options: ChaosOptions, runId: string): Workload {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const unique = new Map<string, PlannedCredit>();
  const sends: PlannedMessage[][] = [];
  let duplicates = 0;
  for (let i = 0; i < options.messages; i += 1) {
    const message: PlannedCredit = { type: CREDIT_TYPE, key: `${runId}-${i}`, account: `${runId}-acct-${pick(options.accounts)}`, amount: 1 + pick(1000) };
    unique.set(message.key, message);
    if (random() >= options.duplicateRatio) {
      sends.push([message]);
      continue;
    }
    duplicates += 1;
    if (random() < options.concurrentDuplicateShare) {
      sends.push([message], [message]);
    } else {
      const [min, max] = options.lateDuplicateDelaySeconds;
      sends.push([message], [{ ...message, delaySeconds: min + pick(max - min + 1) }]);
    }
  }
  const orders = planOrders(options, runId);
  const requests: PlannedRequest[] = [];
  const pending = mergeSends(sends, orders.sends).flat();
  // Concurrent duplicates are adjacent in `pending`, so they go out in the same request or wave.
  for (let at = 0; at < pending.length;) {
    if (random() < options.batchShare) {
      const size = 10 + pick(41);
      requests.push({ route: 'batch', messages: pending.slice(at, at + size) });
      at += size;
    } else {
      requests.push({ route: 'single', message: pending[at] as PlannedMessage });
      at += 1;
    }
  }
  const malformed = Array.from({ length: Math.round(options.messages * options.malformedRatio) }, (_, index) => {
    const token = `${runId}-bad-${index}`;
    return { token, body: (MALFORMED[index % MALFORMED.length] as (t: string) => string)(token) };
  });
  return {
    requests: shuffleNearby(requests, random),
    unique,
    malformed,
    duplicates,
    orders: orders.unique,
    malformedOrders: orders.malformed,
    orderDuplicates: orders.duplicates,
  };
}

/**
 * The credits' sends in their order, with the orders' sends placed among them at their positions
 * (a share of the way through the run, 0..1; ties keep the credits first).
 */
function mergeSends(
  credits: readonly (readonly PlannedMessage[])[],
  orders: readonly { readonly at: number; readonly send: readonly PlannedMessage[] }[],
): readonly (readonly PlannedMessage[])[] {
  if (orders.length === 0) return credits;
  const placed = [
    ...credits.map((send, index) => ({ at: index / credits.length, send })),
    ...orders,
  ];
  return placed.sort((a, b) => a.at - b.at).map((entry) => entry.send);
}

/** Shuffles within small windows, so requests overlap in time but duplicates stay close. */
function shuffleNearby<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.max(0, i - Math.floor(random() * 8));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
