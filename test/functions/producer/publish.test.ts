import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueuePublisher } from '../../../functions/producer/publish.js';
import { createQueues, queueDepth, receiveAll, sqsClient } from '../../support/aws.js';

/** A client whose every request is refused at the TCP level: a real network failure, no mock. */
const unreachable = () =>
  new SQSClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' }, maxAttempts: 1, useQueueUrlAsEndpoint: false });

describe('QueuePublisher', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = sqsClient();
  });

  it('sends a batch over 1 MiB in several SendMessageBatch calls, all accepted', async () => {
    const { queueUrl } = await createQueues(sqs);
    const publisher = new QueuePublisher({ sqs, queueUrl });
    const body = (index: number) => JSON.stringify({ index, pad: 'x'.repeat(200_000) });

    const results = await publisher.sendBatch(Array.from({ length: 12 }, (_, index) => ({ body: body(index) })));

    expect(results.every((result) => result.ok)).toBe(true);
    const received = await receiveAll(sqs, queueUrl, 20);
    expect(received.map((message) => JSON.parse(message.Body as string).index).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });

  it('reports SQS’s per-entry refusals item by item', async () => {
    const { queueUrl } = await createQueues(sqs);
    const publisher = new QueuePublisher({ sqs, queueUrl });

    const results = await publisher.sendBatch([{ body: 'fine' }, { body: 'bad \uFFFF' }]);

    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, code: 'INVALID_MESSAGE_CONTENTS' });
    expect((await queueDepth(sqs, queueUrl)).visible).toBe(1);
  });

  it('retries entries SQS failed on its side, once', async () => {
    // Mock: no emulator fails an entry with SenderFault=false (a server-side failure), so a client
    // that fails the first entry once and then delegates to fauxqs stands in for SQS here.
    const { queueUrl } = await createQueues(sqs);
    let calls = 0;
    const flaky = {
      send: async (command: SendMessageBatchCommand) => {
        calls++;
        if (calls === 1) {
          const [first, ...rest] = command.input.Entries ?? [];
          const output = await sqs.send(new SendMessageBatchCommand({ ...command.input, Entries: rest }));
          return { ...output, Failed: [{ Id: first?.Id, SenderFault: false, Code: 'InternalError', Message: 'try again' }] };
        }
        return sqs.send(command);
      },
    } as unknown as SQSClient;
    const publisher = new QueuePublisher({ sqs: flaky, queueUrl });

    const results = await publisher.sendBatch([{ body: 'a' }, { body: 'b' }]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(calls).toBe(2);
    expect((await queueDepth(sqs, queueUrl)).visible).toBe(2);
  });

  it('marks every entry of a batch SQS could not be reached for as QUEUE_UNAVAILABLE', async () => {
    const publisher = new QueuePublisher({ sqs: unreachable(), queueUrl: 'http://127.0.0.1:1/000000000000/q', entryRetries: 0 });

    const results = await publisher.sendBatch([{ body: 'a' }, { body: 'b' }]);

    expect(results).toEqual([
      { ok: false, code: 'QUEUE_UNAVAILABLE', message: expect.any(String) },
      { ok: false, code: 'QUEUE_UNAVAILABLE', message: expect.any(String) },
    ]);
  });

  it('throws QUEUE_UNAVAILABLE (503) for a single message SQS could not be reached for', async () => {
    const publisher = new QueuePublisher({ sqs: unreachable(), queueUrl: 'http://127.0.0.1:1/000000000000/q' });

    await expect(publisher.send({ body: 'a' })).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE', status: 503 });
  });
});
