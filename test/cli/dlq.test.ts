import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProgram } from '../../cli/program.js';
import type { DeadLetter } from '../../ops/dead-letter.js';
import { queueOutput, stackOutputs } from '../ops/stack-outputs.js';
import { createQueues, type Queues, queueDepth, receiveAll, sqsClient } from '../support/aws.js';
import { fakeRuntime, outputsFile, run } from './run.js';

/** `conveyor dlq <name>` of a fresh program. */
const subcommand = (name: string): Command => {
  const dlq = createProgram().commands.find((command) => command.name() === 'dlq');
  const found = dlq?.commands.find((command) => command.name() === name);
  if (!found) throw new Error(`conveyor dlq has no ${name}`);
  return found;
};

describe('conveyor dlq --queue', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conveyor-cli-dlq-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['list', 'peek', 'redrive'])('is in the help of dlq %s', (name) => {
    expect(subcommand(name).helpInformation()).toMatch(/--queue <name> +the queue, by its name in conveyor\.config\.ts/);
  });

  it.each([
    ['list', ['dlq', 'list', '--queue', 'payments']],
    ['peek', ['dlq', 'peek', 'some-id', '--queue', 'payments']],
    ['redrive', ['dlq', 'redrive', '--queue', 'payments']],
  ])('exits 2 on dlq %s with a queue the outputs do not name, naming those they do', async (_, args) => {
    const file = outputsFile(dir, 'aws.json', stackOutputs({ ledger: queueOutput('ledger'), orders: queueOutput('orders') }));

    const result = await run(['--target', 'aws', '--outputs', file, '--api-key', 'k', ...args]);

    expect(result).toEqual({ code: 2, stdout: '', stderr: `error: --queue: no queue payments: the queues in ${file} are ledger, orders\n` });
  });

  describe('on SQS (LocalStack, here the test emulator)', () => {
    const sqs = sqsClient();
    let ledger: Queues;
    let orders: Queues;
    let target: string[];
    const deadLetter = (queueUrl: string, body: string) => sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: { 'Conveyor.ErrorCode': { DataType: 'String', StringValue: 'INVALID_PAYLOAD' } },
    }));

    beforeAll(async () => {
      [ledger, orders] = await Promise.all([createQueues(sqs), createQueues(sqs)]);
      const queues = {
        ledger: queueOutput('ledger', { queueUrl: ledger.queueUrl, deadLetterQueueUrl: ledger.deadLetterQueueUrl }),
        orders: queueOutput('orders', { queueUrl: orders.queueUrl, deadLetterQueueUrl: orders.deadLetterQueueUrl }),
      };
      target = ['--target', 'localstack', '--outputs', outputsFile(dir, 'localstack.json', stackOutputs(queues)), '--endpoint', inject('sqsEndpoint')];
      await deadLetter(ledger.deadLetterQueueUrl, 'ledger-dead');
      await deadLetter(orders.deadLetterQueueUrl, 'orders-dead');
    });
    afterAll(() => sqs.destroy());

    it('lists the named queue\'s dead-letter queue, and the default queue\'s without --queue', async () => {
      const named = await run([...target, 'dlq', 'list', '--queue', 'orders', '--json']);
      const byDefault = await run([...target, 'dlq', 'list', '--json']);

      expect(named.code).toBe(0);
      expect((JSON.parse(named.stdout) as DeadLetter[]).map((letter) => letter.body)).toEqual(['orders-dead']);
      expect((JSON.parse(byDefault.stdout) as DeadLetter[]).map((letter) => letter.body)).toEqual(['ledger-dead']);
    });

    it('redrives the named queue\'s dead letters to that queue, leaving the others', async () => {
      const result = await run([...target, 'dlq', 'redrive', '--queue', 'orders', '--json']);

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ moved: [{ newMessageId: expect.any(String) }], failed: [] });
      expect((await receiveAll(sqs, orders.queueUrl, 10)).map((message) => message.Body)).toEqual(['orders-dead']);
      expect(await queueDepth(sqs, orders.deadLetterQueueUrl)).toMatchObject({ visible: 0, inFlight: 0 });
      expect(await queueDepth(sqs, ledger.deadLetterQueueUrl)).toMatchObject({ visible: 1 });
    });
  });

  describe('on the local runtime', () => {
    let runtime: Awaited<ReturnType<typeof fakeRuntime>>;
    beforeAll(async () => {
      const queues = { ledger: queueOutput('ledger'), orders: queueOutput('orders') };
      runtime = await fakeRuntime(stackOutputs(queues), (req, res) => {
        const body = req.url?.startsWith('/_conveyor/dlq?') ? { countsAsReceive: false, messages: [] } : { error: { code: 'MESSAGE_NOT_FOUND', message: 'no such message' } };
        res.writeHead(req.url?.startsWith('/_conveyor/dlq?') ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    afterAll(() => runtime.close());

    it('asks the runtime for the named queue\'s dead letters, and for its default queue\'s without --queue', async () => {
      runtime.asked.length = 0;

      const named = await run(['--state-dir', runtime.stateDir, 'dlq', 'list', '--queue', 'orders']);
      const peeked = await run(['--state-dir', runtime.stateDir, 'dlq', 'peek', 'm-1', '--queue', 'orders']);
      await run(['--state-dir', runtime.stateDir, 'dlq', 'list']);

      expect(named).toEqual({ code: 0, stdout: 'the dead-letter queue of orders is empty\n', stderr: '' });
      expect(peeked).toMatchObject({ code: 1, stderr: 'error: no message m-1 in the dead-letter queue of orders (see conveyor dlq list --queue orders)\n' });
      expect(runtime.asked).toEqual(['/_conveyor/dlq?queue=orders&max=100', '/_conveyor/dlq/m-1?queue=orders', '/_conveyor/dlq?max=100']);
    });
  });
});
