import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedEmulators, startEmbeddedEmulators } from '../../../local/emulators/embedded.js';
import { deadLetterTargetsFirst, provisionStack } from '../../../local/emulators/provision.js';
import { readStackArtifact } from '../../../local/template/cloud-assembly.js';
import type { StackSpec } from '../../../local/template/specs.js';
import { buildStackSpec } from '../../../local/template/stack-model.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('embedded emulators and provisioning', () => {
  let emulators: EmbeddedEmulators;
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let spec: StackSpec;

  beforeAll(async () => {
    emulators = await startEmbeddedEmulators();
    sqs = new SQSClient({ region: 'us-east-1', endpoint: emulators.sqsUrl, credentials, useQueueUrlAsEndpoint: false });
    dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: emulators.dynamodbUrl, credentials });
    spec = buildStackSpec(readStackArtifact(writeAssembly(miniTemplate())), { sqsEndpoint: emulators.sqsUrl, apiKeyValue: () => 'k' });
  });
  afterAll(async () => {
    sqs.destroy();
    dynamodb.destroy();
    await emulators.stop();
  });

  it('listens on loopback only', () => {
    expect(new URL(emulators.sqsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(emulators.dynamodbUrl).hostname).toBe('127.0.0.1');
  });

  it('creates every queue with its attributes and redrive policy, with URLs on the endpoint it was called through', async () => {
    const { queueUrls } = await provisionStack(spec, { sqs, dynamodb });

    const url = queueUrls.get('Queue') ?? '';
    expect(url).toBe(`${emulators.sqsUrl}/000000000000/Mini-Queue`);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes?.VisibilityTimeout).toBe('30');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ maxReceiveCount: 3 });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'works' }));
  });

  it('creates every table with its keys and billing mode, and says TTL is not enforced', async () => {
    const result = await provisionStack(spec, { sqs, dynamodb });

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'Mini-Table' }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
    expect(result.tablesWithoutTtl).toEqual(['Mini-Table']);
  });

  it('orders dead-letter targets before the queues that redrive into them', () => {
    const reversed = [...spec.queues].reverse();

    expect(deadLetterTargetsFirst(reversed).map((queue) => queue.logicalId)).toEqual(['Dlq', 'Queue']);
    expect(deadLetterTargetsFirst(spec.queues).map((queue) => queue.logicalId)).toEqual(['Dlq', 'Queue']);
  });
});
