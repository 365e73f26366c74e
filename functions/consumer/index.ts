import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createObservability } from '../shared/observability.js';
import { loadConsumerConfig } from './config.js';
import { createConsumerHandler } from './handler.js';
import { SHIPPED_TYPES } from '../shared/message-types/index.js';
import { createHandlers } from './handlers/index.js';
import { IdempotencyStore } from './idempotency/index.js';

// Built once per execution environment; AWS_ENDPOINT_URL_SQS / _DYNAMODB (if set) point the clients elsewhere.
const config = loadConsumerConfig(process.env);
const { logger, metrics } = createObservability();
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
const dynamodb = new DynamoDBClient({});

/** Lambda entry for the SQS event source mapping. */
export const handler = createConsumerHandler({
  config,
  sqs,
  store: new IdempotencyStore({ client: dynamodb, tableName: config.idempotencyTableName, ttlSeconds: config.idempotencyTtlSeconds }),
  types: SHIPPED_TYPES,
  handlers: createHandlers({ ledgerTableName: config.ledgerTableName }),
  logger,
  metrics,
});
