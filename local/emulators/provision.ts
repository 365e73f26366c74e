import { CreateTableCommand, type CreateTableCommandInput, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSpec, StackSpec, TableSpec } from '../template/specs.js';
import { EmulatorError } from './errors.js';

/** The clients provisioning talks to (the local AWS endpoint, or an external one such as LocalStack). */
export interface ProvisionClients {
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
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
 * endpoint that already has them is fine: CreateQueue is idempotent for equal attributes, and an
 * existing table is kept as it is.
 */
export async function provisionStack(spec: StackSpec, clients: ProvisionClients): Promise<ProvisionResult> {
  const queueUrls = new Map<string, string>();
  for (const queue of deadLetterTargetsFirst(spec.queues)) {
    queueUrls.set(queue.logicalId, await createQueue(clients.sqs, queue));
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
    throw new EmulatorError(`cannot create queue ${queue.queueName} (${queue.logicalId}): ${(error as Error).message}`, { cause: error });
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
