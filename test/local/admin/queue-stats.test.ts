import { DeleteQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createQueueStats, fauxqsOldestMessage } from '../../../local/admin/queue-stats.js';
import { createQueues, receiveAll, sqsClient } from '../../support/aws.js';

const sqs = sqsClient();
afterAll(() => sqs.destroy());
const nameOf = (url: string) => url.split('/').pop() as string;

describe('fauxqsOldestMessage', () => {
  it('finds the oldest message whether visible or in flight, without receiving any', async () => {
    const { queueUrl } = await createQueues(sqs);
    const before = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'old' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const middle = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'new' }));
    const probe = fauxqsOldestMessage(inject('sqsEndpoint'));

    const visible = await probe(nameOf(queueUrl));
    await receiveAll(sqs, queueUrl);
    const inFlight = await probe(nameOf(queueUrl));
    const [again] = await receiveAll(sqs, queueUrl, 1);

    expect(visible).toBeGreaterThanOrEqual(before);
    expect(visible).toBeLessThan(middle);
    expect(inFlight).toBe(visible);
    expect(again).toBeUndefined();
    expect(await probe('no-such-queue')).toBeNull();
  });
});

describe('createQueueStats', () => {
  it('reports depths, and re-reads the oldest message of a deep queue less often', async () => {
    const { queueUrl } = await createQueues(sqs);
    for (let i = 0; i < 5; i += 1) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `m${i}` }));
    let clock = 1_000_000;
    let probes = 0;
    const stats = createQueueStats({
      sqs,
      queues: [{ name: nameOf(queueUrl), url: queueUrl, role: 'source' }],
      now: () => clock,
      oldestMessage: async () => {
        probes += 1;
        return 1_000_000 - 2_000;
      },
    });

    const [first] = await stats();
    clock += 3;
    await stats();
    const probesWithin = probes;
    clock += 3;
    await stats();

    expect(first).toEqual({ name: nameOf(queueUrl), role: 'source', fifo: false, visible: 5, inFlight: 0, delayed: 0, oldestAgeSeconds: 2 });
    // 5 messages: a reading is reused for 5 ms.
    expect(probesWithin).toBe(1);
    expect(probes).toBe(2);
  });

  it('keeps the last figures, with the error, when the queue cannot be read', async () => {
    const { queueUrl } = await createQueues(sqs);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }));
    const stats = createQueueStats({ sqs, queues: [{ name: nameOf(queueUrl), url: queueUrl, role: 'dead-letter' }] });
    const [before] = await stats();

    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    const [after] = await stats();

    expect(before).toMatchObject({ visible: 1, oldestAgeSeconds: null });
    expect(after).toEqual({ ...before, error: expect.stringContaining('QueueDoesNotExist') });
  });
});
