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
import type { IdempotencyStore } from './idempotency/index.js';
import { changeVisibility, inProgressRetryDelay } from './retry-visibility.js';

/** What the consumer needs; every AWS-facing part is injected. */
export interface ConsumerDeps {
  readonly config: ConsumerConfig;
  readonly sqs: SQSClient;
  readonly store: IdempotencyStore;
  readonly handlers: HandlerRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default Date.now */
  readonly clock?: () => number;
}

/** The SQS batch handler, as the event source mapping calls it (ReportBatchItemFailures). */
export type Consumer = (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SQSBatchResponse>;

/** Without a Lambda context (only in unit tests), assume this much time is left. */
const NO_CONTEXT_REMAINING_MS = 30_000;

/** Builds the consumer: processes a batch once-per-key, then reports the records to retry. */
export function createConsumer(deps: ConsumerDeps): Consumer {
  const { config, sqs, logger, metrics } = deps;
  const clock = deps.clock ?? Date.now;
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
      fifo: config.fifo,
      maxReceiveCount: config.maxReceiveCount,
    });

    await shortenInProgressRetries(results);
    report(results);
    return {
      batchItemFailures: results
        .filter((result) => result.outcome.status === 'retry')
        .map((result) => ({ itemIdentifier: result.record.messageId })),
    };
  };

  /** In-flight duplicates come back in seconds, not after a whole visibility timeout. */
  async function shortenInProgressRetries(results: readonly RecordResult[]): Promise<void> {
    const now = clock();
    const changes = results.flatMap(({ record, outcome }) => {
      const retry = outcome.status === 'retry' && isConveyorError(outcome.error) ? outcome.error.retry : undefined;
      return retry?.kind === 'in-flight'
        ? [{
            receiptHandle: record.receiptHandle,
            seconds: inProgressRetryDelay({
              receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
              maxReceiveCount: config.maxReceiveCount,
              lockRemainingMs: retry.lockExpiresAt - now,
            }),
          }]
        : [];
    });
    if (changes.length === 0) return;
    const failed = await changeVisibility(sqs, config.queueUrl, changes);
    if (failed > 0) logger.warn('could not shorten the visibility of in-flight duplicates', { failed });
  }

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
          counts.failed++;
          logger.warn('message will be retried', { ...ids, reason: failure?.code ?? outcome.error.name, detail: outcome.error.message });
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
