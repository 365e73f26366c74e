import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

/** An SQS client on the test run's fauxqs. */
export const sqsClient = (): SQSClient =>
  new SQSClient({ endpoint: inject('sqsEndpoint'), region, credentials, useQueueUrlAsEndpoint: false });

/** A DynamoDB client on the test run's dynalite. */
export const dynamodbClient = (): DynamoDBClient => new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region, credentials });

/** A name no other test uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Options of {@link createQueues}. */
export interface QueueOptions {
  readonly fifo?: boolean;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutSeconds?: number;
}

/** A main queue with its dead-letter queue, as the stack declares them. */
export interface Queues {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/** Creates a queue and its DLQ (redrive after `maxReceiveCount`). */
export async function createQueues(sqs: SQSClient, options: QueueOptions = {}): Promise<Queues> {
  const suffix = options.fifo ? '.fifo' : '';
  const fifoAttributes = options.fifo ? { FifoQueue: 'true' } : {};
  const base = uniqueName('conveyor');
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${base}-dlq${suffix}`, Attributes: { ...fifoAttributes } }));
  const dlqArn = await queueArn(sqs, dlq.QueueUrl as string);
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${base}${suffix}`,
      Attributes: {
        ...fifoAttributes,
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 5 }),
      },
    }),
  );
  return { queueUrl: main.QueueUrl as string, deadLetterQueueUrl: dlq.QueueUrl as string };
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const output = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return output.Attributes?.QueueArn as string;
}

/** The idempotency and ledger tables, as the stack declares them. */
export interface Tables {
  readonly idempotencyTableName: string;
  readonly ledgerTableName: string;
}

/** Creates both tables (on-demand, string partition keys `id` and `account`). */
export async function createTables(dynamodb: DynamoDBClient): Promise<Tables> {
  const idempotencyTableName = uniqueName('idempotency');
  const ledgerTableName = uniqueName('ledger');
  for (const [name, key] of [[idempotencyTableName, 'id'], [ledgerTableName, 'account']] as const) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      }),
    );
    await waitUntilActive(dynamodb, name);
  }
  return { idempotencyTableName, ledgerTableName };
}

/**
 * Waits until a new table is ACTIVE. dynalite (even with `createTableMs: 0`) answers CreateTable
 * while the table is still CREATING, and a request in that window gets ResourceNotFoundException.
 */
export async function waitUntilActive(dynamodb: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An account's ledger row: balance in cents and how many credits were applied. */
export async function ledgerOf(dynamodb: DynamoDBClient, tableName: string, account: string): Promise<{ balance: number; credits: number }> {
  const output = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { account: { S: account } }, ConsistentRead: true }));
  return { balance: Number(output.Item?.balance?.N ?? 0), credits: Number(output.Item?.credits?.N ?? 0) };
}

/** Receives what is visible on a queue now (up to `max`), with every attribute. Leaves it in flight (queue's visibility timeout unless given). */
export async function receiveAll(sqs: SQSClient, queueUrl: string, max = 100, visibilityTimeout?: number): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < max) {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - messages.length),
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(visibilityTimeout !== undefined ? { VisibilityTimeout: visibilityTimeout } : {}),
        WaitTimeSeconds: 0,
      }),
    );
    if (!output.Messages?.length) break;
    messages.push(...output.Messages);
  }
  return messages;
}

/** Visible + in-flight + delayed message counts of a queue. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
  const output = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const attributes = output.Attributes ?? {};
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}
