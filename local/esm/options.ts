import type { SQSClient } from '@aws-sdk/client-sqs';
import type { InvocationFailureReason, Invoke } from '../lambda/invocation.js';
import type { SqsEventSourceSpec } from '../template/specs.js';
import { LONG_POLL_SECONDS } from './collect-batch.js';
import { type EventSourceError, EventSourceOptionsError } from '../errors.js';

/** What became of one batch (reported through `onBatch`). */
export interface BatchReport {
  /** The mapping's logical id. */
  readonly mapping: string;
  /** Records the function was invoked with. */
  readonly size: number;
  /** `context.awsRequestId` of the invocation. */
  readonly requestId: string;
  /** True when the invocation succeeded and its response was well-formed (some items may still have failed). */
  readonly ok: boolean;
  /** Why the whole batch failed, when `ok` is false: the invocation's failure reason, or `malformed-response`. */
  readonly reason?: InvocationFailureReason | 'malformed-response';
  /** Records left on the queue to be delivered again after their visibility timeout (all of them when `ok` is false). */
  readonly failedItems: number;
  /** Records deleted from the queue (fewer than `size - failedItems` when a delete failed; see `onError`). */
  readonly deleted: number;
  /** Wall time of the invocation, in ms. */
  readonly durationMs: number;
}

/** Dependencies of an {@link SqsEventSource}. */
export interface SqsEventSourceDeps {
  /** Client the pollers receive and delete with (pointed at the local SQS endpoint). */
  readonly sqs: SQSClient;
  /** URL of `spec.queue` on that endpoint. */
  readonly queueUrl: string;
  /** The target function. */
  readonly invoke: Invoke;
  /** `awsRegion` of the records. */
  readonly region: string;
  /**
   * Concurrent pollers, each with at most one invocation in flight: the mapping's maximum
   * concurrency. Integer 1–1000. @default spec.maximumConcurrency ?? 5
   */
  readonly pollers?: number;
  /**
   * `WaitTimeSeconds` of the receive that waits for a batch's first messages, 1–20. A stopped
   * poller aborts its request, but the queue may still hand the next messages to that abandoned
   * request (they come back after the visibility timeout); a shorter wait narrows that window. @default 20
   */
  readonly longPollSeconds?: number;
  /** Called after every batch is settled. */
  readonly onBatch?: (report: BatchReport) => void;
  /** Called on errors the mapping survives: a failed receive (it backs off), delete or release. */
  readonly onError?: (error: EventSourceError) => void;
}

/** {@link SqsEventSourceDeps} with defaults applied. */
export interface ResolvedEventSourceDeps {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly invoke: Invoke;
  readonly region: string;
  readonly pollers: number;
  readonly longPollSeconds: number;
  readonly onBatch: (report: BatchReport) => void;
  readonly onError: (error: EventSourceError) => void;
}

const KNOWN_KEYS = new Set(['sqs', 'queueUrl', 'invoke', 'region', 'pollers', 'longPollSeconds', 'onBatch', 'onError']);

/** Local default of the mapping's concurrency when `ScalingConfig.MaximumConcurrency` is not set. */
export const DEFAULT_POLLERS = 5;

/** Validates the spec and dependencies (unknown keys rejected) and applies defaults; throws `EventSourceOptionsError`. */
export function resolveDeps(spec: SqsEventSourceSpec, deps: SqsEventSourceDeps): ResolvedEventSourceDeps {
  const unknown = Object.keys(deps).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new EventSourceOptionsError(`SqsEventSourceDeps: unknown option(s) ${unknown.join(', ')}`);
  if (!deps.queueUrl) throw new EventSourceOptionsError('SqsEventSourceDeps.queueUrl is required');
  if (typeof deps.invoke !== 'function') throw new EventSourceOptionsError('SqsEventSourceDeps.invoke must be a function');
  if (!deps.region) throw new EventSourceOptionsError('SqsEventSourceDeps.region is required');
  const pollers = deps.pollers ?? spec.maximumConcurrency ?? DEFAULT_POLLERS;
  if (!Number.isInteger(pollers) || pollers < 1 || pollers > 1000) {
    throw new EventSourceOptionsError(`SqsEventSourceDeps.pollers must be an integer 1–1000 (got ${pollers}) for ${spec.logicalId}`);
  }
  const longPollSeconds = deps.longPollSeconds ?? LONG_POLL_SECONDS;
  if (!Number.isInteger(longPollSeconds) || longPollSeconds < 1 || longPollSeconds > 20) {
    throw new EventSourceOptionsError(`SqsEventSourceDeps.longPollSeconds must be an integer 1–20 (got ${longPollSeconds})`);
  }
  if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1 || spec.batchSize > 10_000) {
    throw new EventSourceOptionsError(`SqsEventSourceSpec.batchSize must be an integer 1–10000 (got ${spec.batchSize}) for ${spec.logicalId}`);
  }
  if (!(spec.maximumBatchingWindowSeconds >= 0 && spec.maximumBatchingWindowSeconds <= 300)) {
    throw new EventSourceOptionsError(`SqsEventSourceSpec.maximumBatchingWindowSeconds must be 0–300 (got ${spec.maximumBatchingWindowSeconds}) for ${spec.logicalId}`);
  }
  return {
    sqs: deps.sqs,
    queueUrl: deps.queueUrl,
    invoke: deps.invoke,
    region: deps.region,
    pollers,
    longPollSeconds,
    onBatch: deps.onBatch ?? (() => undefined),
    onError: deps.onError ?? (() => undefined),
  };
}
