import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { createQueues, createTables, dynamodbClient, ledgerOf, type Queues, sqsClient, type Tables } from '../../support/aws.js';
import { envelope, lambdaContext, sqsEvent, sqsRecord } from '../../support/factories.js';
import { ledgerTable } from '../../support/types.js';
import * as ledgerCredit from '../../../handlers/ledger-credit.js';
import { startConsumer } from '../../../functions/consumer/start.js';

/** A cold start, as the generated entry of a queue carrying the example type runs it, with `env` as the environment. */
const importHandler = async (env: Record<string, string>) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return startConsumer({ 'ledger.credit': ledgerCredit });
};

describe('startConsumer (what a generated consumer entry runs)', () => {
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
    QUEUE_NAME: 'ledger',
    QUEUE_URL: queues.queueUrl,
    DEAD_LETTER_QUEUE_URL: queues.deadLetterQueueUrl,
    IDEMPOTENCY_TABLE_NAME: tables.idempotencyTableName,
    MESSAGE_TABLES: JSON.stringify(ledgerTable(tables.ledgerTableName)),
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

  it.each(['DEAD_LETTER_QUEUE_URL', 'IDEMPOTENCY_TABLE_NAME', 'MESSAGE_TABLES', 'QUEUE_NAME', 'QUEUE_URL'])('fails at cold start without %s', async (name) => {
    await expect(importHandler({ ...env(), [name]: '' })).rejects.toThrow(new RegExp(name));
  });

  it.each([
    ['not JSON', '{', /MESSAGE_TABLES must be JSON/],
    ['an array', '[]', /MESSAGE_TABLES must be a JSON object/],
    ['an entry without a partition key', '{"ledger":{"tableName":"t"}}', /MESSAGE_TABLES entry ledger.partitionKey must be a string/],
  ])('refuses MESSAGE_TABLES that is %s, at cold start', async (_name, value, message) => {
    await expect(importHandler({ ...env(), MESSAGE_TABLES: value })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  });

  it('refuses, at cold start, a handler whose table its type does not declare', async () => {
    await expect(importHandler({ ...env(), MESSAGE_TABLES: '{}' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/writes table ledger, but its type does not declare it/),
    });
  });

  it('refuses MAX_RECEIVE_COUNT outside 2–1000', async () => {
    await expect(importHandler({ ...env(), MAX_RECEIVE_COUNT: '1' })).rejects.toThrow(/MAX_RECEIVE_COUNT must be an integer between 2 and 1000/);
  });
});
