import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueues, type Queues, receiveAll, sqsClient } from '../../support/aws.js';
import { importEntry } from '../../support/entry.js';
import { credit, jsonEvent, lambdaContext } from '../../support/factories.js';

/** The deployed entry point, imported fresh with `env` as its environment. */
const importHandler = async (env: Record<string, string>) =>
  (await importEntry(env, () => import('../../../functions/producer/index.js'))).handler;

describe('producer entry point (functions/producer/index.ts)', () => {
  let sqs: SQSClient;
  let queues: Queues;
  beforeAll(async () => {
    sqs = sqsClient();
    queues = await createQueues(sqs);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const awsEnv = () => ({
    AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });

  it('reads its environment, sends to the queue it names and emits EMF metrics', async () => {
    const handler = await importHandler({
      ...awsEnv(),
      QUEUE_URL: queues.queueUrl,
      POWERTOOLS_METRICS_NAMESPACE: 'ConveyorTest',
      POWERTOOLS_SERVICE_NAME: 'wiring',
      POWERTOOLS_METRICS_DISABLED: 'false',
    });
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });

    const response = await handler(jsonEvent(credit('acct', 1)), lambdaContext());

    vi.mocked(process.stdout.write).mockRestore();
    expect(response.statusCode).toBe(202);
    expect(await receiveAll(sqs, queues.queueUrl)).toHaveLength(1);
    const emf = lines.map((line) => line.trim()).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(emf).toContainEqual(expect.objectContaining({ MessagesAccepted: 1, service: 'wiring' }));
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('ConveyorTest');
  });

  it('fails at cold start, naming the variable, when QUEUE_URL is missing', async () => {
    vi.stubEnv('QUEUE_URL', '');
    // resetModules gives the entry its own copy of errors.ts, so compare by name.
    await expect(importHandler(awsEnv())).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(importHandler(awsEnv())).rejects.toThrow(/QUEUE_URL/);
  });

  it('refuses a malformed MAX_MESSAGE_BYTES at cold start', async () => {
    await expect(importHandler({ ...awsEnv(), QUEUE_URL: queues.queueUrl, MAX_MESSAGE_BYTES: '2000000' })).rejects.toThrow(/MAX_MESSAGE_BYTES must be an integer between 1024 and 1048576/);
  });
});
