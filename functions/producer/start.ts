import { SQSClient } from '@aws-sdk/client-sqs';
import { createObservability } from '../shared/observability.js';
import type { TypeRegistry } from '../shared/message-types/index.js';
import { loadProducerConfig } from './config.js';
import { createProducerHandler } from './handler.js';
import { QueuePublisher } from './publish.js';

/**
 * The producer's Lambda handler for `types` (each type's payload parser, from the project's type
 * modules): reads the environment, builds the SQS client and one publisher per queue, once per
 * execution environment. The CDK app generates the entry that calls it (`infra/constructs/entries.ts`).
 * AWS_ENDPOINT_URL_SQS (if set) points the client elsewhere.
 */
export function startProducer(types: TypeRegistry) {
  const config = loadProducerConfig(process.env);
  const { logger, metrics } = createObservability();
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const queueUrls = new Map(Object.values(config.routes).flat().map((route) => [route.queue, route.queueUrl]));
  const publishers = Object.fromEntries([...queueUrls].map(([queue, queueUrl]) => [queue, new QueuePublisher({ sqs, queueUrl })]));
  return createProducerHandler({ config, publishers, types, logger, metrics });
}
