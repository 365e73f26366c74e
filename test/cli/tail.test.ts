import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../cli/program.js';
import type { TailEvent } from '../../ops/log-events.js';
import { queueOutput, stackOutputs } from '../ops/stack-outputs.js';
import { fakeRuntime, outputsFile, run } from './run.js';

const tailCommand = (): Command => createProgram().commands.find((command) => command.name() === 'tail') as Command;
const ledger = queueOutput('ledger', { consumerLogGroupName: '/aws/Conveyor/LedgerConsumer' });
const orders = queueOutput('orders', { consumerLogGroupName: '/aws/Conveyor/OrdersConsumer' });

describe('conveyor tail --queue', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conveyor-cli-tail-'));
    file = outputsFile(dir, 'aws.json', stackOutputs({ ledger, orders }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is in the help of tail', () => {
    expect(tailCommand().helpInformation()).toMatch(/--queue <name> +the queue, by its name in conveyor\.config\.ts/);
  });

  it('exits 2 with a queue the outputs do not name, naming those they do', async () => {
    const result = await run(['--target', 'aws', '--outputs', file, 'tail', '--queue', 'payments']);

    expect(result).toEqual({ code: 2, stdout: '', stderr: `error: --queue: no queue payments: the queues in ${file} are ledger, orders\n` });
  });

  it('exits 2 when given both --queue and --log-group', async () => {
    const result = await run(['--target', 'aws', '--outputs', file, 'tail', '--queue', 'orders', '--log-group', '/custom']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--queue <name>.*cannot be used with.*--log-group/);
  });

  describe('on the local runtime', () => {
    let runtime: Awaited<ReturnType<typeof fakeRuntime>>;
    beforeAll(async () => {
      // A runtime that streams a line of each consumer, then stops (the stream ends).
      runtime = await fakeRuntime(stackOutputs({ ledger, orders }), (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const [fn, queue] of [['LedgerConsumer', ledger], ['OrdersConsumer', orders]] as const) {
          res.write(`event: log\ndata: ${JSON.stringify({ at: 1, function: fn, logGroup: queue.consumerLogGroupName, line: `${fn} line` })}\n\n`);
        }
        res.end();
      });
    });
    afterAll(() => runtime.close());

    const tailed = (stdout: string): string[] => stdout.trim().split('\n').map((line) => (JSON.parse(line) as TailEvent).line);

    it('follows only the named queue\'s consumer, and every consumer without --queue', async () => {
      const named = await run(['--state-dir', runtime.stateDir, 'tail', '--queue', 'orders', '--all', '--json']);
      const every = await run(['--state-dir', runtime.stateDir, 'tail', '--all', '--json']);

      expect(tailed(named.stdout)).toEqual(['OrdersConsumer line']);
      expect(named.stderr).toContain(`for ${orders.consumerLogGroupName}`);
      expect(tailed(every.stdout)).toEqual(['LedgerConsumer line', 'OrdersConsumer line']);
      // The runtime ended the stream: tail says so and fails.
      expect(named).toMatchObject({ code: 1, stderr: expect.stringContaining('the runtime closed') });
    });
  });
});
