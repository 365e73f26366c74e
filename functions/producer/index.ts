import { SQSClient } from '@aws-sdk/client-sqs';
import { createObservability } from '../shared/observability.js';
import { loadProducerConfig } from './config.js';
import { createProducerHandler } from './handler.js';
import { SHIPPED_TYPES } from '../shared/message-types/index.js';
import { QueuePublisher } from './publish.js';

// Built once per execution environment; AWS_ENDPOINT_URL_SQS (if set) points the client elsewhere.
const config = loadProducerConfig(process.env);
const { logger, metrics } = createObservability();
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** Lambda entry for `POST /messages` and `POST /messages/batch`. */
export const handler = createProducerHandler({
  config,
  publisher: new QueuePublisher({ sqs, queueUrl: config.queueUrl }),
  types: SHIPPED_TYPES,
  logger,
  metrics,
});
