import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import { inspectionDeadLetterReader } from '../../../local/admin/dlq-inspection.js';
import { inspectedMessages } from '../../../local/admin/fauxqs-inspection.js';
import { fauxqsOldestMessage } from '../../../local/admin/queue-stats.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { LocalRuntimeError } from '../../../local/errors.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import type { DeadLetter } from '../../../ops/dead-letter.js';
import { createQueues, queueDepth, receiveAll, sqsClient } from '../../support/aws.js';
import { call, serveRoutes } from './server.js';

/**
 * The DLQ endpoints on the embedded emulator read the queue through fauxqs' inspection, as the
 * runtime wires them (`oldestMessage: fauxqsOldestMessage(<emulator>)`): looking changes nothing.
 */
describe('/_conveyor/dlq through the emulator inspection', () => {
  const sqs = sqsClient();
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  const list = async (): Promise<{ countsAsReceive: boolean; messages: DeadLetter[] }> => (await call(`${server.base}/_conveyor/dlq`)).json;
  const peek = async (id: string): Promise<DeadLetter> => (await call(`${server.base}/_conveyor/dlq/${encodeURIComponent(id)}`)).json;
  const receiveCount = async (url: string): Promise<number> => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'], VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
    return Number(Messages[0]?.Attributes?.ApproximateReceiveCount);
  };

  beforeAll(async () => {
    ({ queueUrl, deadLetterQueueUrl } = await createQueues(sqs, { maxReceiveCount: 2 }));
    server = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(),
      metrics: new MetricsAggregator(),
      requests: new RequestCounters(),
      health: () => ({}),
      dashboard: {
        sqs,
        queues: [],
        functions: () => ({}),
        deadLetters: { ledger: { queueUrl: deadLetterQueueUrl, sourceQueueUrl: queueUrl } },
        oldestMessage: fauxqsOldestMessage(inject('sqsEndpoint')),
      },
    }));
  });
  afterAll(async () => {
    await server.close();
    sqs.destroy();
  });

  it('lists and peeks twice without raising the receive count', async () => {
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl, MessageBody: 'looked-at' }));
    const id = MessageId as string;

    const first = await list();
    const second = await list();
    const peeked = [await peek(id), await peek(id)];

    expect(first.countsAsReceive).toBe(false);
    expect(first.messages.map((letter) => [letter.messageId, letter.receiveCount, letter.state])).toEqual([[id, 0, 'visible']]);
    expect(second.messages.map((letter) => letter.receiveCount)).toEqual([0]);
    expect(peeked.map((letter) => letter.receiveCount)).toEqual([0, 0]);
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    // The first real receive is the first one counted.
    expect(await receiveCount(deadLetterQueueUrl)).toBe(1);
  });

  it('shows the count a message the redrive policy moved came with, and the id SQS kept', async () => {
    const { queueUrl: source, deadLetterQueueUrl: dlq } = await createQueues(sqs, { maxReceiveCount: 2 });
    const own = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics: new MetricsAggregator(), requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}), deadLetters: { ledger: { queueUrl: dlq, sourceQueueUrl: source } }, oldestMessage: fauxqsOldestMessage(inject('sqsEndpoint')) },
    }));
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: JSON.stringify({ v: 1, id: 'poison-7' }) }));
    // Three receives without a delete: the third moves it (count 3 > maxReceiveCount 2).
    for (let i = 0; i < 3; i += 1) await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));

    const looks = [];
    for (let i = 0; i < 2; i += 1) looks.push((await call(`${own.base}/_conveyor/dlq`)).json.messages[0] as DeadLetter);
    const peeked = (await call(`${own.base}/_conveyor/dlq/${sent.MessageId}`)).json as DeadLetter;
    await own.close();

    expect(looks.map((letter) => letter.receiveCount)).toEqual([3, 3]);
    expect(peeked).toMatchObject({ messageId: sent.MessageId, sourceMessageId: sent.MessageId, idempotencyKey: 'poison-7', origin: 'sqs', receiveCount: 3 });
  });

  it('sees a message in flight, and says so', async () => {
    const { queueUrl: source, deadLetterQueueUrl: dlq } = await createQueues(sqs);
    const own = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics: new MetricsAggregator(), requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}), deadLetters: { ledger: { queueUrl: dlq, sourceQueueUrl: source } }, oldestMessage: fauxqsOldestMessage(inject('sqsEndpoint')) },
    }));
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: 'taken' }));
    await receiveAll(sqs, dlq, 10, 30);

    const listed = (await call(`${own.base}/_conveyor/dlq`)).json.messages as DeadLetter[];
    await own.close();

    expect(listed.map((letter) => [letter.body, letter.state, letter.receiveCount])).toEqual([['taken', 'in-flight', 1]]);
  });

  it('by contrast, ReceiveMessage (AWS, LocalStack) counts every look as one receive or more', async () => {
    const { queueUrl: source, deadLetterQueueUrl: dlq } = await createQueues(sqs);
    const bare = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics: new MetricsAggregator(), requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}), deadLetters: { ledger: { queueUrl: dlq, sourceQueueUrl: source } } },
    }));
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: 'counted' }));

    const looks = [];
    for (let i = 0; i < 2; i += 1) looks.push((await call(`${bare.base}/_conveyor/dlq`)).json);
    await bare.close();

    expect(looks.map((look) => [look.countsAsReceive, look.messages[0].receiveCount])).toEqual([[true, 1], [true, 2]]);
  });
});

describe('inspectedMessages', () => {
  it('calls a message whose visibility timeout or delay is over visible, though fauxqs has not moved it yet', () => {
    const message = (messageId: string) => ({ messageId, body: messageId });
    const now = 1_000_000;

    const states = inspectedMessages({
      ready: [message('ready')],
      delayed: [{ ...message('still-delayed'), delayUntil: now + 1 }, { ...message('delay-over'), delayUntil: now - 1 }],
      inflight: [{ message: message('held'), visibilityDeadline: now + 1 }, { message: message('timed-out'), visibilityDeadline: now - 1 }],
    }, now).map(({ message: { messageId }, state }) => [messageId, state]);

    expect(states).toEqual([['ready', 'visible'], ['still-delayed', 'delayed'], ['delay-over', 'visible'], ['held', 'in-flight'], ['timed-out', 'visible']]);
  });
});

describe('inspectionDeadLetterReader', () => {
  it('raises the runtime\'s QUEUE_NOT_FOUND, naming the queue, when the emulator has no such queue', async () => {
    const reader = inspectionDeadLetterReader(async () => undefined, 'conveyor-dlq');

    for (const look of [() => reader.list(10), () => reader.peek('m-1')]) {
      const error = await look().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LocalRuntimeError);
      expect(error).toMatchObject({ code: 'QUEUE_NOT_FOUND', message: expect.stringContaining('conveyor-dlq') });
    }
  });
});
