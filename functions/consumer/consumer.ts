import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../contract/index.js';
import { emit } from '../shared/metrics.js';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type RecordResult, processBatch } from './batch.js';
import type { ConsumerConfig } from './config.js';
import { DeadLetterSink } from './dead-letter.js';
import { isConveyorError } from '../shared/errors.js';
import type { HandlerRegistry } from './handlers/index.js';
import { ConveyorError } from '../shared/errors.js';
import type { TypeRegistry } from '../shared/message-types/index.js';
import type { IdempotencyStore } from './idempotency/index.js';
import { applyRetryPlans } from './retry/apply.js';
import { retryPolicies } from './retry/policies.js';

/** What the consumer needs; every AWS-facing part is injected. */
export interface ConsumerDeps {
  readonly config: ConsumerConfig;
  readonly sqs: SQSClient;
  readonly store: IdempotencyStore;
  /** The message types it accepts, with their payload parsers. */
  readonly types: TypeRegistry;
  /** One handler per type of {@link types} (checked when the consumer is built). */
  readonly handlers: HandlerRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Numbers in [0, 1) for the retry schedule's jitter. @default Math.random */
  readonly random?: () => number;
}

/** The SQS batch handler, as the event source mapping calls it (ReportBatchItemFailures). */
export type Consumer = (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SQSBatchResponse>;

/** Without a Lambda context (only in unit tests), assume this much time is left. */
const NO_CONTEXT_REMAINING_MS = 30_000;

/** Builds the consumer: processes a batch once-per-key, then reports the records to retry. */
export function createConsumer(deps: ConsumerDeps): Consumer {
  const { config, sqs, logger, metrics } = deps;
  const clock = deps.clock ?? Date.now;
  const random = deps.random ?? Math.random;
  checkHandlers(deps.types, deps.handlers);
  const retryPolicy = retryPolicies(config, deps.handlers);
  const deadLetters = new DeadLetterSink({ sqs, queueUrl: config.deadLetterQueueUrl, fifo: config.fifo, clock });

  return async function consume(event, context) {
    const remainingMs = () => context?.getRemainingTimeInMillis() ?? NO_CONTEXT_REMAINING_MS;
    const results = await processBatch(event.Records, {
      store: deps.store,
      handlers: deps.handlers,
      logger,
      config,
      clock,
      remainingMs,
      deadLetters,
      types: deps.types,
      fifo: config.fifo,
      maxReceiveCount: config.maxReceiveCount,
      retryPolicy,
      random,
    });

    const retried = await applyRetryPlans(results, { sqs, queueUrl: config.queueUrl });
    if (retried.report.copiesFailed > 0 || retried.report.visibilityChangesFailed > 0) {
      logger.warn('some retries could not be scheduled; those messages come back after the visibility timeout', { ...retried.report });
    }
    report(retried.results);
    return {
      batchItemFailures: retried.results
        .filter((result) => result.outcome.status === 'retry')
        .map((result) => ({ itemIdentifier: result.record.messageId })),
    };
  };

  /**
   * Metrics and logs for the batch: one info line with every record's message id, idempotency key
   * and outcome (one line per batch rather than per message keeps log ingestion cheap), failures
   * at warn with their reason, per-record detail at debug. Payloads are never logged.
   */
  function report(results: readonly RecordResult[]): void {
    const counts = { processed: 0, duplicates: 0, failed: 0, deadLettered: 0 };
    const messages: Array<{ messageId: string; idempotencyKey?: string; outcome: string }> = [];
    for (const { record: message, prepared, outcome } of results) {
      const failure = 'error' in outcome && isConveyorError(outcome.error) ? outcome.error : undefined;
      const ids = { messageId: message.messageId, idempotencyKey: prepared?.envelope.id ?? failure?.idempotencyKey };
      messages.push({ ...ids, outcome: outcome.status });
      switch (outcome.status) {
        case 'processed': {
          counts.processed++;
          emit(metrics, METRICS.ProcessingTime, outcome.finishedAt - outcome.startedAt);
          emit(metrics, METRICS.QueueWait, Math.max(0, outcome.startedAt - Number(message.attributes.SentTimestamp)));
          if (prepared) emit(metrics, METRICS.EndToEndLatency, Math.max(0, outcome.finishedAt - prepared.envelope.acceptedAt));
          logger.debug('message processed', { ...ids, type: prepared?.envelope.type });
          break;
        }
        case 'duplicate':
          counts.duplicates++;
          logger.debug('duplicate skipped', ids);
          break;
        case 'dead-lettered':
          counts.deadLettered++;
          logger.warn('message sent to the dead-letter queue', { ...ids, code: outcome.error.code, reason: outcome.error.message });
          break;
        case 'retry':
        case 'rescheduled':
          counts.failed++;
          logger.warn('message will be retried', {
            ...ids,
            reason: failure?.code ?? outcome.error.name,
            detail: outcome.error.message,
            ...(outcome.plan ? { inSeconds: outcome.plan.delaySeconds, via: outcome.plan.via, attempt: outcome.plan.state?.attempt } : {}),
          });
          break;
      }
    }
    if (counts.processed) emit(metrics, METRICS.MessagesProcessed, counts.processed);
    if (counts.duplicates) emit(metrics, METRICS.DuplicatesSkipped, counts.duplicates);
    if (counts.failed) emit(metrics, METRICS.MessagesFailed, counts.failed);
    if (counts.deadLettered) emit(metrics, METRICS.MessagesDeadLettered, counts.deadLettered);
    logger.info('batch done', { records: results.length, ...counts, messages });
  }
}

/** Every type needs a handler and every handler a type: checked once, when the consumer is built (cold start). */
function checkHandlers(types: TypeRegistry, handlers: HandlerRegistry): void {
  const missing = Object.keys(types).filter((type) => !Object.hasOwn(handlers, type));
  const extra = Object.keys(handlers).filter((type) => !Object.hasOwn(types, type));
  if (missing.length > 0) throw new ConveyorError('CONFIG_INVALID', `no handler for message type(s) ${missing.join(', ')}`);
  if (extra.length > 0) throw new ConveyorError('CONFIG_INVALID', `handler(s) for unknown message type(s) ${extra.join(', ')}`);
}
