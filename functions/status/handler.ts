import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createStatusFunction, type StatusDeps } from './status.js';

/** Wraps the status function in its middleware: the Lambda context in every log line. */
export function createStatusHandler(deps: StatusDeps) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(createStatusFunction(deps)).use(injectLambdaContext(deps.logger, { resetKeys: true }));
}
