/**
 * Following the functions' log lines: from the local runtime's event stream (`log` events of
 * `/_conveyor/events`), or from CloudWatch Logs for a deployment (`FilterLogEvents`, polled).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { isOpsError, missingOutputError, OpsError } from './errors.js';
import type { LogLine } from './log-events.js';
import { readEventStream } from './sse.js';
import type { Target } from './targets.js';

/** Options of {@link followRuntimeLogs}. */
export interface FollowRuntimeLogsOptions {
  readonly signal?: AbortSignal;
  /** Called once the stream is open. */
  readonly onOpen?: (url: string) => void;
  /**
   * Only the lines of the functions that write to this log group (a queue's consumer, `--queue`).
   * Lines that name no log group (a runtime from before it named them) are kept. @default every function's lines
   */
  readonly logGroup?: string;
}

/**
 * Calls `onLine` for every line the runtime's functions write, until the signal aborts.
 * @throws OpsError `REQUEST_FAILED` when the runtime cannot be reached or closes the stream (it stopped).
 */
export async function followRuntimeLogs(runtimeUrl: string, onLine: (line: LogLine) => void, options: FollowRuntimeLogsOptions = {}): Promise<void> {
  const url = `${runtimeUrl.replace(/\/+$/, '')}/_conveyor/events`;
  const ended = await readEventStream(url, (event) => {
    if (event.event !== 'log') return;
    let data: { at?: unknown; function?: unknown; logGroup?: unknown; line?: unknown };
    try {
      data = JSON.parse(event.data) as typeof data;
    } catch {
      return;
    }
    if (typeof data.line !== 'string') return;
    if (options.logGroup !== undefined && typeof data.logGroup === 'string' && data.logGroup !== options.logGroup) return;
    onLine({ at: typeof data.at === 'number' ? data.at : Date.now(), function: typeof data.function === 'string' ? data.function : '?', line: data.line });
  }, { ...(options.signal ? { signal: options.signal } : {}), onOpen: () => options.onOpen?.(url) });
  if (ended === 'ended' && !options.signal?.aborted) throw new OpsError('REQUEST_FAILED', `the runtime closed ${url} (was it stopped?)`);
}

/**
 * A queue's consumer's log group: `explicit`, else the queue's `consumerLogGroupName` (the `Queues`
 * output; older stacks: the `ConsumerLogGroupName` output, of the one queue), else the one log
 * group named `<stack>-…ConsumerLogGroup…` (CloudFormation's generated name for the stack's group).
 * `queue` is the queue's name in `conveyor.config.ts`; the default queue when not given.
 * @throws OpsError `UNKNOWN_QUEUE` for a queue the outputs do not name; `MISSING_OUTPUT` when no group is found.
 */
export async function consumerLogGroup(logs: CloudWatchLogsClient, target: Target, options: { readonly explicit?: string; readonly queue?: string } = {}): Promise<string> {
  if (options.explicit !== undefined) return options.explicit;
  const queue = target.queue(options.queue);
  try {
    return queue.consumerLogGroupName;
  } catch (error) {
    // Only outputs without `Queues` can lack it: their one consumer's group is found by its name.
    if (!isOpsError(error, 'MISSING_OUTPUT')) throw error;
  }
  const prefix = `${target.stackName}-`;
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, ...(nextToken ? { nextToken } : {}) }));
    for (const group of page.logGroups ?? []) if (group.logGroupName && /ConsumerLogGroup/.test(group.logGroupName)) found.push(group.logGroupName);
    nextToken = page.nextToken;
  } while (nextToken);
  if (found.length === 1) return found[0] as string;
  const seen = found.length === 0 ? `no log group named ${prefix}…ConsumerLogGroup… exists` : `several match (${found.join(', ')})`;
  throw missingOutputError('ConsumerLogGroupName', target.outputsFile, `${seen}; name it with --log-group`);
}

/** Options of {@link followLogGroup}. */
export interface FollowLogGroupOptions {
  /** Start from this time, epoch ms. */
  readonly since: number;
  /** Pause between polls, ms. @default 2000 */
  readonly pollMs?: number;
  /** Shown as the lines' function. @default 'Consumer' */
  readonly functionName?: string;
  readonly signal?: AbortSignal;
}

/**
 * Polls a log group with `FilterLogEvents` and calls `onLine` once per event, oldest first, until
 * the signal aborts. Events at the last seen millisecond are asked for again (late arrivals share
 * it), and ids already printed are skipped.
 */
export async function followLogGroup(logs: CloudWatchLogsClient, logGroupName: string, onLine: (line: LogLine) => void, options: FollowLogGroupOptions): Promise<void> {
  const functionName = options.functionName ?? 'Consumer';
  let startTime = options.since;
  let seen = new Set<string>();
  while (!options.signal?.aborted) {
    let nextToken: string | undefined;
    const fresh: { id: string; at: number; line: string }[] = [];
    try {
      do {
        const page = await logs.send(
          new FilterLogEventsCommand({ logGroupName, startTime, ...(nextToken ? { nextToken } : {}) }),
          options.signal ? { abortSignal: options.signal } : {},
        );
        for (const event of page.events ?? []) {
          const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
          // Every event of the group, platform lines (START, REPORT, `Task timed out …`) included: `tailEvents` picks.
          if (!seen.has(id)) fresh.push({ id, at: event.timestamp ?? Date.now(), line: (event.message ?? '').trimEnd() });
        }
        nextToken = page.nextToken;
      } while (nextToken && !options.signal?.aborted);
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    }
    fresh.sort((a, b) => a.at - b.at);
    for (const event of fresh) onLine({ at: event.at, function: functionName, line: event.line });
    if (fresh.length > 0) {
      const latest = fresh[fresh.length - 1]!.at;
      // Keep only the ids at the new start time: older ones cannot be returned again.
      if (latest > startTime) seen = new Set();
      startTime = Math.max(startTime, latest);
      for (const event of fresh) if (event.at === startTime) seen.add(event.id);
    }
    try {
      await sleep(options.pollMs ?? 2_000, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return;
    }
  }
}
