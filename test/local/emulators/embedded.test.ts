import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedEmulators, startEmbeddedEmulators } from '../../../local/emulators/embedded.js';
import { provisionStack } from '../../../local/emulators/provision.js';
import { readStackArtifact } from '../../../local/template/cloud-assembly.js';
import { buildStackSpec } from '../../../local/template/stack-model.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Emulators on `dataDir` with clients and the mini stack provisioned (again, on a restart). */
async function open(dataDir: string | undefined) {
  const emulators = await startEmbeddedEmulators(dataDir === undefined ? {} : { dataDir });
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: emulators.sqsUrl, credentials, useQueueUrlAsEndpoint: false });
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: emulators.dynamodbUrl, credentials });
  const spec = buildStackSpec(readStackArtifact(writeAssembly(miniTemplate())), { sqsEndpoint: emulators.sqsUrl, apiKeyValue: () => 'k' });
  const { queueUrls } = await provisionStack(spec, { sqs, dynamodb }, { queueUrlOrigin: emulators.sqsUrl });
  const table = spec.tables[0]?.tableName ?? '';
  const depth = async (queueUrl: string) => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
    return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible), delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed) };
  };
  return {
    emulators, sqs, dynamodb, table, depth,
    queueUrl: queueUrls.get('Queue') ?? '',
    async close() {
      sqs.destroy();
      dynamodb.destroy();
      await emulators.stop();
    },
  };
}

describe('startEmbeddedEmulators', () => {
  const dirs: string[] = [];
  const opened: EmbeddedEmulators[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'conveyor-data-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((emulators) => emulators.stop().catch(() => undefined)));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('with dataDir', () => {
    it('keeps visible, delayed and in-flight messages and the tables\' items across a restart', async () => {
      const dir = dataDir();
      const first = await open(dir);
      await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: 'visible' }));
      await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: 'delayed', DelaySeconds: 900 }));
      await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: 'in flight' }));
      const { Messages: taken = [] } = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 1 }));
      await first.dynamodb.send(new PutItemCommand({ TableName: first.table, Item: { id: { S: 'kept' } } }));
      await first.close();

      const second = await open(dir);
      const afterRestart = await second.depth(second.queueUrl);
      const item = await second.dynamodb.send(new GetItemCommand({ TableName: second.table, Key: { id: { S: 'kept' } }, ConsistentRead: true }));
      // The one in flight comes back once its visibility timeout (1 s) has passed, with its receive count.
      const received: string[] = [];
      const deadline = Date.now() + 30_000;
      while (received.length < 2 && Date.now() < deadline) {
        const { Messages = [] } = await second.sqs.send(new ReceiveMessageCommand({ QueueUrl: second.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
        received.push(...Messages.map((message) => `${message.Body}#${message.Attributes?.ApproximateReceiveCount}`));
      }
      await second.close();

      expect(taken).toHaveLength(1);
      expect(afterRestart.visible + afterRestart.inFlight).toBe(2);
      expect(afterRestart.delayed).toBe(1);
      expect(item.Item).toEqual({ id: { S: 'kept' } });
      expect(received.sort()).toEqual([`${taken[0]?.Body}#2`, `${taken[0]?.Body === 'visible' ? 'in flight' : 'visible'}#1`].sort());
    });

    it('makes a received message visible again with ChangeMessageVisibility 0, keeping its receive count through a restart', async () => {
      const dir = dataDir();
      const first = await open(dir);
      await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: 'again' }));
      const { Messages: [once] = [] } = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.queueUrl, VisibilityTimeout: 600 }));
      const batch = await first.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: first.queueUrl, Entries: [{ Id: '0', ReceiptHandle: once?.ReceiptHandle, VisibilityTimeout: 0 }] }));
      const { Messages: [twice] = [] } = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.queueUrl, VisibilityTimeout: 600 }));
      await first.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: first.queueUrl, ReceiptHandle: twice?.ReceiptHandle, VisibilityTimeout: 0 }));
      await first.close();

      const second = await open(dir);
      const { Messages: [thrice] = [] } = await second.sqs.send(new ReceiveMessageCommand({ QueueUrl: second.queueUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      await second.close();

      expect(batch.Failed ?? []).toEqual([]);
      expect(twice?.Body).toBe('again');
      expect(thrice?.Body).toBe('again');
      expect(thrice?.Attributes?.ApproximateReceiveCount).toBe('3');
    });
  });

  describe('without dataDir', () => {
    it('keeps nothing across a restart', async () => {
      const first = await open(undefined);
      await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: 'gone' }));
      await first.close();

      const second = await open(undefined);
      const depth = await second.depth(second.queueUrl);
      await second.close();

      expect(depth).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
  });
});
