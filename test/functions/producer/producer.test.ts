import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../functions/shared/envelope.js';
import { deduplicationIdOf, keyScopeOf } from '../../../functions/producer/producer.js';
import { createQueues, type Queues, queueDepth, receiveAll, sqsClient } from '../../support/aws.js';
import { capturingLogger, testProducer } from '../../support/conveyor.js';
import { apiEvent, credit, jsonEvent } from '../../support/factories.js';

const body = (response: { body: string }) => JSON.parse(response.body);

describe('producer', () => {
  let sqs: SQSClient;
  let queues: Queues;

  beforeAll(() => {
    sqs = sqsClient();
  });
  beforeEach(async () => {
    queues = await createQueues(sqs);
  });

  describe('POST /messages', () => {
    it('answers 202 with the idempotency key as id and enqueues an envelope', async () => {
      const { produce, total } = testProducer(sqs, queues);

      const response = await produce(jsonEvent(credit('acct-1', 250), { headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'order-42' } }));

      expect(response.statusCode).toBe(202);
      expect(body(response)).toEqual({ id: 'order-42', messageId: expect.any(String) });
      const [message] = await receiveAll(sqs, queues.queueUrl);
      const envelope = parseEnvelope(message!.Body as string);
      expect(envelope).toMatchObject({ v: 1, id: 'order-42', type: 'ledger.credit', payload: { account: 'acct-1', amount: 250 } });
      expect(envelope.acceptedAt).toBeGreaterThan(Date.now() - 10_000);
      expect(total('MessagesAccepted')).toBe(1);
    });

    it('generates an id when no Idempotency-Key is sent', async () => {
      const { produce } = testProducer(sqs, queues);

      const first = body(await produce(jsonEvent(credit('acct-1', 1))));
      const second = body(await produce(jsonEvent(credit('acct-1', 1))));

      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.id).not.toBe(first.id);
    });

    it('passes delaySeconds to SQS', async () => {
      const { produce } = testProducer(sqs, queues);

      await produce(jsonEvent(credit('acct-1', 1, { delaySeconds: 60 })));

      expect(await queueDepth(sqs, queues.queueUrl)).toMatchObject({ visible: 0, delayed: 1 });
    });

    it('accepts charset=utf-8 and header names in any case', async () => {
      const { produce } = testProducer(sqs, queues);

      const response = await produce(jsonEvent(credit('acct-1', 1), { headers: { 'CONTENT-TYPE': 'Application/JSON; charset="UTF-8"', 'idempotency-KEY': 'k1' } }));

      expect(response.statusCode).toBe(202);
      expect(body(response).id).toBe('k1');
    });

    it('accepts a base64-encoded UTF-8 body', async () => {
      const { produce } = testProducer(sqs, queues);
      const raw = Buffer.from(JSON.stringify(credit('äccount', 1)), 'utf8');

      const response = await produce(apiEvent({ body: raw.toString('base64'), isBase64Encoded: true }));

      // 'äccount' is not a valid account id: the payload is rejected, but only after decoding worked.
      expect(body(response).error.code).toBe('INVALID_PAYLOAD');
    });
  });

  describe('POST /messages/batch', () => {
    it('sends up to 100 messages and answers per item, in order', async () => {
      const { produce, total } = testProducer(sqs, queues);
      const messages = Array.from({ length: 100 }, (_, index) => ({ ...credit(`acct-${index % 7}`, index + 1), idempotencyKey: `batch-${index}` }));

      const response = await produce(jsonEvent({ messages }, { resource: '/messages/batch' }));

      expect(response.statusCode).toBe(202);
      const result = body(response);
      expect(result.accepted).toBe(100);
      expect(result.failed).toBe(0);
      expect(result.results.map((item: { id: string }) => item.id)).toEqual(messages.map((message) => message.idempotencyKey));
      expect(result.results.every((item: { messageId?: string }) => typeof item.messageId === 'string')).toBe(true);
      expect((await queueDepth(sqs, queues.queueUrl)).visible).toBe(100);
      expect(total('MessagesAccepted')).toBe(100);
    });

    it('generates ids for items without a key', async () => {
      const { produce } = testProducer(sqs, queues);

      const result = body(await produce(jsonEvent({ messages: [credit('a', 1), credit('b', 2)] }, { resource: '/messages/batch' })));

      expect(result.results[0].id).not.toBe(result.results[1].id);
    });
  });

  describe('FIFO queue', () => {
    it('sends the group and deduplicates on the idempotency key within the caller\'s scope', async () => {
      const fifo = await createQueues(sqs, { fifo: true });
      const { produce } = testProducer(sqs, fifo, { fifo: true });
      const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'same' };

      const first = await produce(jsonEvent(credit('acct-1', 5, { groupId: 'acct-1' }), { headers }));
      const second = await produce(jsonEvent(credit('acct-1', 5, { groupId: 'acct-1' }), { headers }));

      expect(first.statusCode).toBe(202);
      expect(second.statusCode).toBe(202);
      const received = await receiveAll(sqs, fifo.queueUrl);
      expect(received).toHaveLength(1);
      expect(received[0]!.Attributes).toMatchObject({ MessageGroupId: 'acct-1', MessageDeduplicationId: deduplicationIdOf({ id: 'same', scope: 'test-key' }) });
    });

    it('does not deduplicate the same key sent with two different API keys', async () => {
      const fifo = await createQueues(sqs, { fifo: true });
      const { produce } = testProducer(sqs, fifo, { fifo: true });
      const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'shared' };
      // Different groups, because fauxqs hands out one message per group per receive; SQS
      // deduplicates across the whole queue, so the groups do not keep the copies apart.
      const as = (apiKeyId: string) => {
        const event = jsonEvent(credit('acct-1', 5, { groupId: apiKeyId }), { headers });
        return { ...event, requestContext: { ...event.requestContext, identity: { ...event.requestContext.identity, apiKeyId } } };
      };

      await produce(as('client-a'));
      await produce(as('client-b'));

      const bodies = (await receiveAll(sqs, fifo.queueUrl)).map((message) => JSON.parse(message.Body ?? '{}'));
      expect(bodies.map((body) => body.scope).sort()).toEqual(['client-a', 'client-b']);
    });

    it('requires groupId and refuses delaySeconds', async () => {
      const fifo = await createQueues(sqs, { fifo: true });
      const { produce } = testProducer(sqs, fifo, { fifo: true });

      const noGroup = await produce(jsonEvent(credit('acct-1', 5)));
      const delayed = await produce(jsonEvent(credit('acct-1', 5, { groupId: 'g', delaySeconds: 5 })));

      expect(noGroup.statusCode).toBe(400);
      expect(body(noGroup).error.message).toMatch(/groupId is required/);
      expect(delayed.statusCode).toBe(400);
      expect(body(delayed).error.message).toMatch(/delaySeconds is not supported/);
      expect(await queueDepth(sqs, fifo.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
  });
});

describe('producer logs', () => {
  it('carry idempotency keys and SQS message ids, never a payload', async () => {
    const sqs = sqsClient();
    const queues = await createQueues(sqs);
    const { logger, capture } = capturingLogger();
    const { produce } = testProducer(sqs, queues, {}, logger);

    const { lines, raw } = await capture(async () => {
      await produce(jsonEvent(credit('secret-account-1', 31337), { headers: { 'content-type': 'application/json', 'idempotency-key': 'log-1' } }));
      await produce(jsonEvent({ messages: [{ ...credit('secret-account-2', 31338), idempotencyKey: 'log-2' }] }, { resource: '/messages/batch' }));
      await produce(jsonEvent(credit('secret-account-3', -31339)));
    });

    expect(lines).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'message accepted', idempotencyKey: 'log-1', messageId: expect.any(String) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'batch accepted', idempotencyKeys: ['log-2'] }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'request rejected', code: 'INVALID_PAYLOAD' }));
    expect(raw).not.toMatch(/secret-account|3133[789]/);
  });
});

describe('key scope', () => {
  it('is the API key id API Gateway authenticated, and absent without one', () => {
    const event = apiEvent();

    expect(keyScopeOf(event)).toBe('test-key');
    expect(keyScopeOf({ ...event, requestContext: { ...event.requestContext, identity: { ...event.requestContext.identity, apiKeyId: null } } })).toBeUndefined();
  });

  it('keeps a FIFO deduplication id within 128 characters however long the key', () => {
    const id = deduplicationIdOf({ id: 'k'.repeat(128), scope: 's'.repeat(128) });

    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(deduplicationIdOf({ id: 'k-1' })).toBe('k-1');
  });
});
