import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStackArtifact } from '../../../local/template/cloud-assembly.js';
import { CloudAssemblyError, UnsupportedTemplateError } from '../../../local/errors.js';
import { buildStackSpec, type StackModelOptions } from '../../../local/template/stack-model.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';

const options: StackModelOptions = { sqsEndpoint: 'http://127.0.0.1:3001', apiKeyValue: (id) => `value-of-${id}` };
const specOf = (template = miniTemplate(), extra: Partial<StackModelOptions> = {}) =>
  buildStackSpec(readStackArtifact(writeAssembly(template)), { ...options, ...extra });

describe('buildStackSpec', () => {
  describe('queues', () => {
    it('names queues after the stack and logical id and resolves the redrive target to the DLQ ARN', () => {
      const spec = specOf();

      const queue = spec.queues.find((candidate) => candidate.logicalId === 'Queue');

      expect(queue).toMatchObject({ queueName: 'Mini-Queue', fifo: false, arn: 'arn:aws:sqs:us-east-1:000000000000:Mini-Queue' });
      expect(JSON.parse(queue?.attributes.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:Mini-Dlq', maxReceiveCount: 3 });
      expect(queue?.attributes.VisibilityTimeout).toBe('30');
    });

    it('keeps .fifo on generated FIFO queue names', () => {
      const template = miniTemplate({ resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } } } });

      expect(specOf(template).queues.find((queue) => queue.logicalId === 'Queue')).toMatchObject({ queueName: 'Mini-Queue.fifo', fifo: true });
    });
  });

  it('reads tables with keys, billing and the TTL attribute', () => {
    expect(specOf().tables).toEqual([expect.objectContaining({
      tableName: 'Mini-Table',
      keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      billingMode: 'PAY_PER_REQUEST',
      timeToLiveAttribute: 'expiresAt',
    })]);
  });

  describe('functions', () => {
    it('resolves the environment to local values and takes the short name from the construct path', () => {
      const [fn] = specOf().functions;

      expect(fn).toMatchObject({ name: 'Worker', functionName: 'Mini-Worker', handler: 'index.handler', timeoutSeconds: 7, memoryMb: 256 });
      expect(fn?.environment).toEqual({
        QUEUE_URL: 'http://127.0.0.1:3001/000000000000/Mini-Queue',
        TABLE: 'Mini-Table',
        DLQ_ARN: 'arn:aws:sqs:us-east-1:000000000000:Mini-Dlq',
        PLAIN: 'x',
      });
    });

    it('uses the queue URLs the provisioner reported once it has them', () => {
      const [fn] = specOf(miniTemplate(), { queueUrls: new Map([['Queue', 'http://elsewhere/q']]) }).functions;

      expect(fn?.environment.QUEUE_URL).toBe('http://elsewhere/q');
    });

    it('rejects a function without a bundled asset', () => {
      const template = miniTemplate({ resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } } } });

      expect(() => specOf(template)).toThrow(UnsupportedTemplateError);
    });
  });

  it('reads the SQS event source mapping with its settings', () => {
    expect(specOf().eventSources).toEqual([expect.objectContaining({
      functionLogicalId: 'Fn',
      batchSize: 5,
      maximumBatchingWindowSeconds: 1,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
      enabled: true,
      queue: expect.objectContaining({ logicalId: 'Queue' }),
    })]);
  });

  describe('REST API', () => {
    it('reads routes with their path, key requirement, validator, model and required parameters', () => {
      const [api] = specOf().apis;

      expect(api?.stageName).toBe('live');
      expect(api?.routes).toEqual([{
        methodLogicalId: 'PutItem',
        httpMethod: 'PUT',
        resourcePath: '/items/{id}',
        apiKeyRequired: true,
        authorizationType: 'NONE',
        functionLogicalId: 'Fn',
        requestModels: { 'application/json': { type: 'object', required: ['a'] } },
        validateRequestBody: true,
        validateRequestParameters: false,
        requestParameters: { 'method.request.header.X-Trace': true },
      }]);
    });

    it('reads keys, usage plans, stage throttling and gateway responses', () => {
      const [api] = specOf().apis;

      expect(api?.apiKeys).toEqual([{ logicalId: 'Key', id: expect.stringMatching(/^[a-z0-9]{10}$/), value: 'value-of-Key', enabled: true }]);
      expect(api?.usagePlans).toEqual([{ logicalId: 'Plan', throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 1000, period: 'DAY' }, apiKeyIds: [api?.apiKeys[0]?.id] }]);
      expect(api?.stageThrottle).toEqual({ rateLimit: 50, burstLimit: 20 });
      expect(api?.gatewayResponses).toEqual([{
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: 404,
        headers: { 'Content-Type': 'application/json' },
        templates: { 'application/json': '{"error":{"code":"NOT_FOUND","message":$context.error.messageString}}' },
      }]);
      expect(api?.id).not.toBe(api?.apiKeys[0]?.id);
    });
  });

  it('resolves the outputs', () => {
    const spec = specOf();

    expect(spec.outputs).toEqual({
      ApiUrl: `https://${spec.apis[0]?.id}.execute-api.us-east-1.amazonaws.com/live/`,
      QueueUrl: 'http://127.0.0.1:3001/000000000000/Mini-Queue',
      TableName: 'Mini-Table',
    });
  });
});

describe('readStackArtifact', () => {
  it('explains how to make a missing assembly', () => {
    expect(() => readStackArtifact(join(writeAssembly(miniTemplate()), 'nowhere'))).toThrow(/cdk synth/);
  });

  it('names the stacks it has when asked for another', () => {
    expect(() => readStackArtifact(writeAssembly(miniTemplate()), 'Other')).toThrow(CloudAssemblyError);
    expect(() => readStackArtifact(writeAssembly(miniTemplate()), 'Other')).toThrow(/Mini/);
  });

  it('takes the region and account from the artifact environment when set', () => {
    const artifact = readStackArtifact(writeAssembly(miniTemplate(), { environment: 'aws://123456789012/eu-west-1' }));

    expect(artifact).toMatchObject({ region: 'eu-west-1', account: '123456789012' });
  });
});
