import type { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { type LogLine, tailEvents } from '../../ops/log-events.js';
import { followLogGroup } from '../../ops/tail.js';

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
