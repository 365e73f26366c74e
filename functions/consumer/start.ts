import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AnyTypeModule } from '../handler-api/index.js';
import { createObservability } from '../shared/observability.js';
import { loadConsumerConfig } from './config.js';
import { createConsumerHandler } from './handler.js';
import type { HandlerRegistry } from './handlers/index.js';
import { IdempotencyStore } from './idempotency/index.js';
import type { TypeRegistry } from '../shared/message-types/index.js';

/**
 * A queue's consumer Lambda handler for `modules` (its message types' modules, by type name):
 * reads the environment, builds the clients and each type's handler with the tables the
 * environment names, once per execution environment. The CDK app generates the entry that calls it
 * (`infra/constructs/entries.ts`). AWS_ENDPOINT_URL_SQS / _DYNAMODB (if set) point the clients elsewhere.
 * @throws ConveyorError `CONFIG_INVALID` (at cold start) for a bad environment or a handler whose table is not given
 */
export function startConsumer(modules: Readonly<Record<string, AnyTypeModule>>) {
  const config = loadConsumerConfig(process.env);
  const { logger, metrics } = createObservability();
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const dynamodb = new DynamoDBClient({});
  const types: TypeRegistry = Object.fromEntries(Object.entries(modules).map(([type, module]) => [type, module.payload]));
  const handlers: HandlerRegistry = Object.fromEntries(Object.entries(modules).map(([type, module]) => [type, module.handler({ tables: config.tables, queue: config.queueName })]));
  return createConsumerHandler({
    config,
    sqs,
    store: new IdempotencyStore({ client: dynamodb, tableName: config.idempotencyTableName, ttlSeconds: config.idempotencyTtlSeconds }),
    types,
    handlers,
    logger,
    metrics,
  });
}
