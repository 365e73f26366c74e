import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatStats } from '../../cli/commands/stats.js';
import { createProgram } from '../../cli/program.js';
import { type StatsReport, zeroCounts } from '../../ops/stats.js';
import { queueOutput, stackOutputs } from '../ops/stack-outputs.js';
import { createQueues, type Queues, sqsClient } from '../support/aws.js';
import { fakeRuntime, outputsFile, run } from './run.js';

const statsCommand = (): Command => createProgram().commands.find((command) => command.name() === 'stats') as Command;

describe('conveyor stats --queue', () => {
  it('is in the help of stats', () => {
    expect(statsCommand().helpInformation()).toMatch(/--queue <name> +the queue, by its name in conveyor\.config\.ts/);
  });

  it('exits 2 with a queue the outputs do not name, naming those they do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conveyor-cli-stats-'));
    const file = outputsFile(dir, 'aws.json', stackOutputs({ ledger: queueOutput('ledger'), orders: queueOutput('orders') }));

    const result = await run(['--target', 'aws', '--outputs', file, 'stats', '--queue', 'payments']);
    rmSync(dir, { recursive: true, force: true });

    expect(result).toEqual({ code: 2, stdout: '', stderr: `error: --queue: no queue payments: the queues in ${file} are ledger, orders\n` });
  });

  describe('on the local runtime', () => {
    const sqs = sqsClient();
    let orders: Queues;
    let runtime: Awaited<ReturnType<typeof fakeRuntime>>;
    beforeAll(async () => {
      const ledger = await createQueues(sqs);
      orders = await createQueues(sqs);
      const queues = {
        ledger: queueOutput('ledger', { queueUrl: ledger.queueUrl, deadLetterQueueUrl: ledger.deadLetterQueueUrl }),
        orders: queueOutput('orders', { queueUrl: orders.queueUrl, deadLetterQueueUrl: orders.deadLetterQueueUrl }),
      };
      // A runtime with no metrics and no event stream: the report has the queues' depths from SQS.
      runtime = await fakeRuntime(stackOutputs(queues, { SqsEndpoint: inject('sqsEndpoint') }), (req, res) => {
        if (!req.url?.startsWith('/_conveyor/metrics')) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ windowSeconds: 60, metrics: [], totals: [] }));
      });
    });
    afterAll(async () => {
      await runtime.close();
      sqs.destroy();
    });

    it('reports the named queue\'s depths and its dead-letter queue\'s', async () => {
      const result = await run(['--state-dir', runtime.stateDir, 'stats', '--queue', 'orders', '--json']);

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ queue: 'orders', queues: { source: { url: orders.queueUrl }, deadLetter: { url: orders.deadLetterQueueUrl } } });
    });
  });
});

describe('formatStats', () => {
  it('names the queue its queue figures are for', () => {
    const zero = zeroCounts();
    const depth = (url: string) => ({ url, visible: 2, inFlight: 0, delayed: 0, oldestAgeSeconds: null });
    const report: StatsReport = {
      target: 'local', windowSeconds: 60, at: '2025-01-02T03:00:00.000Z', counts: zero, perSecond: zero, latencyMs: null,
      queue: 'orders', queues: { source: depth('http://q/orders'), deadLetter: depth('http://q/orders-dlq') },
    };

    const text = formatStats(report);

    expect(text).toMatch(/^orders {2,}/m);
    expect(text).toMatch(/^orders dead-letter {2,}/m);
  });
});
