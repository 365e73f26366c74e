/** SDK clients of the ceiling, each counting the HTTP requests it issues. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { OperationCounter } from './stats.js';

/** Region and fixed credentials of every client (the emulators accept any). */
export const CLIENT_BASE = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;

const operationOf = (commandName: string | undefined) => (commandName ?? 'unknown').replace(/Command$/, '');

// In the deserialize step, below the retry middleware: one count per HTTP request sent.
const COUNT_AT = { step: 'deserialize', name: 'ceilingRequestCount' } as const;

/** An SQS client for `endpoint` whose requests (retries included) are added to `issued` under `sqs`. */
export function createSqsClient(endpoint: string, issued: OperationCounter): SQSClient {
  const client = new SQSClient({ ...CLIENT_BASE, endpoint, useQueueUrlAsEndpoint: false });
  client.middlewareStack.add((next, context) => (args) => {
    issued.add('sqs', operationOf(context.commandName));
    return next(args);
  }, COUNT_AT);
  return client;
}

/** A DynamoDB client for `endpoint` whose requests (retries included) are added to `issued` under `dynamodb`. */
export function createDynamoDbClient(endpoint: string, issued: OperationCounter): DynamoDBClient {
  const client = new DynamoDBClient({ ...CLIENT_BASE, endpoint });
  client.middlewareStack.add((next, context) => (args) => {
    issued.add('dynamodb', operationOf(context.commandName));
    return next(args);
  }, COUNT_AT);
  return client;
}
