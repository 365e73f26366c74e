import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../../local/admin/admin-routes.js';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { MetricsAggregator } from '../../../local/metrics/metrics-aggregator.js';
import { createQueues, type Queues, queueDepth, receiveAll, sqsClient } from '../../support/aws.js';
import { call, serveRoutes } from './server.js';

describe('/_conveyor/dlq', () => {
  const sqs = sqsClient();
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  /** A second queue's pair, `orders`; `ledger`, the first, is the default. */
  let orders: Queues;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  const post = (body: unknown) => call(`${server.base}/_conveyor/dlq/redrive`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const deadLetter = async (body: string, dlqUrl = deadLetterQueueUrl) => {
    const sent = await sqs.send(new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: body,
      MessageAttributes: { 'Conveyor.ErrorCode': { DataType: 'String', StringValue: 'INVALID_PAYLOAD' }, 'Conveyor.ErrorMessage': { DataType: 'String', StringValue: `bad ${body}` } },
    }));
    return sent.MessageId as string;
  };

  beforeAll(async () => {
    ({ queueUrl, deadLetterQueueUrl } = await createQueues(sqs));
    orders = await createQueues(sqs);
    server = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(),
      metrics: new MetricsAggregator(),
      requests: new RequestCounters(),
      health: () => ({}),
      dashboard: {
        sqs,
        queues: [],
        functions: () => ({}),
        deadLetters: {
          ledger: { queueUrl: deadLetterQueueUrl, sourceQueueUrl: queueUrl },
          orders: { queueUrl: orders.deadLetterQueueUrl, sourceQueueUrl: orders.queueUrl },
        },
      },
    }));
  });
  afterAll(async () => {
    await server.close();
    sqs.destroy();
  });

  it('lists the messages without consuming them, and peeks one with its reason', async () => {
    const id = await deadLetter('first');
    await deadLetter('second');

    const list = await call(`${server.base}/_conveyor/dlq?max=10`);
    const one = await call(`${server.base}/_conveyor/dlq/${encodeURIComponent(id)}`);

    expect(list.status).toBe(200);
    expect(list.json).toEqual({ queue: 'ledger', queueUrl: deadLetterQueueUrl, sourceQueueUrl: queueUrl, countsAsReceive: true, messages: [expect.objectContaining({ body: 'first' }), expect.objectContaining({ body: 'second' })] });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ messageId: id, body: 'first', lastError: { code: 'INVALID_PAYLOAD', message: 'bad first' } });
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 2, inFlight: 0, delayed: 0 });
  });

  it('redrives one message, then the rest', async () => {
    const ids = (await call(`${server.base}/_conveyor/dlq`)).json.messages.map((message: { messageId: string }) => message.messageId) as string[];

    const one = await post({ messageId: ids[0] });
    const rest = await post({});

    expect(one).toMatchObject({ status: 200, json: { moved: [{ messageId: ids[0], newMessageId: expect.any(String) }], failed: [] } });
    expect(rest.status).toBe(200);
    expect(rest.json.moved.map((moved: { messageId: string }) => moved.messageId)).toEqual(ids.slice(1));
    expect((await receiveAll(sqs, queueUrl, 10)).map((message) => message.Body).sort()).toEqual(['first', 'second']);
    expect(await queueDepth(sqs, deadLetterQueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('answers 404 for a message that is not there, to a peek and to a redrive', async () => {
    const peek = await call(`${server.base}/_conveyor/dlq/no-such-message`);
    const redrive = await post({ messageId: 'no-such-message' });

    expect(peek).toMatchObject({ status: 404, json: { error: { code: 'MESSAGE_NOT_FOUND' } } });
    expect(redrive).toMatchObject({ status: 404, json: { error: { code: 'MESSAGE_NOT_FOUND' } } });
  });

  describe('?queue= and "queue"', () => {
    it('lists and peeks the named queue\'s dead-letter queue, not the default one', async () => {
      const id = await deadLetter('order-1', orders.deadLetterQueueUrl);

      const list = await call(`${server.base}/_conveyor/dlq?queue=orders`);
      const one = await call(`${server.base}/_conveyor/dlq/${encodeURIComponent(id)}?queue=orders`);
      const elsewhere = await call(`${server.base}/_conveyor/dlq/${encodeURIComponent(id)}?queue=ledger`);

      expect(list.json).toMatchObject({ queue: 'orders', queueUrl: orders.deadLetterQueueUrl, sourceQueueUrl: orders.queueUrl, messages: [{ messageId: id, body: 'order-1' }] });
      expect(one).toMatchObject({ status: 200, json: { messageId: id, body: 'order-1' } });
      expect(elsewhere).toMatchObject({ status: 404, json: { error: { code: 'MESSAGE_NOT_FOUND' } } });
    });

    it('redrives the named queue\'s dead letters to that queue', async () => {
      const id = await deadLetter('order-2', orders.deadLetterQueueUrl);

      const redrive = await post({ queue: 'orders', messageId: id });

      expect(redrive).toMatchObject({ status: 200, json: { queue: 'orders', moved: [{ messageId: id }], failed: [] } });
      expect((await receiveAll(sqs, orders.queueUrl, 1)).map((message) => message.Body)).toEqual(['order-2']);
    });

    it('answers 404 UNKNOWN_QUEUE naming the queues it knows, to a list, a peek and a redrive', async () => {
      const answers = [
        await call(`${server.base}/_conveyor/dlq?queue=payments`),
        await call(`${server.base}/_conveyor/dlq/some-id?queue=payments`),
        await post({ queue: 'payments' }),
      ];

      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 404, json: { error: { code: 'UNKNOWN_QUEUE', message: expect.stringMatching(/payments.*ledger, orders/) } } });
      }
    });

    it('answers 400 to a queue that is not a name', async () => {
      expect(await call(`${server.base}/_conveyor/dlq?queue=`)).toMatchObject({ status: 400, json: { error: { code: 'INVALID_QUEUE' } } });
      expect(await post({ queue: 5 })).toMatchObject({ status: 400, json: { error: { code: 'INVALID_QUEUE' } } });
      expect(await post({ queue: '' })).toMatchObject({ status: 400, json: { error: { code: 'INVALID_QUEUE' } } });
    });
  });

  it.each([
    ['max=0', 'INVALID_MAX'],
    ['max=abc', 'INVALID_MAX'],
    ['max=1001', 'INVALID_MAX'],
  ])('answers 400 to a list with %s', async (query, code) => {
    expect(await call(`${server.base}/_conveyor/dlq?${query}`)).toMatchObject({ status: 400, json: { error: { code, message: expect.any(String) } } });
  });

  it.each([
    ['not JSON', '{', 'INVALID_JSON'],
    ['not an object', '[]', 'INVALID_BODY'],
    ['an unknown field', { messageID: 'x' }, 'INVALID_BODY'],
    ['an empty messageId', { messageId: '' }, 'INVALID_MESSAGE_ID'],
    ['a max of 0', { max: 0 }, 'INVALID_MAX'],
    ['a fractional max', { max: 1.5 }, 'INVALID_MAX'],
    ['a rate of 0', { rate: 0 }, 'INVALID_RATE'],
    ['a rate above 500', { rate: 501 }, 'INVALID_RATE'],
  ])('answers 400 to a redrive with %s', async (_, body, code) => {
    expect(await post(body)).toMatchObject({ status: 400, json: { error: { code } } });
  });

  it('answers 405 to a wrong method', async () => {
    expect((await call(`${server.base}/_conveyor/dlq/redrive`)).status).toBe(405);
    expect((await call(`${server.base}/_conveyor/dlq`, { method: 'DELETE' })).status).toBe(405);
    expect((await call(`${server.base}/_conveyor/dlq/some-id`, { method: 'POST' })).status).toBe(405);
  });

  it('answers 404 when the stack has no dead-letter queue', async () => {
    const bare = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics: new MetricsAggregator(), requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}) },
    }));

    const response = await call(`${bare.base}/_conveyor/dlq`);
    await bare.close();

    expect(response).toMatchObject({ status: 404, json: { error: { code: 'NO_DEAD_LETTER_QUEUE' } } });
  });

  it('answers 502 when SQS fails', async () => {
    const broken = await serveRoutes(createAdminRoutes({
      faults: new FaultStore(), metrics: new MetricsAggregator(), requests: new RequestCounters(), health: () => ({}),
      dashboard: { sqs, queues: [], functions: () => ({}), deadLetters: { ledger: { queueUrl: `${deadLetterQueueUrl}-deleted`, sourceQueueUrl: queueUrl } } },
    }));

    const response = await call(`${broken.base}/_conveyor/dlq`);
    await broken.close();

    expect(response).toMatchObject({ status: 502, json: { error: { code: 'SQS_ERROR', message: expect.stringContaining('QueueDoesNotExist') } } });
  });
});
