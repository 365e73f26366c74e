import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import type { FaultRule } from '../../../local/faults/rules.js';
import { queueDepth, uniqueName } from '../../support/aws.js';
import { seededRandom } from '../../support/random.js';
import { createTable, proxiedDynamodb, proxiedSqs, queryRequest, startProxy } from './support.js';

let proxy: AwsProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A proxy with these rules, plus a table made before the rules apply. */
async function setUp(rules: FaultRule | FaultRule[], random?: () => number) {
  const store = new FaultStore(random ? { random } : {});
  proxy = await startProxy(store);
  const admin = proxiedDynamodb(proxy);
  const tableName = await createTable(admin);
  admin.destroy();
  store.set(rules);
  proxy.counters.reset();
  return { store, proxy, tableName };
}

/** The SDK's own default (standard retry mode); the test clients otherwise use 1. */
const SDK_DEFAULT_MAX_ATTEMPTS = 3;

const put = (tableName: string, id = 'a') => new PutItemCommand({ TableName: tableName, Item: { id: { S: id } } });

describe('createAwsProxy with faults', () => {
  describe('injected errors surface in the SDK as AWS errors', () => {
    it('DynamoDB: name is the code, status is the rule\'s', async () => {
      // Arrange
      const { proxy, tableName } = await setUp({ service: 'dynamodb', operation: 'PutItem', error: { code: 'ProvisionedThroughputExceededException', message: 'slow down' } });
      const dynamodb = proxiedDynamodb(proxy);

      // Act
      const error = await dynamodb.send(put(tableName)).catch((e: unknown) => e);

      // Assert
      expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', message: 'slow down', $metadata: { httpStatusCode: 400 } });
      expect(proxy.counters.snapshot().dynamodb?.PutItem?.['-']).toMatchObject({ requests: 1, injected: 1, errors: 0 });
      dynamodb.destroy();
    });

    it('DynamoDB: other operations pass', async () => {
      const { proxy, tableName } = await setUp({ service: 'dynamodb', operation: 'PutItem', error: { code: 'ProvisionedThroughputExceededException' } });
      const dynamodb = proxiedDynamodb(proxy);

      const output = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: 'a' } } }));

      expect(output.$metadata.httpStatusCode).toBe(200);
      dynamodb.destroy();
    });

    it.each([
      [400, 'RequestThrottled'],
      [503, 'ServiceUnavailable'],
    ])('SQS JSON: a %i %s', async (statusCode, code) => {
      // Arrange
      const { proxy } = await setUp({ service: 'sqs', operation: 'CreateQueue', error: { code, statusCode } });
      const sqs = proxiedSqs(proxy);

      // Act
      const error = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('faults') })).catch((e: unknown) => e);

      // Assert
      expect(error).toMatchObject({ name: code, $metadata: { httpStatusCode: statusCode } });
      sqs.destroy();
    });

    it('SQS query protocol: an XML ErrorResponse', async () => {
      // Arrange
      const { proxy } = await setUp({ service: 'sqs', operation: 'ListQueues', error: { code: 'OverLimit', statusCode: 403, message: 'a < b' } });

      // Act
      const response = await queryRequest(proxy.url, { Action: 'ListQueues', Version: '2012-11-05' });

      // Assert
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('text/xml');
      expect(await response.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>OverLimit<\/Code><Message>a &#60; b<\/Message>/);
      expect(proxy.counters.snapshot().sqs?.ListQueues?.['-']?.injected).toBe(1);
    });
  });

  describe('matching', () => {
    it('restricts a rule to the calling function', async () => {
      // Arrange
      const { proxy, tableName } = await setUp({ service: 'dynamodb', function: 'consumer', error: { code: 'InternalServerError', statusCode: 500 } });
      const consumer = proxiedDynamodb(proxy, { caller: 'Consumer' });
      const producer = proxiedDynamodb(proxy, { caller: 'Producer' });

      // Act
      const consumerError = await consumer.send(put(tableName)).catch((e: unknown) => e);
      const producerOutput = await producer.send(put(tableName));

      // Assert
      expect(consumerError).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
      expect(producerOutput.$metadata.httpStatusCode).toBe(200);
      expect(proxy.counters.snapshot().dynamodb?.PutItem).toMatchObject({ Consumer: { injected: 1 }, Producer: { injected: 0, requests: 1 } });
      consumer.destroy();
      producer.destroy();
    });

    it('restricts a rule to the signing region', async () => {
      const { proxy, tableName } = await setUp({ service: 'dynamodb', region: 'eu-west-1', error: { code: 'InternalServerError', statusCode: 500 } });
      const dynamodb = proxiedDynamodb(proxy);

      const output = await dynamodb.send(put(tableName));

      expect(output.$metadata.httpStatusCode).toBe(200);
      dynamodb.destroy();
    });

    it('fires with the rule\'s probability', async () => {
      // Arrange: random() returns 0.1, 0.9, 0.1, 0.9 … against probability 0.5
      let calls = 0;
      const { proxy, tableName } = await setUp({ service: 'dynamodb', probability: 0.5, error: { code: 'InternalServerError', statusCode: 500 } }, () => (calls++ % 2 === 0 ? 0.1 : 0.9));
      const dynamodb = proxiedDynamodb(proxy);

      // Act
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await dynamodb.send(put(tableName)).then(() => 'ok', (e: Error) => e.name));

      // Assert
      expect(outcomes).toEqual(['InternalServerError', 'ok', 'InternalServerError', 'ok']);
      dynamodb.destroy();
    });
  });

  describe('latency', () => {
    it('delays the call by the rule\'s latency, then forwards it', async () => {
      // Arrange
      const { proxy } = await setUp({ service: 'sqs', operation: 'CreateQueue', latencyMs: 300 });
      const sqs = proxiedSqs(proxy);
      const started = performance.now();

      // Act
      const output = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('faults') }));

      // Assert
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(output.QueueUrl).toBeDefined();
      expect(proxy.counters.snapshot().sqs?.CreateQueue?.['-']).toMatchObject({ requests: 1, injected: 0 });
      sqs.destroy();
    });

    it('delays an injected error too', async () => {
      const { proxy, tableName } = await setUp({ service: 'dynamodb', latencyMs: 200, error: { code: 'InternalServerError', statusCode: 500 } });
      const dynamodb = proxiedDynamodb(proxy);
      const started = performance.now();

      const error = await dynamodb.send(put(tableName)).catch((e: unknown) => e);

      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(error).toMatchObject({ name: 'InternalServerError' });
      dynamodb.destroy();
    });
  });

  describe('with the SDK\'s default retries', () => {
    it('a 10 % throttling rate on PutItem still lets every write succeed', async () => {
      // Arrange
      const { proxy, tableName } = await setUp({ service: 'dynamodb', operation: 'PutItem', probability: 0.1, error: { code: 'ProvisionedThroughputExceededException' } }, seededRandom(7));
      const dynamodb = proxiedDynamodb(proxy, { maxAttempts: SDK_DEFAULT_MAX_ATTEMPTS });

      // Act
      for (let i = 0; i < 20; i++) await dynamodb.send(put(tableName, `item-${i}`));

      // Assert
      const count = proxy.counters.snapshot().dynamodb?.PutItem?.['-'];
      expect(count?.injected).toBeGreaterThan(0);
      expect(count?.requests).toBe(20 + (count?.injected ?? 0));
      dynamodb.destroy();
    });

    it('a 50 % InternalError rate on SendMessage still delivers every message', async () => {
      // Arrange
      const { proxy } = await setUp({ service: 'sqs', operation: 'SendMessage', probability: 0.5, error: { code: 'InternalError', statusCode: 500 } }, seededRandom(11));
      const sqs = proxiedSqs(proxy, { maxAttempts: SDK_DEFAULT_MAX_ATTEMPTS });
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('faults') }));

      // Act
      for (let i = 0; i < 10; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));

      // Assert
      const count = proxy.counters.snapshot().sqs?.SendMessage?.['-'];
      expect(count?.injected).toBeGreaterThan(0);
      expect(count?.requests).toBe(10 + (count?.injected ?? 0));
      expect(await queueDepth(sqs, QueueUrl as string)).toMatchObject({ visible: 10 });
      sqs.destroy();
    });
  });
});
