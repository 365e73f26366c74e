import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogLine, tailEvents } from '../../ops/log-events.js';
import { consumerLogGroup, followLogGroup, followRuntimeLogs } from '../../ops/tail.js';
import { awsTarget, queueOutput, singleQueueOutputs, stackOutputs } from './stack-outputs.js';

const requestId = '5f3c1a9e-8b1f-4c55-9a34-0d6b0c3a7e21';
const since = Date.UTC(2025, 0, 2, 3, 0, 0);

/** A CloudWatch Logs client that answers FilterLogEvents with `events` once, then with nothing. */
function logsClient(events: { message: string; timestamp: number }[]) {
  const inputs: unknown[] = [];
  const client = {
    send: async (command: FilterLogEventsCommand) => {
      inputs.push(command.input);
      return { events: inputs.length === 1 ? events.map((event, index) => ({ ...event, eventId: String(index), logStreamName: 's' })) : [] };
    },
  } as unknown as CloudWatchLogsClient;
  return { client, inputs };
}

describe('followLogGroup', () => {
  it('hands Lambda\'s timeout and crash lines to tail, not only the consumer\'s JSON lines', async () => {
    const { client, inputs } = logsClient([
      { timestamp: since + 1, message: `START RequestId: ${requestId} Version: $LATEST\n` },
      { timestamp: since + 2, message: `2025-01-02T03:00:30.002Z ${requestId} Task timed out after 30.00 seconds\n\n` },
      { timestamp: since + 3, message: `REPORT RequestId: ${requestId}\tDuration: 30000.00 ms\tBilled Duration: 30000 ms\tMemory Size: 512 MB\tMax Memory Used: 98 MB\tStatus: timeout\n` },
      { timestamp: since + 4, message: `RequestId: ${requestId} Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n` },
    ]);
    const lines: LogLine[] = [];
    const stop = new AbortController();

    await followLogGroup(client, '/aws/lambda/consumer', (line) => {
      lines.push(line);
      if (lines.length === 4) stop.abort();
    }, { since, pollMs: 10, signal: stop.signal });

    expect(inputs[0]).toEqual({ logGroupName: '/aws/lambda/consumer', startTime: since });
    expect(lines.flatMap((line) => tailEvents(line)).map((event) => [event.kind, event.requestId, event.code])).toEqual([
      ['timed-out', requestId, 'Sandbox.Timedout'],
      ['timed-out', requestId, undefined],
      ['crashed', requestId, 'Runtime.ExitError'],
    ]);
  });
});

describe('consumerLogGroup', () => {
  /** A CloudWatch Logs client that must not be called: the outputs name the group. */
  const unused = { send: async () => { throw new Error('DescribeLogGroups was called'); } } as unknown as CloudWatchLogsClient;
  const ledger = queueOutput('ledger');
  const orders = queueOutput('orders');

  it('is the named queue\'s consumer\'s group, from the Queues output; the default queue\'s without a name', async () => {
    const target = awsTarget(stackOutputs({ ledger, orders }));

    expect(await consumerLogGroup(unused, target, { queue: 'orders' })).toBe(orders.consumerLogGroupName);
    expect(await consumerLogGroup(unused, target)).toBe(ledger.consumerLogGroupName);
    expect(await consumerLogGroup(unused, target, { explicit: '/custom', queue: 'orders' })).toBe('/custom');
  });

  it('refuses a queue the outputs do not name', async () => {
    await expect(consumerLogGroup(unused, awsTarget(stackOutputs({ ledger })), { queue: 'orders' })).rejects.toMatchObject({ code: 'UNKNOWN_QUEUE' });
  });

  it('reads ConsumerLogGroupName from older outputs, and else looks for the stack\'s one consumer group', async () => {
    const { ConsumerLogGroupName: _omitted, ...withoutGroup } = singleQueueOutputs();
    const describing = {
      send: async () => ({ logGroups: [{ logGroupName: 'Conveyor-ConveyorConsumerLogGroup-1' }, { logGroupName: 'Conveyor-ProducerLogGroup-1' }] }),
    } as unknown as CloudWatchLogsClient;

    expect(await consumerLogGroup(unused, awsTarget(singleQueueOutputs()))).toBe(ledger.consumerLogGroupName);
    expect(await consumerLogGroup(describing, awsTarget(withoutGroup))).toBe('Conveyor-ConveyorConsumerLogGroup-1');
  });
});

describe('followRuntimeLogs', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // A runtime that streams a line of each of two consumers, one that names no log group, then a last one; and stays open.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const log = (data: object) => res.write(`event: log\ndata: ${JSON.stringify({ at: since, ...data })}\n\n`);
      log({ function: 'LedgerConsumer', logGroup: '/aws/Conveyor/Ledger', line: 'ledger line' });
      log({ function: 'OrdersConsumer', logGroup: '/aws/Conveyor/Orders', line: 'orders line' });
      log({ function: 'Consumer', line: 'a line of no known group' });
      log({ function: 'OrdersConsumer', logGroup: '/aws/Conveyor/Orders', line: 'last' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));

  /** The lines followed until the one called `last`. */
  const follow = async (options: { logGroup?: string }): Promise<string[]> => {
    const lines: string[] = [];
    const stop = new AbortController();
    await followRuntimeLogs(base, (line) => {
      lines.push(line.line);
      if (line.line === 'last') stop.abort();
    }, { ...options, signal: stop.signal });
    return lines;
  };

  it('follows every function\'s lines, or only those of one log group (and the lines that name none)', async () => {
    expect(await follow({})).toEqual(['ledger line', 'orders line', 'a line of no known group', 'last']);
    expect(await follow({ logGroup: '/aws/Conveyor/Orders' })).toEqual(['orders line', 'a line of no known group', 'last']);
  });
});
