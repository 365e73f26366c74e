import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type ConsumerDeps, createConsumer } from './consumer.js';

/** Wraps the consumer in its middlewares: Lambda context in every log line, metrics (and ColdStart) flushed per invocation. */
export function createConsumerHandler(deps: ConsumerDeps) {
  return middy<SQSEvent, SQSBatchResponse>(createConsumer(deps))
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
