import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import type { ConsumerConfig } from '../../functions/consumer/config.js';
import { createConsumer, type ConsumerDeps } from '../../functions/consumer/consumer.js';
import { createHandlers } from '../../functions/consumer/handlers/index.js';
import { IdempotencyStore } from '../../functions/consumer/idempotency/index.js';
import type { ProducerConfig } from '../../functions/producer/config.js';
import { createProducer } from '../../functions/producer/producer.js';
import { QueuePublisher } from '../../functions/producer/publish.js';
import type { Queues, Tables } from './aws.js';

/** A silent logger and a Metrics whose recorded values can be read back. */
export function observability() {
  const logger = new Logger({ serviceName: 'conveyor-test', logLevel: 'SILENT' });
  const metrics = new Metrics({ serviceName: 'conveyor-test', namespace: 'ConveyorTest' });
  const recorded: Array<{ name: string; value: number }> = [];
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, _unit, value) => {
    recorded.push({ name, value });
    return metrics;
  });
  /** Sum of the values recorded for `name`. */
  const total = (name: string) => recorded.filter((entry) => entry.name === name).reduce((sum, entry) => sum + entry.value, 0);
  return { logger, metrics, recorded, total };
}

/** The real producer wired to fauxqs. */
export function testProducer(sqs: SQSClient, queues: Queues, config: Partial<ProducerConfig> = {}) {
  const obs = observability();
  const resolved: ProducerConfig = { queueUrl: queues.queueUrl, fifo: false, maxMessageBytes: 262_144, ...config };
  const produce = createProducer({ config: resolved, publisher: new QueuePublisher({ sqs, queueUrl: resolved.queueUrl }), ...obs });
  return { produce, ...obs };
}

/** The consumer's configuration for test queues and tables. */
export function consumerConfig(queues: Queues, tables: Tables, overrides: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    ...queues,
    ...tables,
    fifo: false,
    maxReceiveCount: 5,
    idempotencyTtlSeconds: 3600,
    lockGraceMs: 5000,
    minRemainingMs: 1000,
    ...overrides,
  };
}

/** The real consumer wired to fauxqs and dynalite. */
export function testConsumer(
  clients: { sqs: SQSClient; dynamodb: DynamoDBClient },
  config: ConsumerConfig,
  overrides: Partial<Pick<ConsumerDeps, 'handlers' | 'store' | 'clock'>> = {},
) {
  const obs = observability();
  const store = new IdempotencyStore({ client: clients.dynamodb, tableName: config.idempotencyTableName, ttlSeconds: config.idempotencyTtlSeconds });
  const consume = createConsumer({
    config,
    sqs: clients.sqs,
    store,
    handlers: createHandlers({ dynamodb: clients.dynamodb, ledgerTableName: config.ledgerTableName }),
    ...obs,
    ...overrides,
  });
  return { consume, store, ...obs };
}
