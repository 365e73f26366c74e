import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CONSUMER_ENVIRONMENT, type MessageTable, PROVISIONED_MAXIMUM_POLLERS, PROVISIONED_MINIMUM_POLLERS } from '../../contract/index.js';
import { bindQueueConsumer, bindQueueRetries, bindQueueSender, bindTable, settingVariable } from './bindings.js';
import type { ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';
import { createConveyorFunction } from './functions.js';
import { createQueues } from './queues.js';

/** One queue of the stack: the queue, its dead-letter queue and its consumer. */
export interface QueueUnit {
  /** Its name in the config. */
  readonly name: string;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly consumer: nodejs.NodejsFunction;
  readonly consumerLogGroup: logs.LogGroup;
  /** The message types delivered to it. */
  readonly types: readonly string[];
  /** Its settings, every default applied. */
  readonly settings: ResolvedConveyorQueueProps;
}

/** What `createQueueUnit` builds one queue from. */
export interface QueueUnitProps {
  readonly name: string;
  /** Construct ids' prefix: '' for the default queue (its ids predate several queues), else the name in PascalCase. */
  readonly prefix: string;
  readonly settings: ResolvedConveyorQueueProps;
  /** The generated consumer entry (absolute path). */
  readonly entry: string;
  readonly types: readonly string[];
  /** The tables its types' handlers write, by name, with their partition keys. */
  readonly tables: Readonly<Record<string, { readonly table: dynamodb.Table; readonly partitionKey: string }>>;
  readonly idempotencyTable: dynamodb.Table;
  /** Powertools' variables, shared by every function. */
  readonly powertools: Record<string, string>;
}

/** What a handler may do to the items of a table its type declares (no scans, queries or batches). */
export const EFFECT_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;

/**
 * The consumer's own batched first reads (`Peeks`: one BatchGetItem per batch of messages), on the
 * idempotency table and on each table an insert-kind type's items are records in.
 */
export const PEEK_ACTION = 'dynamodb:BatchGetItem';

/** Creates a queue, its DLQ and its consumer in `scope`, wired to the idempotency table and its types' tables. */
export function createQueueUnit(scope: Construct, props: QueueUnitProps): QueueUnit {
  const p = props.settings;
  const { queue, deadLetterQueue } = createQueues(scope, p, props.prefix);
  const tables: Record<string, MessageTable> = Object.fromEntries(
    Object.entries(props.tables).map(([name, { table, partitionKey }]) => [name, { tableName: table.tableName, partitionKey }]),
  );
  const { fn: consumer, logGroup } = createConveyorFunction(scope, `${props.prefix}Consumer`, {
    entry: props.entry,
    description: `Conveyor consumer of queue ${props.name}: applies each message once, using the idempotency table`,
    memorySize: p.consumerMemorySize,
    timeout: p.consumerTimeout,
    logRetention: p.logRetention,
    environment: {
      ...props.powertools,
      [CONSUMER_ENVIRONMENT.queueName.name]: props.name,
      [CONSUMER_ENVIRONMENT.tables.name]: Stack.of(scope).toJsonString(tables),
      ...settingVariable(CONSUMER_ENVIRONMENT.fifo, p.fifo),
      ...settingVariable(CONSUMER_ENVIRONMENT.maxReceiveCount, p.maxReceiveCount),
      ...settingVariable(CONSUMER_ENVIRONMENT.idempotencyTtlSeconds, p.idempotencyTtl.toSeconds()),
      ...settingVariable(CONSUMER_ENVIRONMENT.retryBaseSeconds, p.retryBaseDelay.toSeconds()),
      ...settingVariable(CONSUMER_ENVIRONMENT.retryMaxDelaySeconds, p.retryMaxDelay.toSeconds()),
      ...settingVariable(CONSUMER_ENVIRONMENT.retryBudgetSeconds, p.retryBudget.toSeconds()),
    },
  });
  bindQueueConsumer(consumer, CONSUMER_ENVIRONMENT.queueUrl, queue, {
    batchSize: p.batchSize,
    ...(p.maxBatchingWindow.isUnresolved() || p.maxBatchingWindow.toMilliseconds() > 0 ? { maxBatchingWindow: p.maxBatchingWindow } : {}),
    ...(p.maxConcurrency === undefined ? {} : { maxConcurrency: p.maxConcurrency }),
    ...(p.minimumPollers === undefined && p.maximumPollers === undefined
      ? {}
      : { provisionedPollerConfig: { minimumPollers: p.minimumPollers ?? PROVISIONED_MINIMUM_POLLERS.default, maximumPollers: p.maximumPollers ?? PROVISIONED_MAXIMUM_POLLERS.default } }),
    reportBatchItemFailures: true,
  });
  // A retried message goes back to its queue as a delayed copy (standard queues).
  bindQueueRetries(consumer, queue);
  // Permanent failures go straight to the DLQ instead of burning the remaining receives.
  bindQueueSender(consumer, CONSUMER_ENVIRONMENT.deadLetterQueueUrl, deadLetterQueue);
  bindTable(
    consumer,
    CONSUMER_ENVIRONMENT.idempotencyTableName,
    props.idempotencyTable,
    'dynamodb:PutItem',
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    PEEK_ACTION,
  );
  for (const { table } of Object.values(props.tables)) table.grant(consumer, ...EFFECT_TABLE_ACTIONS, PEEK_ACTION);
  return { name: props.name, queue, deadLetterQueue, consumer, consumerLogGroup: logGroup, types: props.types, settings: p };
}

