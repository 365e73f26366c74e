import type { ReferenceConsumer } from '../../reference/powertools/build.js';

/** The consumer under test: Conveyor's, or a Powertools reference build (`reference/powertools/`). */
export type ChaosConsumer = 'conveyor' | ReferenceConsumer;

/** The chaos run's knobs; every one has a default (the fault mix) and a flag in `cli.ts`. */
export interface ChaosOptions {
  /** Unique `ledger.credit` messages to send. @default 10_000 */
  readonly messages: number;
  /** Accounts the messages are spread over. @default messages / 20 */
  readonly accounts: number;
  /** Share of messages sent again with the same Idempotency-Key. @default 0.1 */
  readonly duplicateRatio: number;
  /** Share of those duplicates sent at once next to their original (the rest later, with a queue delay). @default 0.5 */
  readonly concurrentDuplicateShare: number;
  /** Queue delay of the later duplicates, seconds: uniform in [min, max]. @default [5, 20] */
  readonly lateDuplicateDelaySeconds: readonly [number, number];
  /** Malformed raw messages put straight onto the queue, as a share of `messages`. @default 0.01 */
  readonly malformedRatio: number;
  /** Share of messages sent through the batch route (in batches of 10–50), the rest one per request. @default 0.7 */
  readonly batchShare: number;
  /** Share of the consumer's DynamoDB calls that fail with ProvisionedThroughputExceededException. @default 0.1 */
  readonly dynamodbFaultRate: number;
  /** Share of consumer invocations crashed mid-batch (within 0–100 ms of starting). @default 0.05 */
  readonly crashRate: number;
  /** Share of the consumer's commits (record + ledger update) held past the queue's visibility timeout, so a message is in flight twice. @default 0.002 */
  readonly slowRate: number;
  /**
   * How long a slowed commit is held, ms. The default puts it past the visibility timeout but inside
   * the consumer's 10 s timeout; above 10 000 the slowed call outlives its invocation.
   * @default (visibilityTimeoutSeconds + 2) * 1000
   */
  readonly slowMs: number;
  /** The queue's visibility timeout during the run, seconds (lowered from the stack's so that slow and crashed batches come back quickly). @default 6 */
  readonly visibilityTimeoutSeconds: number;
  /** Consumer batches at once (the event source mapping's maximum concurrency). @default 16 */
  readonly consumerConcurrency: number;
  /** HTTP requests in flight at once. @default 16 */
  readonly senders: number;
  /** Seed of the workload (same seed, same messages). @default 1 */
  readonly seed: number;
  /** How long to wait for the system to go quiet after sending, seconds. @default max(600, messages / 20) */
  readonly quietTimeoutSeconds: number;
  /** Show a progress bar. @default true when stdout is a terminal */
  readonly progress: boolean;
  /** Which consumer runs: Conveyor's or a Powertools reference build. @default 'conveyor' */
  readonly consumer: ChaosConsumer;
}

/** The default fault mix at `messages` messages. */
export function defaultChaosOptions(overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const messages = overrides.messages ?? 10_000;
  const visibilityTimeoutSeconds = overrides.visibilityTimeoutSeconds ?? 6;
  return {
    messages,
    accounts: Math.max(1, Math.round(messages / 20)),
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
    quietTimeoutSeconds: Math.max(600, Math.ceil(messages / 20)),
    progress: process.stdout.isTTY === true,
    consumer: 'conveyor',
    ...overrides,
  };
}
