import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { createAwsProxy, type AwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import type { FaultPolicy } from '../../../local/faults/decisions.js';
import { uniqueName, waitUntilActive } from '../../support/aws.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

/** Starts a proxy in front of the test run's emulators (dynalite itself, not the run's own proxy). */
export const startProxy = (faults?: FaultPolicy): Promise<AwsProxy> =>
  createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: inject('dynaliteEndpoint') }, ...(faults ? { faults } : {}) });

/** Client options; `caller` adds the `/_caller/<name>` prefix, `maxAttempts` 1 unless given (so retries do not hide errors). */
interface ClientOptions {
  readonly caller?: string;
  readonly maxAttempts?: number;
}

const endpointOf = (proxy: AwsProxy, caller: string | undefined) => (caller ? `${proxy.url}/_caller/${caller}` : proxy.url);

/** An SQS client on the proxy. */
export const proxiedSqs = (proxy: AwsProxy, options: ClientOptions = {}): SQSClient =>
  new SQSClient({ endpoint: endpointOf(proxy, options.caller), region, credentials, useQueueUrlAsEndpoint: false, maxAttempts: options.maxAttempts ?? 1 });

/** A DynamoDB client on the proxy. */
export const proxiedDynamodb = (proxy: AwsProxy, options: ClientOptions = {}): DynamoDBClient =>
  new DynamoDBClient({ endpoint: endpointOf(proxy, options.caller), region, credentials, maxAttempts: options.maxAttempts ?? 1 });

/** Creates a table with a string partition key `id`. */
export async function createTable(dynamodb: DynamoDBClient): Promise<string> {
  const tableName = uniqueName('proxy');
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  await waitUntilActive(dynamodb, tableName);
  return tableName;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A raw SQS query-protocol request (form body) to the proxy. */
export const queryRequest = (url: string, form: Record<string, string>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(form).toString(),
  });
