/**
 * The usage of one **retried attempt**: what a message that fails transiently and is tried again
 * costs on top of the same message succeeding first time. Modelled from how the consumer retries
 * (`functions/consumer/retry/apply.ts`, docs/retries.md), not measured:
 *
 * - **standard queue, a delayed copy**: the copy's entry in a `SendMessageBatch` (ten per request),
 *   then one more pass of the message through the queue: the copy's `ReceiveMessage`, its share of
 *   a consumer invocation and its `DeleteMessageBatch` (the original's pass is the one a success
 *   would have had; the event source mapping deletes the original as it deletes any success);
 * - **FIFO queue, in place**: the message's entry in a `ChangeMessageVisibilityBatch`, then the next
 *   `ReceiveMessage` and its share of an invocation (no copy, so no extra delete);
 * - either way, **the failed attempt's own DynamoDB requests** ({@link FAILED_ATTEMPT_REQUESTS}).
 *
 * Not modelled: on FIFO, the messages of the failed message's group that were kept back behind it
 * (they come back with it: more receives, not attempts); a copy SQS refuses (it falls back to a
 * visibility change); the dead-letter path; longer invocations while DynamoDB times out.
 */
import { SQS_BATCH_MAX_ENTRIES } from '../../contract/index.js';
import { DEFAULT_STORE_ATTEMPTS } from '../../functions/consumer/idempotency/index.js';
import { BenchError } from '../errors.js';
import { type DynamoDbRequestCounts, dynamodbUnits, lambdaGbSeconds, nonNegative, sqsRequestUnits } from './billing-units.js';
import type { Usage } from './usage.js';

/**
 * Tries of the consumer's commit before the attempt fails when DynamoDB cancels its transaction
 * each time: the idempotency store's `maxAttempts` default.
 */
export const COMMIT_TRIES = DEFAULT_STORE_ATTEMPTS;

/** Items in one `ledger.credit` commit: the idempotency record and the ledger item. */
export const LEDGER_TRANSACTION_ITEMS = 2;

/**
 * DynamoDB requests of one failed attempt, by why it failed, as `functions/consumer/execute.ts` and
 * `functions/consumer/idempotency/` make them (transactions counted in items, as `dynamodbUnits`
 * takes them; every `GetItem` here is the commit's eventually consistent peek, one item of the batch's
 * `BatchGetItem`: the same read units as a `GetItem` of its own). Requests that fail
 * (throttled, 5xx, timed out) are not billed.
 */
export const FAILED_ATTEMPT_REQUESTS = {
  /**
   * DynamoDB down or throttling everything: the peek and the transaction fail, nothing is billed.
   * Also a transactional type whose `writes` throws: it runs before any request.
   */
  dynamodbDown: {},
  /**
   * `ledger.credit`, the transaction fails (throttled on the ledger item's partition, 5xx,
   * timeout) after the peek was answered: ½ read unit.
   */
  transactionFailed: { GetItem: 1 },
  /**
   * `ledger.credit`, the transaction cancelled by a conflict on each of the commit's
   * {@link COMMIT_TRIES} tries: the peek and every cancelled transaction, which DynamoDB bills like
   * a committed one (see `DynamoDbRequestCounts`).
   */
  transactionRefused: { GetItem: 1, TransactWriteItems: COMMIT_TRIES * LEDGER_TRANSACTION_ITEMS },
  /** A locked type's handler throws: the lock's conditional `PutItem` and its release, a conditional `DeleteItem` (no peek on the lock path). */
  lockedHandlerFailed: { PutItem: 1, DeleteItem: 1 },
} as const satisfies Record<string, DynamoDbRequestCounts>;

/** A key of {@link FAILED_ATTEMPT_REQUESTS}. */
export type AttemptFailure = keyof typeof FAILED_ATTEMPT_REQUESTS;

/** Inputs of {@link retriedAttemptUsage}. The duration is a measurement; everything else an assumption. */
export interface RetriedAttemptParams {
  /**
   * Billed duration of the consumer invocation the retried attempt shares, ms: a measured
   * successful batch's duration, taken for a failed attempt's too.
   */
  readonly consumerDurationMs: number;
  /** How the message comes back: a delayed copy (standard) or a visibility change (FIFO). */
  readonly queueType: 'standard' | 'fifo';
  /** Messages of one batch that fail together and share the `SendMessageBatch` (or `ChangeMessageVisibilityBatch`) request, 1–10. */
  readonly failingTogether: number;
  /**
   * Messages the retried one comes back with: the `ReceiveMessage`, the invocation and (standard)
   * the `DeleteMessageBatch` it shares, 1–10. @default failingTogether (they come back together)
   */
  readonly messagesPerReceive?: number;
  /** Why the attempt failed: which DynamoDB requests it made (no default: it can decide the price). */
  readonly failure: AttemptFailure;
  /** Consumer memory, MB. @default 512 (Conveyor's consumer, template `MemorySize`) */
  readonly consumerMemoryMb?: number;
  /** Size of one message as SQS bills it (body + attributes), bytes. @default 1024 */
  readonly messageBytes?: number;
}

/** `RetriedAttemptParams` with every default filled in. */
export type ResolvedRetriedAttemptParams = { readonly [K in keyof RetriedAttemptParams]-?: Exclude<RetriedAttemptParams[K], undefined> };

/** The usage of one retried attempt, with the counts it comes from. */
export interface RetriedAttemptUsage extends Usage {
  /** SQS API calls per retried attempt, before 64 KB chunking. */
  readonly sqsCalls: Readonly<Record<string, number>>;
  /** The failed attempt's DynamoDB requests (transactions in items). */
  readonly dynamodbRequests: DynamoDbRequestCounts;
  /** The parameters used, defaults filled in. */
  readonly params: ResolvedRetriedAttemptParams;
}

const DEFAULTS = { consumerMemoryMb: 512, messageBytes: 1024 } as const;
const KNOWN = new Set(['consumerDurationMs', 'queueType', 'failingTogether', 'failure', 'messagesPerReceive', ...Object.keys(DEFAULTS)]);

function batchEntries(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SQS_BATCH_MAX_ENTRIES) {
    throw new BenchError('INVALID_COST_INPUT', `${name} must be an integer from 1 to ${SQS_BATCH_MAX_ENTRIES}, got ${String(value)}`);
  }
  return value;
}

function resolve(params: RetriedAttemptParams): ResolvedRetriedAttemptParams {
  for (const key of Object.keys(params)) if (!KNOWN.has(key)) throw new BenchError('INVALID_COST_INPUT', `unknown retried attempt parameter ${key}`);
  const defined = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
  const p = { ...DEFAULTS, messagesPerReceive: params.failingTogether, ...defined } as ResolvedRetriedAttemptParams;
  nonNegative('consumerDurationMs', p.consumerDurationMs);
  if (p.queueType !== 'standard' && p.queueType !== 'fifo') throw new BenchError('INVALID_COST_INPUT', `queueType must be standard or fifo, got ${String(p.queueType)}`);
  batchEntries('failingTogether', p.failingTogether);
  batchEntries('messagesPerReceive', p.messagesPerReceive);
  if (!Object.hasOwn(FAILED_ATTEMPT_REQUESTS, p.failure)) {
    throw new BenchError('INVALID_COST_INPUT', `failure must be one of ${Object.keys(FAILED_ATTEMPT_REQUESTS).join(', ')}, got ${String(p.failure)}`);
  }
  nonNegative('messageBytes', p.messageBytes);
  return p;
}

/**
 * Usage of one retried attempt (price it with `costPerMillion(usage, prices, { queueType })`):
 * - SQS, standard: `SendMessageBatch` 1/`failingTogether` (in 64 KB chunks of the copies' bytes),
 *   `ReceiveMessage` and `DeleteMessageBatch` 1/`messagesPerReceive` each;
 *   FIFO: `ChangeMessageVisibilityBatch` 1/`failingTogether`, `ReceiveMessage` 1/`messagesPerReceive`;
 * - Lambda: 1/`messagesPerReceive` invocation of `consumerDurationMs`;
 * - DynamoDB: `FAILED_ATTEMPT_REQUESTS[failure]`.
 *
 * E.g. ten failing together on a standard queue: 0.1 + 0.1 + 0.1 = 0.3 SQS requests and 0.1
 * invocation; one failing alone and coming back alone: 1 + 1 + 1 = 3 requests and 1 invocation.
 * Throws `BenchError` `INVALID_COST_INPUT` on an unknown or out-of-range parameter.
 */
export function retriedAttemptUsage(params: RetriedAttemptParams): RetriedAttemptUsage {
  const p = resolve(params);
  // One call's share per message, and its billed requests per message when it carries the messages'
  // bytes (a send, a receive) in 64 KB chunks; a batch of receipt handles fits one chunk.
  const share = (messages: number) => 1 / messages;
  const carrying = (messages: number) => sqsRequestUnits(p.messageBytes * messages) / messages;
  const { failingTogether: together, messagesPerReceive: back } = p;
  const standard = p.queueType === 'standard';
  const sqsCalls: Record<string, number> = standard
    ? { SendMessageBatch: share(together), ReceiveMessage: share(back), DeleteMessageBatch: share(back) }
    : { ChangeMessageVisibilityBatch: share(together), ReceiveMessage: share(back) };
  const sqsRequests = standard ? carrying(together) + carrying(back) + share(back) : share(together) + carrying(back);

  const invocations = share(back);
  const dynamodbRequests: DynamoDbRequestCounts = { ...FAILED_ATTEMPT_REQUESTS[p.failure] };
  return {
    apiRequests: 0,
    lambda: { invocations, gbSeconds: lambdaGbSeconds(p.consumerDurationMs, p.consumerMemoryMb) * invocations },
    sqsRequests,
    dynamodb: dynamodbUnits(dynamodbRequests, { stronglyConsistentShare: 0 }),
    sqsCalls,
    dynamodbRequests,
    params: p,
  };
}
