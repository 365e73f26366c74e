import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { provisionStack } from '../../local/emulators/provision.js';
import type { Template } from '../../local/template/cloud-assembly.js';
import type { StackSpec } from '../../local/template/specs.js';
import { buildStackSpec } from '../../local/template/stack-model.js';
import type { ConveyorResourceSet } from './conveyor-template.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

/** An SQS client on the test run's fauxqs. */
export const sqsClient = (): SQSClient =>
  new SQSClient({ endpoint: inject('sqsEndpoint'), region, credentials, useQueueUrlAsEndpoint: false });

/** A DynamoDB client on the test run's dynalite. */
export const dynamodbClient = (): DynamoDBClient => new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region, credentials });

/** A name no other test uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * A test's own values for the main queue, over the template's: a short visibility timeout or a
 * low receive count (below the construct's minimum of 2) keeps redelivery and redrive tests fast.
 */
export interface QueueOptions {
  /** The FIFO variant of the template (`fifo: true`). @default false */
  readonly fifo?: boolean;
  /** `RedrivePolicy.maxReceiveCount`. @default the template's */
  readonly maxReceiveCount?: number;
  /** `VisibilityTimeout`. @default the template's */
  readonly visibilityTimeoutSeconds?: number;
}

/** A main queue with its dead-letter queue, as the stack declares them. */
export interface Queues {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/**
 * Creates the main queue and its DLQ of the synthesized Conveyor template (standard or FIFO), with
 * the local runtime's own provisioning, under names no other test uses; `options` override the
 * template's values on the main queue.
 */
export async function createQueues(sqs: SQSClient, options: QueueOptions = {}): Promise<Queues> {
  const { resources, ids } = conveyorResources(options.fifo ?? false);
  const queues = structuredClone(pick(resources, [ids.queue, ids.deadLetterQueue]));
  const main = queues[ids.queue]!.Properties as Record<string, unknown>;
  if (options.visibilityTimeoutSeconds !== undefined) main.VisibilityTimeout = options.visibilityTimeoutSeconds;
  if (options.maxReceiveCount !== undefined) main.RedrivePolicy = { ...(main.RedrivePolicy as object), maxReceiveCount: options.maxReceiveCount };
  const dynamodb = dynamodbClient();
  try {
    const { queueUrls } = await provisionStack(stackSpec(queues), { sqs, dynamodb });
    return { queueUrl: queueUrls.get(ids.queue) as string, deadLetterQueueUrl: queueUrls.get(ids.deadLetterQueue) as string };
  } finally {
    dynamodb.destroy();
  }
}

/** The idempotency and ledger tables, as the stack declares them. */
export interface Tables {
  readonly idempotencyTableName: string;
  readonly ledgerTableName: string;
}

/** Creates both tables of the synthesized Conveyor template, with the local runtime's own provisioning, under names no other test uses. */
export async function createTables(dynamodb: DynamoDBClient): Promise<Tables> {
  const { resources, ids } = conveyorResources(false);
  const spec = stackSpec(pick(resources, [ids.idempotencyTable, ids.ledgerTable]));
  const sqs = sqsClient();
  try {
    await provisionStack(spec, { sqs, dynamodb });
  } finally {
    sqs.destroy();
  }
  for (const table of spec.tables) await waitUntilActive(dynamodb, table.tableName);
  const nameOf = (logicalId: string) => spec.tables.find((table) => table.logicalId === logicalId)?.tableName as string;
  return { idempotencyTableName: nameOf(ids.idempotencyTable), ledgerTableName: nameOf(ids.ledgerTable) };
}

/** The queues and tables of the template the global setup synthesized. */
function conveyorResources(fifo: boolean): ConveyorResourceSet {
  const provided = inject('conveyorResources');
  if ('error' in provided) throw new Error(`the Conveyor template could not be synthesized, so there are no queues or tables to create: ${provided.error}`);
  return fifo ? provided.fifo : provided.standard;
}

function pick(resources: Template['Resources'], logicalIds: readonly string[]): Template['Resources'] {
  return Object.fromEntries(logicalIds.map((id) => [id, resources[id]!]));
}

/** The specs of `resources` in a stack of their own: local names are `<stack>-<logical id>`, so each call's are new. */
function stackSpec(resources: Template['Resources']): StackSpec {
  return buildStackSpec(
    { stackName: uniqueName('conveyor'), assemblyDir: tmpdir(), template: { Resources: resources } },
    { sqsEndpoint: inject('sqsEndpoint'), apiKeyValue: () => '' },
  );
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

/**
 * A fresh on-demand table `<prefix>-<8 hex>` with a string partition key `keyAttribute` and nothing
 * else: test input for insert-kind handlers, which the synthesized stack has no table for yet.
 */
export async function createKeyedTable(dynamodb: DynamoDBClient, prefix: string, keyAttribute: string): Promise<string> {
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await dynamodb.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: keyAttribute, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await waitUntilActive(dynamodb, tableName);
  return tableName;
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
