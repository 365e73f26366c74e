import type { ReferenceConsumer } from '../../reference/powertools/build.js';

/** The consumer under test: Conveyor's, or a Powertools reference build (`reference/powertools/`). */
export type ChaosConsumer = 'conveyor' | ReferenceConsumer;

/**
 * Unique `orders.place` messages the chaos suite sends next to its `ledger.credit` ones, as a share of
 * `messages` (the test and `npm run chaos` use it; {@link defaultChaosOptions} sends none, so the
 * suites that borrow the workload — the restart test — stay ledger-only).
 */
export const CHAOS_ORDER_RATIO = 0.1;

/** The chaos run's knobs; every one has a default (the fault mix) and a flag in `cli.ts`. */
export interface ChaosOptions {
  /** Unique `ledger.credit` messages to send. @default 10_000 */
  readonly messages: number;
  /** Accounts the messages are spread over. @default messages / 20 */
  readonly accounts: number;
  /**
   * Unique `orders.place` messages to send to the FIFO orders queue, mixed into the same requests,
   * with duplicates and malformed messages in the same shares as the ledger's. @default 0
   */
  readonly orders: number;
  /** Customers the orders are spread over; each is a message group. @default orders / 10 */
  readonly customers: number;
  /** Share of messages sent again with the same Idempotency-Key. @default 0.1 */
  readonly duplicateRatio: number;
  /** Share of those duplicates sent at once next to their original (the rest later, with a queue delay). @default 0.5 */
  readonly concurrentDuplicateShare: number;
  /** Queue delay of the later duplicates, seconds: uniform in [min, max]. @default [5, 20] */
  readonly lateDuplicateDelaySeconds: readonly [number, number];
  /** Malformed raw messages put straight onto the queues, as a share of `messages` (and of `orders`). @default 0.01 */
  readonly malformedRatio: number;
  /** Share of messages sent through the batch route (in batches of 10–50), the rest one per request. @default 0.7 */
  readonly batchShare: number;
  /** Share of the consumers' DynamoDB calls that fail with ProvisionedThroughputExceededException. @default 0.1 */
  readonly dynamodbFaultRate: number;
  /** Share of consumer invocations (both consumers) crashed mid-batch (within 0–100 ms of starting). @default 0.05 */
  readonly crashRate: number;
  /**
   * Share of the consumers' commits held past the queue's visibility timeout, so a message is in
   * flight twice: the ledger's record + update, the orders' conditional put. @default 0.002
   */
  readonly slowRate: number;
  /**
   * How long a slowed commit is held, ms. The default puts it past the visibility timeout but inside
   * the consumer's 10 s timeout; above 10 000 the slowed call outlives its invocation.
   * @default (visibilityTimeoutSeconds + 2) * 1000
   */
  readonly slowMs: number;
  /** Both queues' visibility timeout during the run, seconds (lowered from the stack's so that slow and crashed batches come back quickly). @default 6 */
  readonly visibilityTimeoutSeconds: number;
  /** Consumer batches at once (the event source mapping's maximum concurrency). @default 16 */
  readonly consumerConcurrency: number;
  /** HTTP requests in flight at once. @default 16 */
  readonly senders: number;
  /** Seed of the workload (same seed, same messages). @default 1 */
  readonly seed: number;
  /** How long to wait for the system to go quiet after sending, seconds. @default max(600, (messages + orders) / 20) */
  readonly quietTimeoutSeconds: number;
  /** Show a progress bar. @default true when stdout is a terminal */
  readonly progress: boolean;
  /** Which consumer runs: Conveyor's or a Powertools reference build. @default 'conveyor' */
  readonly consumer: ChaosConsumer;
}

/** The default fault mix at `messages` messages. */
export function defaultChaosOptions(overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const messages = overrides.messages ?? 10_000;
  const orders = overrides.orders ?? 0;
  const visibilityTimeoutSeconds = overrides.visibilityTimeoutSeconds ?? 6;
  return {
    messages,
    accounts: Math.max(1, Math.round(messages / 20)),
    orders,
    customers: Math.max(1, Math.round(orders / 10)),
    duplicateRatio: 0.1,
    concurrentDuplicateShare: 0.5,
    lateDuplicateDelaySeconds: [5, 20],
    malformedRatio: 0.01,
    batchShare: 0.7,
    dynamodbFaultRate: 0.1,
    crashRate: 0.05,
    slowRate: 0.002,
    visibilityTimeoutSeconds,
    slowMs: (visibilityTimeoutSeconds + 2) * 1000,
    consumerConcurrency: 16,
    senders: 16,
    seed: 1,
    quietTimeoutSeconds: Math.max(600, Math.ceil((messages + orders) / 20)),
    progress: process.stdout.isTTY === true,
    consumer: 'conveyor',
    ...overrides,
  };
}
