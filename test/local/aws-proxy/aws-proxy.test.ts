import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsProxyOptionsError } from '../../../local/errors.js';
import { createAwsProxy, type AwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { EMULATOR_DYNAMODB_SERVICE } from '../../../local/aws-proxy/request-counters.js';
import { uniqueName } from '../../support/aws.js';
import { closedPort, createTable, proxiedDynamodb, proxiedSqs, queryRequest, startProxy } from './support.js';

let proxy: AwsProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('createAwsProxy', () => {
  describe('forwarding', () => {
    it('carries CreateQueue, SendMessage and ReceiveMessage to SQS', async () => {
      // Arrange
      proxy = await startProxy();
      const sqs = proxiedSqs(proxy);

      // Act
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('proxy') }));
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));

      // Assert
      expect(received.Messages?.map((m) => [m.MessageId, m.Body])).toEqual([[sent.MessageId, 'hello']]);
      expect(received.$metadata.httpStatusCode).toBe(200);
      sqs.destroy();
    });

    it('carries CreateTable, PutItem and GetItem to DynamoDB', async () => {
      // Arrange
      proxy = await startProxy();
      const dynamodb = proxiedDynamodb(proxy);

      // Act
      const tableName = await createTable(dynamodb);
      await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: 'a' }, n: { N: '7' } } }));
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: 'a' } }, ConsistentRead: true }));

      // Assert
      expect(Item).toEqual({ id: { S: 'a' }, n: { N: '7' } });
      dynamodb.destroy();
    });

    it('passes the emulators\' own errors through and counts them', async () => {
      // Arrange
      proxy = await startProxy();
      const dynamodb = proxiedDynamodb(proxy);

      // Act
      const error = await dynamodb.send(new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'a' } } })).catch((e: unknown) => e);

      // Assert
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
      expect(proxy.counters.snapshot().dynamodb?.GetItem?.['-']).toMatchObject({ requests: 1, errors: 1, injected: 0 });
      dynamodb.destroy();
    });
  });

  describe('callers and counters', () => {
    it('strips the /_caller/<name> prefix and counts per service, operation and caller', async () => {
      // Arrange
      proxy = await startProxy();
      const consumer = proxiedDynamodb(proxy, { caller: 'Consumer' });
      const outside = proxiedDynamodb(proxy);
      const tableName = await createTable(outside);

      // Act
      await consumer.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: 'a' } } }));
      await consumer.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: 'b' } } }));
      await outside.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: 'a' } } }));

      // Assert
      const snapshot = proxy.counters.snapshot();
      expect(Object.keys(snapshot).sort()).toEqual(['dynamodb', EMULATOR_DYNAMODB_SERVICE]);
      // A request streamed through is one call to the emulator.
      expect(snapshot[EMULATOR_DYNAMODB_SERVICE]?.PutItem?.Consumer?.requests).toBe(2);
      expect(Object.keys(snapshot.dynamodb ?? {}).sort()).toEqual(['CreateTable', 'DescribeTable', 'GetItem', 'PutItem']);
      expect(snapshot.dynamodb?.PutItem).toEqual({
        Consumer: { requests: 2, errors: 0, injected: 0, requestBytes: expect.any(Number), responseBytes: expect.any(Number) },
      });
      expect(snapshot.dynamodb?.PutItem?.Consumer?.requestBytes).toBeGreaterThan(2 * tableName.length);
      expect(snapshot.dynamodb?.GetItem?.['-']?.requests).toBe(1);
      expect(snapshot.dynamodb?.GetItem?.['-']?.responseBytes).toBeGreaterThan(0);
      consumer.destroy();
      outside.destroy();
    });

    it('reset zeroes the counters', async () => {
      // Arrange
      proxy = await startProxy();
      const sqs = proxiedSqs(proxy, { caller: 'Producer' });
      await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('proxy') }));

      // Act
      proxy.counters.reset();

      // Assert
      expect(proxy.counters.snapshot()).toEqual({});
      sqs.destroy();
    });
  });

  describe('service detection', () => {
    it('recognises the SQS query protocol by its form body and forwards it', async () => {
      // Arrange
      proxy = await startProxy();

      // Act
      const form = { Action: 'ListQueues', Version: '2012-11-05' };
      const response = await queryRequest(`${proxy.url}/_caller/Cli/`, form);
      const body = await response.text();

      // Assert: fauxqs may or may not speak the query protocol; the proxy identified, counted and forwarded it.
      expect(body).not.toContain('UnknownOperationException');
      expect(proxy.counters.snapshot().sqs?.ListQueues?.Cli).toMatchObject({
        requests: 1,
        injected: 0,
        requestBytes: new URLSearchParams(form).toString().length,
        responseBytes: Buffer.byteLength(body),
      });
    });

    it.each([
      ['an unknown x-amz-target', { 'x-amz-target': 'Kinesis_20131202.PutRecord', 'content-type': 'application/x-amz-json-1.1' }, '{}'],
      ['no target and a JSON body', { 'content-type': 'application/json' }, '{}'],
      ['a form body without Action', { 'content-type': 'application/x-www-form-urlencoded' }, 'Version=2012-11-05'],
    ])('answers 400 UnknownOperationException to %s', async (_name, headers, body) => {
      // Arrange
      proxy = await startProxy();

      // Act
      const response = await fetch(proxy.url, { method: 'POST', headers, body });

      // Assert
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: expect.any(String) });
      expect(proxy.counters.snapshot()).toEqual({});
    });
  });

  describe('an unreachable upstream', () => {
    it('answers 502 ServiceUnavailable, counts it, and keeps serving', async () => {
      // Arrange
      proxy = await createAwsProxy({ upstream: { sqs: `http://127.0.0.1:${await closedPort()}`, dynamodb: `http://127.0.0.1:${await closedPort()}` } });
      const sqs = proxiedSqs(proxy);

      // Act
      const first = await sqs.send(new CreateQueueCommand({ QueueName: 'q' })).catch((e: unknown) => e);
      const second = await sqs.send(new CreateQueueCommand({ QueueName: 'q' })).catch((e: unknown) => e);

      // Assert
      for (const error of [first, second]) expect(error).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 502 } });
      expect(proxy.counters.snapshot().sqs?.CreateQueue?.['-']).toMatchObject({ requests: 2, errors: 2 });
      sqs.destroy();
    });
  });

  describe('close', () => {
    it('stops listening and leaves no sockets or servers open', async () => {
      // Arrange
      const before = tcpHandles();
      const local = await startProxy();
      const dynamodb = proxiedDynamodb(local);
      await createTable(dynamodb);
      dynamodb.destroy();

      // Act
      await local.close();

      // Assert
      await expect(fetch(local.url)).rejects.toThrow();
      await expect.poll(tcpHandles, { timeout: 2_000 }).toBeLessThanOrEqual(before);
    });
  });

  describe('options', () => {
    it.each([
      ['an unknown option', { upstream: { sqs: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:2' }, host: '0.0.0.0' }, /unknown option host/],
      ['an unknown upstream', { upstream: { sqs: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:2', sns: 'x' } }, /unknown option upstream\.sns/],
      ['a missing upstream', { upstream: { sqs: 'http://127.0.0.1:1' } }, /upstream\.dynamodb must be an http:\/\/ base URL/],
      ['a non-http upstream', { upstream: { sqs: 'https://127.0.0.1:1', dynamodb: 'http://127.0.0.1:2' } }, /upstream\.sqs must be an http:\/\/ base URL/],
    ])('rejects %s', async (_name, options, message) => {
      await expect(createAwsProxy(options as never)).rejects.toThrow(AwsProxyOptionsError);
      await expect(createAwsProxy(options as never)).rejects.toThrow(message);
    });
  });
});

/** TCP servers and sockets this process holds. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}
