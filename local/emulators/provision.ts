import { CreateTableCommand, type CreateTableCommandInput, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSpec, StackSpec, TableSpec } from '../template/specs.js';
import { EmulatorError } from '../errors.js';

/** The clients provisioning talks to (the local AWS endpoint, or an external one such as LocalStack). */
export interface ProvisionClients {
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
}

/** How to provision. */
export interface ProvisionOptions {
  /**
   * Give every queue URL this origin (`http://127.0.0.1:3001`), keeping its path. Queues kept from
   * an earlier run come back with the URL they were created with, whose port may have changed;
   * fauxqs finds a queue by the path of its URL alone. @default the URLs as CreateQueue returns them
   */
  readonly queueUrlOrigin?: string;
}

/** What provisioning created. */
export interface ProvisionResult {
  /** Queue URLs by logical id, as CreateQueue returned them. */
  readonly queueUrls: ReadonlyMap<string, string>;
  /** Tables whose TTL the endpoint does not support (dynalite): items are kept past their expiry. */
  readonly tablesWithoutTtl: readonly string[];
}

/**
 * Creates every queue (dead-letter targets first) and table of the stack. Re-running against an
 * endpoint that already has them is fine, as a CloudFormation update would be: an existing queue
 * keeps its messages and takes the template's attributes, and an existing table is kept as it is.
 */
export async function provisionStack(spec: StackSpec, clients: ProvisionClients, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const queueUrls = new Map<string, string>();
  for (const queue of deadLetterTargetsFirst(spec.queues)) {
    const url = await createQueue(clients.sqs, queue);
    queueUrls.set(queue.logicalId, options.queueUrlOrigin === undefined ? url : new URL(new URL(url).pathname, options.queueUrlOrigin).href);
  }
  const tablesWithoutTtl: string[] = [];
  await Promise.all(spec.tables.map(async (table) => {
    await createTable(clients.dynamodb, table);
    if (table.timeToLiveAttribute !== undefined && !(await enableTtl(clients.dynamodb, table))) tablesWithoutTtl.push(table.tableName);
  }));
  return { queueUrls, tablesWithoutTtl };
}

/** Orders queues so that each dead-letter queue is created before the queues that redrive into it. */
export function deadLetterTargetsFirst(queues: readonly QueueSpec[]): QueueSpec[] {
  const targets = new Set(queues.flatMap((queue) => {
    const policy = queue.attributes.RedrivePolicy;
    return policy === undefined ? [] : [(JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn];
  }));
  return [...queues].sort((a, b) => Number(targets.has(b.arn)) - Number(targets.has(a.arn)));
}

async function createQueue(sqs: SQSClient, queue: QueueSpec): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queue.queueName, Attributes: { ...queue.attributes } }));
    if (QueueUrl === undefined) throw new Error('CreateQueue returned no QueueUrl');
    return QueueUrl;
  } catch (error) {
    if ((error as Error).name === 'QueueNameExists') return updateQueue(sqs, queue);
    throw new EmulatorError(`cannot create queue ${queue.queueName} (${queue.logicalId}): ${(error as Error).message}`, { cause: error });
  }
}

/** A kept queue whose attributes the template changed: set them, as a stack update does. */
async function updateQueue(sqs: SQSClient, queue: QueueSpec): Promise<string> {
  const { FifoQueue, ...settable } = queue.attributes;
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue.queueName }));
    if (QueueUrl === undefined) throw new Error('GetQueueUrl returned no QueueUrl');
    const { Attributes: kept = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['FifoQueue'] }));
    if ((kept.FifoQueue === 'true') !== (FifoQueue === 'true')) {
      throw new Error(`the kept queue is ${kept.FifoQueue === 'true' ? 'FIFO' : 'standard'} and the template's is not; start with --reset to begin from empty queues`);
    }
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: settable }));
    return QueueUrl;
  } catch (error) {
    throw new EmulatorError(`cannot update the kept queue ${queue.queueName} (${queue.logicalId}) to the template: ${(error as Error).message}`, { cause: error });
  }
}

async function createTable(dynamodb: DynamoDBClient, table: TableSpec): Promise<void> {
  const input: CreateTableCommandInput = {
    TableName: table.tableName,
    KeySchema: [...table.keySchema],
    AttributeDefinitions: [...table.attributeDefinitions],
    BillingMode: table.billingMode,
    ...(table.billingMode === 'PROVISIONED' ? { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } : {}),
    ...(table.globalSecondaryIndexes ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'] } : {}),
    ...(table.localSecondaryIndexes ? { LocalSecondaryIndexes: table.localSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'] } : {}),
  };
  try {
    await dynamodb.send(new CreateTableCommand(input));
  } catch (error) {
    if ((error as Error).name === 'ResourceInUseException') return;
    throw new EmulatorError(`cannot create table ${table.tableName} (${table.logicalId}): ${(error as Error).message}`, { cause: error });
  }
}

async function enableTtl(dynamodb: DynamoDBClient, table: TableSpec): Promise<boolean> {
  try {
    await dynamodb.send(new UpdateTimeToLiveCommand({
      TableName: table.tableName,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }));
    return true;
  } catch {
    return false;
  }
}
