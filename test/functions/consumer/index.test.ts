import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createQueues, createTables, dynamodbClient, ledgerOf, type Queues, sqsClient, type Tables } from '../../support/aws.js';
import { importEntry } from '../../support/entry.js';
import { envelope, lambdaContext, sqsEvent, sqsRecord } from '../../support/factories.js';

const importHandler = async (env: Record<string, string>) =>
  (await importEntry(env, () => import('../../../functions/consumer/index.js'))).handler;

describe('consumer entry point (functions/consumer/index.ts)', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;
  beforeAll(async () => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
    [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const env = () => ({
    AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    QUEUE_URL: queues.queueUrl,
    DEAD_LETTER_QUEUE_URL: queues.deadLetterQueueUrl,
    IDEMPOTENCY_TABLE_NAME: tables.idempotencyTableName,
    LEDGER_TABLE_NAME: tables.ledgerTableName,
    MAX_RECEIVE_COUNT: '5',
    IDEMPOTENCY_TTL_SECONDS: '3600',
  });

  it('reads its environment and applies a batch to the tables it names', async () => {
    const handler = await importHandler(env());
    const body = serializeEnvelope(envelope({ id: 'wired', payload: { account: 'wired-acct', amount: 12 } }));

    const response = await handler(sqsEvent([sqsRecord({ body }), sqsRecord({ body })]), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'wired-acct')).toEqual({ balance: 12, credits: 1 });
  });

  it.each(['DEAD_LETTER_QUEUE_URL', 'IDEMPOTENCY_TABLE_NAME', 'LEDGER_TABLE_NAME', 'QUEUE_URL'])('fails at cold start without %s', async (name) => {
    await expect(importHandler({ ...env(), [name]: '' })).rejects.toThrow(new RegExp(name));
  });

  it('refuses MAX_RECEIVE_COUNT outside 2–1000', async () => {
    await expect(importHandler({ ...env(), MAX_RECEIVE_COUNT: '1' })).rejects.toThrow(/MAX_RECEIVE_COUNT must be an integer between 2 and 1000/);
  });
});
