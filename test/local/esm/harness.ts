import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, type ReceiveMessageCommandInput, type ReceiveMessageCommandOutput, SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { afterEach } from 'vitest';
import type { EventSourceError } from '../../../local/errors.js';
import type { BatchReport, SqsEventSourceDeps } from '../../../local/esm/options.js';
import type { SqsEvent } from '../../../local/esm/sqs-event.js';
import { SqsEventSource } from '../../../local/esm/sqs-event-source.js';
import type { InvocationFailureReason, InvocationResult, Invoke } from '../../../local/lambda/invocation.js';
import type { QueueSpec, SqsEventSourceSpec } from '../../../local/template/specs.js';
import { createQueues, type QueueOptions, sqsClient } from '../../support/aws.js';

/** A queue spec for a queue created on fauxqs. */
export async function queueSpec(sqs: SQSClient, queueUrl: string, fifo = false): Promise<QueueSpec> {
  const output = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = output.Attributes?.QueueArn ?? '';
  return { logicalId: 'TestQueue', queueName: arn.split(':').pop() ?? '', attributes: {}, fifo, arn };
}

/** An event source mapping spec for `queue`. */
export function eventSourceSpec(queue: QueueSpec, overrides: Partial<SqsEventSourceSpec> = {}): SqsEventSourceSpec {
  return {
    logicalId: 'TestMapping',
    queue,
    functionLogicalId: 'TestFunction',
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    enabled: true,
    ...overrides,
  };
}

/** A successful invocation returning `payload`. */
export const succeeded = (payload: unknown = null): InvocationResult => ({ requestId: randomUUID(), durationMs: 1, ok: true, payload });

/** A failed invocation. */
export const failed = (reason: InvocationFailureReason = 'error'): InvocationResult => ({
  requestId: randomUUID(),
  durationMs: 1,
  ok: false,
  reason,
  error: { errorType: 'Error', errorMessage: 'test failure' },
});

/** The result a fake function gives for one event (the `index`-th it received). */
export type Respond = (event: SqsEvent, index: number) => InvocationResult;

/** A plain function standing in for the Lambda: records every event, waits `delayMs`, answers with `respond`. */
export function fakeFunction(respond: Respond = () => succeeded(), delayMs = 0) {
  const events: SqsEvent[] = [];
  let running = 0;
  const state = { maxConcurrent: 0 };
  const invoke: Invoke = async (event) => {
    const index = events.push(event as SqsEvent) - 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, ++running);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    running--;
    return respond(event as SqsEvent, index);
  };
  return {
    invoke,
    events,
    /** Most invocations seen running at once. */
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    /** Bodies of every record delivered, in delivery order. */
    bodies: () => events.flatMap((event) => event.Records.map((record) => record.body)),
  };
}

/** One ReceiveMessage a mapping's pollers made, and how it ended. */
export interface ReceiveCall {
  /** `WaitTimeSeconds` of the request. */
  readonly waitSeconds: number;
  /** `pending` until it ends; then the number of messages it returned, `aborted` (cancelled by `stop()`) or `failed`. */
  outcome: 'pending' | 'aborted' | 'failed' | number;
}

/** Records every ReceiveMessage sent through `sqs` in `calls`, in the order they were sent. */
function recordReceives(sqs: SQSClient, calls: ReceiveCall[]): void {
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ReceiveMessageCommand') return next(args);
      const call: ReceiveCall = { waitSeconds: (args.input as ReceiveMessageCommandInput).WaitTimeSeconds ?? 0, outcome: 'pending' };
      calls.push(call);
      try {
        const result = await next(args);
        call.outcome = (result.output as ReceiveMessageCommandOutput).Messages?.length ?? 0;
        return result;
      } catch (error) {
        call.outcome = (error as Error).name === 'AbortError' ? 'aborted' : 'failed';
        throw error;
      }
    },
    { step: 'initialize', name: 'recordReceives' },
  );
}

/** What a test mapping is made of. */
export interface TestMapping {
  readonly source: SqsEventSource;
  /** The test's own client (the pollers have theirs, whose receives are in `receives`). */
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly queue: QueueSpec;
  readonly reports: BatchReport[];
  readonly errors: EventSourceError[];
  /** Every ReceiveMessage the pollers sent, in order. */
  readonly receives: ReceiveCall[];
}

/**
 * Registers an `afterEach` that stops every mapping and closes its client, and returns
 * `mapping(...)`: fresh queues (main + DLQ) on fauxqs and a started event source on the main one,
 * polling through a client of its own whose ReceiveMessage calls are recorded.
 */
export function useMappings() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async function mapping(options: {
    invoke: Invoke;
    spec?: Partial<SqsEventSourceSpec>;
    queue?: QueueOptions;
    deps?: Partial<SqsEventSourceDeps>;
    start?: boolean;
  }): Promise<TestMapping> {
    const sqs = sqsClient();
    const pollerSqs = sqsClient();
    cleanups.push(() => sqs.destroy(), () => pollerSqs.destroy());
    const receives: ReceiveCall[] = [];
    recordReceives(pollerSqs, receives);
    const queues = await createQueues(sqs, options.queue);
    const queue = await queueSpec(sqs, queues.queueUrl, options.queue?.fifo ?? false);
    const reports: BatchReport[] = [];
    const errors: EventSourceError[] = [];
    const source = new SqsEventSource(eventSourceSpec(queue, options.spec), {
      sqs: pollerSqs,
      queueUrl: queues.queueUrl,
      invoke: options.invoke,
      region: 'us-east-1',
      pollers: 1,
      onBatch: (report) => reports.push(report),
      onError: (error) => errors.push(error),
      ...options.deps,
    });
    cleanups.push(() => source.stop());
    if (options.start ?? true) source.start();
    return { source, sqs, queueUrl: queues.queueUrl, deadLetterQueueUrl: queues.deadLetterQueueUrl, queue, reports, errors, receives };
  };
}

/** Sends one message per body (in batches of 10, in order); `entry` adds fields to each. */
export async function sendBodies(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
  entry: (body: string, index: number) => Partial<SendMessageBatchRequestEntry> = () => ({}),
): Promise<void> {
  for (let start = 0; start < bodies.length; start += 10) {
    const entries = bodies.slice(start, start + 10).map((body, offset) => ({ Id: String(offset), MessageBody: body, ...entry(body, start + offset) }));
    const output = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (output.Failed?.length) throw new Error(`send failed: ${JSON.stringify(output.Failed)}`);
  }
}

/** `n` distinct bodies: `m0`, `m1`, … */
export const bodies = (n: number, prefix = 'm'): string[] => Array.from({ length: n }, (_, index) => `${prefix}${index}`);
