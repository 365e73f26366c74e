import type { InvocationResult } from '../lambda/invocation.js';
import type { SqsEventSourceSpec } from '../template/specs.js';
import { Backoff, sleep } from './backoff.js';
import { settleBatch } from './batch-response.js';
import { collectBatch, type CollectedBatch } from './collect-batch.js';
import { deleteMessages } from './delete-messages.js';
import { type EventSourceError, ReceiveFailedError } from '../errors.js';
import { type ResolvedEventSourceDeps, resolveDeps, type SqsEventSourceDeps } from './options.js';
import { releaseMessages } from './release-messages.js';
import type { SqsRecord } from './sqs-event.js';

/**
 * An `AWS::Lambda::EventSourceMapping` from an SQS queue, polling as Lambda does: `pollers`
 * loops each collect a batch (long polling, batching window, 6 MB cap), invoke the function with
 * an SQS event and wait for it, then delete what succeeded. A failed invocation or a malformed
 * `batchItemFailures` response deletes nothing, so the queue's visibility timeout and redrive
 * policy decide what happens next, exactly as on AWS.
 */
export class SqsEventSource {
  private readonly deps: ResolvedEventSourceDeps;
  private controller: AbortController | undefined;
  private loops: Promise<void>[] = [];

  /** Validates `deps` (throws `EventSourceOptionsError`); polls nothing until `start()`. */
  constructor(
    private readonly spec: SqsEventSourceSpec,
    deps: SqsEventSourceDeps,
  ) {
    this.deps = resolveDeps(spec, deps);
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Starts the pollers; does nothing when already running or when the mapping is disabled (`spec.enabled` false). */
  start(): void {
    if (this.controller || !this.spec.enabled) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loops = Array.from({ length: this.deps.pollers }, () => this.poll(controller.signal));
  }

  /**
   * Aborts the receives in progress, invokes with the records a batching window had gathered so
   * far, waits for in-flight invocations to settle (and their deletes), and resolves once no
   * poller, request or timer of the mapping is left.
   */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    await Promise.allSettled(this.loops);
    this.loops = [];
    this.controller = undefined;
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff();
    while (!signal.aborted) {
      let batch: CollectedBatch;
      try {
        batch = await this.collect(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.report(new ReceiveFailedError(`ReceiveMessage failed on ${this.deps.queueUrl}: ${(error as Error).message}`, { cause: error }));
        await sleep(backoff.next(), signal);
        continue;
      }
      backoff.reset();
      await this.release(batch.overflow);
      if (batch.error !== undefined && !signal.aborted) {
        this.report(new ReceiveFailedError(`ReceiveMessage failed on ${this.deps.queueUrl}`, { cause: batch.error }));
      }
      // Stopped during a batching window: invoke with what was gathered rather than bounce it back
      // (an aborted long poll may still be waiting on the queue and would take released messages).
      if (batch.records.length > 0) await this.deliver(batch.records);
    }
  }

  private collect(signal: AbortSignal): Promise<CollectedBatch> {
    return collectBatch({
      sqs: this.deps.sqs,
      queueUrl: this.deps.queueUrl,
      source: { queueArn: this.spec.queue.arn, region: this.deps.region },
      batchSize: this.spec.batchSize,
      batchingWindowSeconds: this.spec.maximumBatchingWindowSeconds,
      longPollSeconds: this.deps.longPollSeconds,
      signal,
    });
  }

  /** Invokes the function with one batch and deletes what succeeded; never throws. */
  private async deliver(records: SqsRecord[]): Promise<void> {
    const startedAt = performance.now();
    const result = await this.invoke(records);
    const durationMs = performance.now() - startedAt;
    const settlement = settleBatch(result, records.map((record) => record.messageId), this.spec.reportBatchItemFailures);
    const base = { mapping: this.spec.logicalId, size: records.length, requestId: result.requestId, durationMs };
    if (!settlement.ok) {
      this.deps.onBatch({ ...base, ok: false, reason: settlement.reason, failedItems: records.length, deleted: 0 });
      return;
    }
    const outcome = await deleteMessages(this.deps.sqs, this.deps.queueUrl, records.filter((record) => settlement.succeeded.has(record.messageId)));
    if (outcome.error) this.report(outcome.error);
    this.deps.onBatch({ ...base, ok: true, failedItems: settlement.failed.size, deleted: outcome.deleted });
  }

  private async invoke(records: SqsRecord[]): Promise<InvocationResult> {
    try {
      return await this.deps.invoke({ Records: records });
    } catch (error) {
      // `Invoke` never rejects by contract; a broken one fails the batch rather than the poller.
      return { requestId: '', durationMs: 0, ok: false, reason: 'crash', error: { errorType: 'Local.InvokeRejected', errorMessage: String(error) } };
    }
  }

  private async release(records: readonly SqsRecord[]): Promise<void> {
    if (records.length === 0) return;
    const error = await releaseMessages(this.deps.sqs, this.deps.queueUrl, records);
    if (error) this.report(error);
  }

  private report(error: EventSourceError): void {
    try {
      this.deps.onError(error);
    } catch {
      // A reporting callback must not stop the poller.
    }
  }
}
