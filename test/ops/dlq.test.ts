import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES, RETRY_ATTRIBUTE } from '../../contract/index.js';
import { DeadLetterSink } from '../../functions/consumer/dead-letter.js';
import { permanentError } from '../../functions/consumer/errors.js';
import { type AwsProxy, createAwsProxy } from '../../local/aws-proxy/aws-proxy.js';
import { FaultStore } from '../../local/faults/fault-store.js';
import { listDeadLetters, type MovedMessage, peekDeadLetter, redriveDeadLetters } from '../../ops/dlq.js';
import { createQueues, queueDepth, receiveAll, sqsClient } from '../support/aws.js';
import { sqsRecord } from '../support/factories.js';

const sqs = sqsClient();
afterAll(() => sqs.destroy());

/** Dead-letters `body` the way the consumer does for a permanent failure (reason attributes included). */
async function deadLetterViaConsumer(queueUrl: string, body: string, options: { fifo?: boolean; groupId?: string } = {}): Promise<string> {
  const sink = new DeadLetterSink({ sqs, queueUrl, fifo: options.fifo ?? false, clock: () => Date.parse('2025-01-02T03:04:05.000Z') });
  const record = sqsRecord({
    body,
    messageAttributes: { tenant: { dataType: 'String', stringValue: 'acme' } },
    attributes: { ApproximateReceiveCount: '2', ...(options.groupId ? { MessageGroupId: options.groupId } : {}) } as never,
  });
  await sink.send(record, permanentError('INVALID_PAYLOAD', `bad payload in ${body}`));
  return record.messageId;
}

/** Bodies of every message in a queue (visible, in flight or delayed), read without changing anything. */
async function bodiesIn(queueUrl: string): Promise<string[]> {
  const name = queueUrl.split('/').pop() as string;
  const response = await fetch(`${inject('sqsEndpoint')}/_fauxqs/queues/${encodeURIComponent(name)}`);
  const { messages } = await response.json() as { messages: { ready: { body: string }[]; delayed: { body: string }[]; inflight: { message: { body: string } }[] } };
  return [...messages.ready, ...messages.delayed, ...messages.inflight.map((entry) => entry.message)].map((message) => message.body).sort();
}

const bodies = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);


describe('listDeadLetters', () => {
  it('lists every message, more than one receive holds, without consuming any', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('list', 23)) await deadLetterViaConsumer(deadLetterQueueUrl, body);

    const first = await listDeadLetters(sqs, deadLetterQueueUrl);
    const second = await listDeadLetters(sqs, deadLetterQueueUrl);

    expect(first.map((letter) => letter.body).sort()).toEqual(bodies('list', 23));
    expect(new Set(first.map((letter) => letter.messageId)).size).toBe(23);
    expect(second.map((letter) => letter.messageId).sort()).toEqual(first.map((letter) => letter.messageId).sort());
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 23, inFlight: 0, delayed: 0 });
  });

  it('stops at max', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('max', 12)) await deadLetterViaConsumer(deadLetterQueueUrl, body);

    const listed = await listDeadLetters(sqs, deadLetterQueueUrl, { max: 5 });

    expect(listed).toHaveLength(5);
    await expect(listDeadLetters(sqs, deadLetterQueueUrl, { max: 0 })).rejects.toThrow(/max/);
  });

  it('returns nothing for an empty queue', async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);

    expect(await listDeadLetters(sqs, deadLetterQueueUrl)).toEqual([]);
  });
});

describe('peekDeadLetter', () => {
  it("finds a message by id past the first receive, with the consumer's reason parsed", async () => {
    const { deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('other', 14)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
    const sourceMessageId = await deadLetterViaConsumer(deadLetterQueueUrl, 'the-one');
    const id = (await listDeadLetters(sqs, deadLetterQueueUrl)).find((letter) => letter.body === 'the-one')?.messageId as string;

    const letter = await peekDeadLetter(sqs, deadLetterQueueUrl, id);

    expect(letter).toMatchObject({
      messageId: id,
      body: 'the-one',
      messageAttributes: { tenant: 'acme', 'Conveyor.ErrorCode': 'INVALID_PAYLOAD' },
      lastError: { code: 'INVALID_PAYLOAD', message: 'bad payload in the-one', failedAt: '2025-01-02T03:04:05.000Z', sourceMessageId },
    });
    expect(letter?.sentAt).toBeGreaterThan(Date.now() - 60_000);
    expect(letter?.receiveCount).toBeGreaterThanOrEqual(1);
    expect(letter?.attributes.SentTimestamp).toBe(String(letter?.sentAt));
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toMatchObject({ visible: 15, inFlight: 0 });
  });

  it('has no lastError for a message the queue moved after too many receives, and undefined for an unknown id', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs, { maxReceiveCount: 1 });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));
    // Two receives with no delete: the second moves it to the DLQ (the redrive policy, not the consumer).
    for (let i = 0; i < 2; i += 1) await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));

    const letter = await peekDeadLetter(sqs, deadLetterQueueUrl, sent.MessageId as string);

    expect(letter).toMatchObject({ messageId: sent.MessageId, body: 'poison' });
    expect(letter?.lastError).toBeUndefined();
    expect(await peekDeadLetter(sqs, deadLetterQueueUrl, 'no-such-message')).toBeUndefined();
  });
});

describe('redriveDeadLetters', () => {
  it('moves every message back, with its attributes but without the reason, and reports each', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('all', 13)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
    const reported: MovedMessage[] = [];

    const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, ratePerSecond: 500, onMoved: (moved) => reported.push(moved) });

    const received = await receiveAll(sqs, queueUrl);
    expect(result.failed).toEqual([]);
    expect(result.moved).toHaveLength(13);
    expect(reported).toEqual(result.moved);
    expect(received.map((message) => message.Body).sort()).toEqual(bodies('all', 13));
    expect(received.map((message) => message.MessageId).sort()).toEqual(result.moved.map((moved) => moved.newMessageId).sort());
    for (const message of received) expect(Object.keys(message.MessageAttributes ?? {})).toEqual(['tenant']);
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('drops the retry state and history, so a redriven message starts a fresh retry budget', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    // As SQS's redrive policy moves a retried copy: with the state it carried.
    await sqs.send(new SendMessageCommand({
      QueueUrl: deadLetterQueueUrl,
      MessageBody: 'moved-by-sqs',
      MessageAttributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        [RETRY_ATTRIBUTE]: { DataType: 'String', StringValue: '{"attempt":7,"history":[]}' },
        [DEAD_LETTER_ATTRIBUTES.attempts]: { DataType: 'Number', StringValue: '6' },
      },
    }));

    await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl });

    const [received] = await receiveAll(sqs, queueUrl);
    expect(Object.keys(received?.MessageAttributes ?? {})).toEqual(['tenant']);
  });

  it('moves only the message named, leaving the others visible at once', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('keep', 14)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
    const sourceMessageId = await deadLetterViaConsumer(deadLetterQueueUrl, 'move-me');
    const id = (await listDeadLetters(sqs, deadLetterQueueUrl)).find((letter) => letter.body === 'move-me')?.messageId as string;

    const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, messageId: id });

    expect(result.moved).toEqual([{ messageId: id, sourceMessageId, newMessageId: expect.any(String) }]);
    expect(await bodiesIn(queueUrl)).toEqual(['move-me']);
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 14, inFlight: 0, delayed: 0 });
  });

  it('moves nothing for an id that is not in the queue', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    await deadLetterViaConsumer(deadLetterQueueUrl, 'stay');

    const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, messageId: 'no-such-message' });

    expect(result).toEqual({ moved: [], failed: [] });
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toMatchObject({ visible: 1, inFlight: 0 });
  });

  it('moves at most max, at no more than the rate', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    for (const body of bodies('some', 12)) await deadLetterViaConsumer(deadLetterQueueUrl, body);

    const began = performance.now();
    const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, max: 5, ratePerSecond: 10 });
    const took = performance.now() - began;

    expect(result.moved).toHaveLength(5);
    expect(await queueDepth(sqs, queueUrl)).toMatchObject({ visible: 5 });
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 7, inFlight: 0, delayed: 0 });
    // 5 sends at 10/s: the 5th goes 400 ms after the first.
    expect(took).toBeGreaterThanOrEqual(380);
  });

  it('leaves a message dead-lettered after it started for the next redrive', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
    await deadLetterViaConsumer(deadLetterQueueUrl, 'before');
    await new Promise((resolve) => setTimeout(resolve, 5));
    let late: Promise<string> | undefined;

    const result = await redriveDeadLetters({
      sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl,
      // As if the consumer failed the redriven message again at once.
      onMoved: () => { late ??= deadLetterViaConsumer(deadLetterQueueUrl, 'after'); },
    });
    await late;

    expect(result.moved).toHaveLength(1);
    expect(await bodiesIn(queueUrl)).toEqual(['before']);
    expect(await bodiesIn(deadLetterQueueUrl)).toEqual(['after']);
  });

  it('keeps the group id on FIFO queues and sets the DLQ message id as deduplication id', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs, { fifo: true });
    await deadLetterViaConsumer(deadLetterQueueUrl, 'fifo-a', { fifo: true, groupId: 'account-1' });
    const [letter] = await listDeadLetters(sqs, deadLetterQueueUrl);

    const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl });

    const [received] = await receiveAll(sqs, queueUrl);
    expect(result.moved).toHaveLength(1);
    expect(received?.Attributes).toMatchObject({ MessageGroupId: 'account-1', MessageDeduplicationId: letter?.messageId });
  });

  describe('never loses a message when it stops halfway', () => {
    let proxy: AwsProxy;
    const faults = new FaultStore();
    let faulty: SQSClient;

    beforeAll(async () => {
      // Faults injected by the local runtime's AWS endpoint: real SQS errors over HTTP.
      proxy = await createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: inject('dynamodbEndpoint') }, faults });
      faulty = new SQSClient({ endpoint: proxy.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false, maxAttempts: 1 });
    });
    afterAll(async () => {
      faulty.destroy();
      await proxy.close();
    });

    it('when every DeleteMessage fails after the send, each message is in both queues, and reported as failed', async () => {
      const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
      for (const body of bodies('both', 6)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
      faults.set({ service: 'sqs', operation: 'DeleteMessage', error: { code: 'InternalError', statusCode: 500 } });

      const result = await redriveDeadLetters({ sqs: faulty, deadLetterQueueUrl, sourceQueueUrl: queueUrl }).finally(() => faults.clear());

      expect(result.moved).toEqual([]);
      expect(result.failed).toHaveLength(6);
      expect(result.failed[0]?.error).toMatch(/sent to the source queue as .* but not deleted/);
      expect(await bodiesIn(queueUrl)).toEqual(bodies('both', 6));
      expect(await bodiesIn(deadLetterQueueUrl)).toEqual(bodies('both', 6));
    });

    it('when every SendMessage fails, every message stays in the DLQ, visible at once', async () => {
      const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
      for (const body of bodies('stay', 4)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
      faults.set({ service: 'sqs', operation: 'SendMessage', error: { code: 'InternalError', statusCode: 500 } });

      const result = await redriveDeadLetters({ sqs: faulty, deadLetterQueueUrl, sourceQueueUrl: queueUrl }).finally(() => faults.clear());

      expect(result.moved).toEqual([]);
      expect(result.failed.map((failure) => failure.error)).toEqual(Array(4).fill(expect.stringMatching(/not sent to the source queue/)));
      expect(await bodiesIn(queueUrl)).toEqual([]);
      expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 4, inFlight: 0, delayed: 0 });
    });

    it('while a DeleteMessage is in progress, the message is already in the source queue', async () => {
      const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
      await deadLetterViaConsumer(deadLetterQueueUrl, 'in-transit');
      faults.set({ service: 'sqs', operation: 'DeleteMessage', latencyMs: 400 });

      const redrive = redriveDeadLetters({ sqs: faulty, deadLetterQueueUrl, sourceQueueUrl: queueUrl }).finally(() => faults.clear());
      const deadline = Date.now() + 5_000;
      while (faults.stats()[0]?.fired !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      const midway = { source: await bodiesIn(queueUrl), dlq: await bodiesIn(deadLetterQueueUrl) };
      const result = await redrive;

      expect(midway).toEqual({ source: ['in-transit'], dlq: ['in-transit'] });
      expect(result.moved).toHaveLength(1);
      expect(await bodiesIn(deadLetterQueueUrl)).toEqual([]);
    });

    it('a FIFO redrive repeated after a delete failed delivers the message once', async () => {
      const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs, { fifo: true });
      await deadLetterViaConsumer(deadLetterQueueUrl, 'once', { fifo: true, groupId: 'g' });
      faults.set({ service: 'sqs', operation: 'DeleteMessage', error: { code: 'InternalError', statusCode: 500 } });
      const first = await redriveDeadLetters({ sqs: faulty, deadLetterQueueUrl, sourceQueueUrl: queueUrl }).finally(() => faults.clear());

      const second = await redriveDeadLetters({ sqs: faulty, deadLetterQueueUrl, sourceQueueUrl: queueUrl });

      expect(first.failed).toHaveLength(1);
      expect(second.moved).toHaveLength(1);
      expect(await bodiesIn(deadLetterQueueUrl)).toEqual([]);
      expect(await bodiesIn(queueUrl)).toEqual(['once']);
    });

    it('an abort stops before the next message; the moved ones are in the source, the rest visible in the DLQ', async () => {
      const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs);
      for (const body of bodies('abort', 10)) await deadLetterViaConsumer(deadLetterQueueUrl, body);
      const controller = new AbortController();
      let moved = 0;

      const result = await redriveDeadLetters({
        sqs, deadLetterQueueUrl, sourceQueueUrl: queueUrl, ratePerSecond: 20, signal: controller.signal,
        onMoved: () => { moved += 1; if (moved === 3) controller.abort(); },
      });

      expect(result.moved).toHaveLength(3);
      const source = await bodiesIn(queueUrl);
      const dlq = await bodiesIn(deadLetterQueueUrl);
      expect(source).toHaveLength(3);
      expect([...source, ...dlq].sort()).toEqual(bodies('abort', 10));
      expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 7, inFlight: 0, delayed: 0 });
    });
  });
});
