import { CONSUMER_ENVIRONMENT } from '../../contract/index.js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import type { ConsumerConfig } from '../../functions/consumer/config.js';
import { createConsumer, type ConsumerDeps } from '../../functions/consumer/consumer.js';
import { IdempotencyStore } from '../../functions/consumer/idempotency/index.js';
import type { ProducerConfig } from '../../functions/producer/config.js';
import { createProducer } from '../../functions/producer/producer.js';
import { QueuePublisher } from '../../functions/producer/publish.js';
import type { Queues, Tables } from './aws.js';
import { EXAMPLE_TYPES, exampleHandlers, ledgerTable } from './types.js';

/** A silent logger and a Metrics whose recorded values can be read back. */
export function observability() {
  const logger = new Logger({ serviceName: 'conveyor-test', logLevel: 'SILENT' });
  const metrics = new Metrics({ serviceName: 'conveyor-test', namespace: 'ConveyorTest' });
  const recorded: Array<{ name: string; unit: string; value: number }> = [];
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, unit, value) => {
    recorded.push({ name, unit, value });
    return metrics;
  });
  /** Sum of the values recorded for `name`. */
  const total = (name: string) => recorded.filter((entry) => entry.name === name).reduce((sum, entry) => sum + entry.value, 0);
  return { logger, metrics, recorded, total };
}

/** An INFO-level logger, and a way to run code while collecting the JSON lines it writes. */
export function capturingLogger() {
  const logger = new Logger({ serviceName: 'conveyor-test', logLevel: 'INFO' });
  async function capture<T>(run: () => Promise<T>): Promise<{ result: T; lines: Array<Record<string, unknown>>; raw: string }> {
    const chunks: string[] = [];
    const collect = (chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    };
    // Powertools writes debug/info to stdout and warn/error to stderr; Lambda ships both.
    const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(collect), vi.spyOn(process.stderr, 'write').mockImplementation(collect)];
    try {
      const result = await run();
      const raw = chunks.join('');
      const lines = raw.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
      return { result, lines, raw };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }
  return { logger, capture };
}

/** The real producer wired to fauxqs, sending the example type to `queues.queueUrl` (a FIFO queue with `fifo`). */
export function testProducer(sqs: SQSClient, queues: Queues, options: Partial<ProducerConfig> & { readonly fifo?: boolean } = {}, logger?: Logger) {
  const obs = { ...observability(), ...(logger ? { logger } : {}) };
  const { fifo = false, ...config } = options;
  const resolved: ProducerConfig = {
    routes: { 'ledger.credit': [{ queue: 'ledger', queueUrl: queues.queueUrl, fifo }] },
    maxMessageBytes: 262_144,
    ...config,
  };
  const publishers = { ledger: new QueuePublisher({ sqs, queueUrl: queues.queueUrl }) };
  const produce = createProducer({ config: resolved, publishers, types: EXAMPLE_TYPES, ...obs });
  return { produce, ...obs };
}

/** The consumer's configuration for test queues and tables. */
export function consumerConfig(queues: Queues, tables: Tables, overrides: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    ...queues,
    queueName: 'ledger',
    idempotencyTableName: tables.idempotencyTableName,
    tables: ledgerTable(tables.ledgerTableName),
    fifo: false,
    maxReceiveCount: 5,
    idempotencyTtlSeconds: 3600,
    lockGraceMs: 5000,
    minRemainingMs: 1000,
    retryBaseSeconds: CONSUMER_ENVIRONMENT.retryBaseSeconds.default,
    retryMaxDelaySeconds: CONSUMER_ENVIRONMENT.retryMaxDelaySeconds.default,
    retryBudgetSeconds: CONSUMER_ENVIRONMENT.retryBudgetSeconds.default,
    ...overrides,
  };
}

/** The real consumer wired to fauxqs and dynalite. */
export function testConsumer(
  clients: { sqs: SQSClient; dynamodb: DynamoDBClient },
  config: ConsumerConfig,
  overrides: Partial<Pick<ConsumerDeps, 'types' | 'handlers' | 'store' | 'clock' | 'logger'>> = {},
) {
  const obs = observability();
  const store = new IdempotencyStore({ client: clients.dynamodb, tableName: config.idempotencyTableName, ttlSeconds: config.idempotencyTtlSeconds });
  const consume = createConsumer({
    config,
    sqs: clients.sqs,
    store,
    types: EXAMPLE_TYPES,
    ...obs,
    ...overrides,
    handlers: overrides.handlers ?? exampleHandlers(config.tables),
  });
  return { consume, store, ...obs };
}
