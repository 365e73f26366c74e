import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createProducer, type ProducerDeps } from './producer.js';

/** Wraps the producer in its middlewares: Lambda context in every log line, metrics (and ColdStart) flushed per invocation. */
export function createProducerHandler(deps: ProducerDeps) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(createProducer(deps))
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
