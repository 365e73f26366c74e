import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { QUEUE_DIMENSION } from '../../contract/index.js';
import { type ConsumerDeps, createConsumer } from './consumer.js';

/**
 * Wraps the consumer in its middlewares: Lambda context in every log line, the queue's dimension
 * set, metrics (and ColdStart) flushed per invocation.
 */
export function createConsumerHandler(deps: ConsumerDeps) {
  return middy<SQSEvent, SQSBatchResponse>(createConsumer(deps))
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(queueDimension(deps.metrics, deps.config.queueName))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}

/**
 * Publishes every metric of the invocation under `{service}` and `{service, queue}`
 * (`QUEUE_DIMENSION`). Powertools clears dimension sets with each flush, so they are added again
 * before every invocation.
 */
function queueDimension(metrics: Metrics, queue: string): MiddlewareObj<SQSEvent, SQSBatchResponse> {
  return {
    before: () => {
      metrics.addDimensions({});
      metrics.addDimensions({ [QUEUE_DIMENSION]: queue });
    },
  };
}
