import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueues, type Queues, receiveAll, sqsClient } from '../../support/aws.js';
import { credit, jsonEvent, lambdaContext } from '../../support/factories.js';
import { EXAMPLE_TYPES } from '../../support/types.js';
import { startProducer } from '../../../functions/producer/start.js';

/** A cold start, as the generated producer entry runs it, with `env` as the environment. */
const importHandler = async (env: Record<string, string>) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return startProducer(EXAMPLE_TYPES);
};

/** `MESSAGE_ROUTES` sending the example type to `queueUrl`. */
const routes = (queueUrl: string, fifo = false) => JSON.stringify({ 'ledger.credit': [{ queue: 'ledger', queueUrl, fifo }] });

describe('startProducer (what the generated producer entry runs)', () => {
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
      MESSAGE_ROUTES: routes(queues.queueUrl),
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

  it('fails at cold start, naming the variable, when MESSAGE_ROUTES is missing', async () => {
    vi.stubEnv('MESSAGE_ROUTES', '');
    await expect(importHandler(awsEnv())).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(importHandler(awsEnv())).rejects.toThrow(/MESSAGE_ROUTES/);
  });

  it('refuses, at cold start, a route without its queue URL', async () => {
    await expect(importHandler({ ...awsEnv(), MESSAGE_ROUTES: '{"ledger.credit":[{"queue":"ledger","fifo":false}]}' })).rejects.toThrow(
      /MESSAGE_ROUTES entry ledger.credit\[0\].queueUrl must be a string/,
    );
  });

  it('sends a FIFO route\'s messages with their group, and refuses one without a group naming the type', async () => {
    const fifo = await createQueues(sqs, { fifo: true });
    const handler = await importHandler({ ...awsEnv(), MESSAGE_ROUTES: routes(fifo.queueUrl, true) });

    const grouped = await handler(jsonEvent({ ...credit('acct', 1), groupId: 'g1' }), lambdaContext());
    const ungrouped = await handler(jsonEvent(credit('acct', 2)), lambdaContext());

    expect(grouped.statusCode).toBe(202);
    expect(ungrouped.statusCode).toBe(400);
    expect(JSON.parse(ungrouped.body).error.message).toMatch(/groupId is required: type ledger.credit goes to a FIFO queue/);
    expect(await receiveAll(sqs, fifo.queueUrl)).toHaveLength(1);
  });

  it('refuses a malformed MAX_MESSAGE_BYTES at cold start', async () => {
    await expect(importHandler({ ...awsEnv(), MESSAGE_ROUTES: routes(queues.queueUrl), MAX_MESSAGE_BYTES: '2000000' })).rejects.toThrow(/MAX_MESSAGE_BYTES must be an integer between 1024 and 1048576/);
  });
});
