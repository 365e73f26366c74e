/**
 * AWS SDK clients for a {@link Target}: its region, endpoint and (for the emulators) static
 * credentials. The CLI builds them once per command and injects them into the `ops/` functions.
 * Each SDK package is loaded only when its client is asked for, so a command starts without the
 * clients it does not use.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Target } from './targets.js';

/** Region, endpoint and credentials for any SDK client of the target. */
export function clientConfig(target: Target): { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return {
    region: target.region,
    ...(target.awsEndpoint === undefined ? {} : { endpoint: target.awsEndpoint }),
    ...(target.credentials === undefined ? {} : { credentials: { ...target.credentials } }),
  };
}

/**
 * An SQS client. With an explicit endpoint the queue URL's host is not used (fauxqs' URLs name a
 * host that does not resolve, and the local runtime's already point at its endpoint).
 */
export async function createSqsClient(target: Target): Promise<SQSClient> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  return new SQSClient({ ...clientConfig(target), ...(target.awsEndpoint === undefined ? {} : { useQueueUrlAsEndpoint: false }) });
}

/** A DynamoDB client. */
export async function createDynamoDbClient(target: Target): Promise<DynamoDBClient> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  return new DynamoDBClient(clientConfig(target));
}

/** A CloudWatch (metrics) client. */
export async function createCloudWatchClient(target: Target): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(clientConfig(target));
}

/** A CloudWatch Logs client. */
export async function createLogsClient(target: Target): Promise<CloudWatchLogsClient> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  return new CloudWatchLogsClient(clientConfig(target));
}
