import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUEUE_DIMENSION, SERVICE_DIMENSION } from '../../../contract/index.js';
import { createConsumerHandler } from '../../../functions/consumer/handler.js';
import { IdempotencyStore } from '../../../functions/consumer/idempotency/index.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createQueues, createTables, dynamodbClient, sqsClient } from '../../support/aws.js';
import { consumerConfig } from '../../support/conveyor.js';
import { envelope, lambdaContext, sqsEvent, sqsRecord } from '../../support/factories.js';
import { EXAMPLE_TYPES, exampleHandlers } from '../../support/types.js';

/** The EMF lines a function wrote to stdout while `run` ran. */
async function emfLines(run: () => Promise<unknown>): Promise<Array<Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> } }>> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  await run();
  vi.mocked(process.stdout.write).mockRestore();
  return chunks.join('').split('\n').filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
}

describe('createConsumerHandler', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('publishes the consumer\'s metrics under {service} and {service, queue}, invocation after invocation', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const config = consumerConfig(queues, tables, { queueName: 'payments' });
    // The test setup disables Powertools metrics; this test reads them.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const handler = createConsumerHandler({
      config,
      sqs,
      store: new IdempotencyStore({ client: dynamodb, tableName: config.idempotencyTableName, ttlSeconds: 3600 }),
      types: EXAMPLE_TYPES,
      handlers: exampleHandlers(config.tables),
      logger: new Logger({ serviceName: 'dims', logLevel: 'SILENT' }),
      metrics: new Metrics({ serviceName: 'dims', namespace: 'ConveyorTest' }),
    });
    const body = (id: string) => serializeEnvelope(envelope({ id, payload: { account: `dims-${id}`, amount: 1 } }));

    const lines = await emfLines(async () => {
      await handler(sqsEvent([sqsRecord({ body: body('d-1') })]), lambdaContext());
      await handler(sqsEvent([sqsRecord({ body: body('d-2') })]), lambdaContext());
    });

    const processed = lines.filter((line) => 'MessagesProcessed' in line);
    expect(processed).toHaveLength(2);
    for (const line of processed) {
      expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([[SERVICE_DIMENSION], [SERVICE_DIMENSION, QUEUE_DIMENSION]]);
      expect(line).toMatchObject({ [SERVICE_DIMENSION]: 'dims', [QUEUE_DIMENSION]: 'payments', MessagesProcessed: 1 });
    }
  });
});
