import type { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueuePublisher } from '../../../functions/producer/publish.js';
import { copiesOf, deliver, deliverOne, fifoOf } from '../../../functions/producer/routing.js';
import { parseEnvelope, recordKeyOf } from '../../../functions/shared/envelope.js';
import { createQueues, type Queues, receiveAll, sqsClient } from '../../support/aws.js';
import { envelope } from '../../support/factories.js';

const LEDGER = { queue: 'ledger', queueUrl: 'http://q/ledger', fifo: false };
const ORDERS = { queue: 'orders', queueUrl: 'http://q/orders.fifo', fifo: true };

describe('copiesOf', () => {
  it('keeps the envelope as it is for a type with one queue', () => {
    const original = envelope({ id: 'k-1', scope: 'tenant' });

    const [copy, ...rest] = copiesOf(original, [LEDGER], 30);

    expect(rest).toEqual([]);
    expect(parseEnvelope(copy!.message.body)).toEqual(original);
    expect(copy).toMatchObject({ queue: 'ledger', message: { delaySeconds: 30 } });
  });

  it('gives each queue of a fan-out type its own copy, record key and FIFO deduplication id', () => {
    const original = envelope({ id: 'k-2', scope: 'tenant', groupId: 'cust-1' });

    const copies = copiesOf(original, [ORDERS, LEDGER], undefined);
    const envelopes = copies.map((copy) => parseEnvelope(copy.message.body));

    expect(envelopes.map((copy) => copy.queue)).toEqual(['orders', 'ledger']);
    expect(envelopes.map(recordKeyOf)).toEqual(['orders#tenant/k-2', 'ledger#tenant/k-2']);
    expect(copies[0]!.message).toMatchObject({ groupId: 'cust-1', deduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(copies[1]!.message.groupId).toBeUndefined();
  });
});

describe('fifoOf', () => {
  it('is true when any queue of the type is FIFO, false for an unknown type', () => {
    const routes = { 'a.b': [LEDGER], 'c.d': [LEDGER, ORDERS] };

    expect([fifoOf(routes, 'a.b'), fifoOf(routes, 'c.d'), fifoOf(routes, 'x.y'), fifoOf(routes, 42)]).toEqual([false, true, false, false]);
  });
});

describe('deliver and deliverOne (fauxqs)', () => {
  let sqs: SQSClient;
  let ledger: Queues;
  let orders: Queues;
  beforeAll(() => {
    sqs = sqsClient();
  });
  beforeEach(async () => {
    [ledger, orders] = await Promise.all([createQueues(sqs), createQueues(sqs, { fifo: true })]);
  });

  const publishers = (ordersUrl = orders.queueUrl) => {
    const byQueue: Record<string, QueuePublisher> = {
      ledger: new QueuePublisher({ sqs, queueUrl: ledger.queueUrl }),
      orders: new QueuePublisher({ sqs, queueUrl: ordersUrl, entryRetries: 0 }),
    };
    return (queue: string) => byQueue[queue]!;
  };
  const routes = () => [{ ...ORDERS, queueUrl: orders.queueUrl }, { ...LEDGER, queueUrl: ledger.queueUrl }];

  it('sends a fan-out message to every queue and answers each queue\'s message id', async () => {
    const result = await deliverOne(publishers(), copiesOf(envelope({ id: 'f-1', groupId: 'g' }), routes(), undefined));

    expect(result).toEqual({ ok: true, messageId: expect.any(String), messageIds: { orders: result.messageId, ledger: expect.any(String) } });
    expect(await receiveAll(sqs, ledger.queueUrl)).toHaveLength(1);
    expect(await receiveAll(sqs, orders.queueUrl)).toHaveLength(1);
  });

  it('refuses with 503 naming the queue that did not take it and the one that did', async () => {
    // A queue URL fauxqs does not know stands in for a queue that refuses.
    const send = deliverOne(publishers(`${orders.queueUrl}-gone`), copiesOf(envelope({ id: 'f-2', groupId: 'g' }), routes(), undefined));

    await expect(send).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE', status: 503 });
    await expect(send).rejects.toThrow(/queue orders did not take it; ledger did: send it again with the same idempotency key/);
  });

  it('folds a batch\'s copies into one result per message, in order', async () => {
    const messages = [
      copiesOf(envelope({ id: 'b-1', groupId: 'g' }), routes(), undefined),
      copiesOf(envelope({ id: 'b-2' }), [{ ...LEDGER, queueUrl: ledger.queueUrl }], undefined),
    ];

    const results = await deliver(publishers(`${orders.queueUrl}-gone`), messages);

    expect(results[0]).toMatchObject({ ok: false, message: expect.stringMatching(/queue orders did not take it; ledger did/) });
    expect(results[1]).toEqual({ ok: true, messageId: expect.any(String) });
  });
});
