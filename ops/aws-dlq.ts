/**
 * Redriving a deployment's dead-letter queue with SQS message-move tasks (`StartMessageMoveTask`):
 * SQS moves the messages itself, at most 500 a second, one task per queue at a time. The emulators
 * have no such tasks; the CLI uses `ops/dlq.ts`'s mover there.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { OpsError } from './errors.js';

/** SQS's limit on `MaxNumberOfMessagesPerSecond`. */
export const MAX_MOVE_RATE = 500;

/** A message-move task, as `ListMessageMoveTasks` reports it. */
export interface MoveTaskStatus {
  readonly taskHandle?: string;
  /** RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED. */
  readonly status: string;
  readonly moved: number;
  /** Messages the task set out to move (known once it runs). */
  readonly toMove?: number;
  readonly failureReason?: string;
  /** Epoch ms. */
  readonly startedAt?: number;
}

/** The queue's ARN (`GetQueueAttributes` QueueArn). */
export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new OpsError('INPUT', `${queueUrl} has no QueueArn attribute`);
  return arn;
}

const statusOf = (entry: ListMessageMoveTasksResultEntry): MoveTaskStatus => ({
  ...(entry.TaskHandle ? { taskHandle: entry.TaskHandle } : {}),
  status: entry.Status ?? 'UNKNOWN',
  moved: entry.ApproximateNumberOfMessagesMoved ?? 0,
  ...(entry.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: entry.ApproximateNumberOfMessagesToMove } : {}),
  ...(entry.FailureReason ? { failureReason: entry.FailureReason } : {}),
  ...(entry.StartedTimestamp !== undefined ? { startedAt: entry.StartedTimestamp } : {}),
});

/** The tasks of the queue `sourceArn`, most recent first (SQS keeps the last few). */
export async function listMoveTasks(sqs: SQSClient, sourceArn: string): Promise<MoveTaskStatus[]> {
  const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
  return Results.map(statusOf);
}

/** One line describing a task: status, progress, start time, failure. */
export function describeMoveTask(task: MoveTaskStatus): string {
  const progress = task.toMove === undefined ? `${task.moved} moved` : `${task.moved} of ${task.toMove} moved`;
  const started = task.startedAt === undefined ? '' : `, started ${new Date(task.startedAt).toISOString()}`;
  return `${task.status}: ${progress}${started}${task.failureReason ? ` — ${task.failureReason}` : ''}`;
}

/** Options of {@link startMoveTask}. */
export interface StartMoveTaskOptions {
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  /** Where the messages go. Always named: the consumer's own dead letters have no source queue recorded. */
  readonly sourceQueueUrl: string;
  /** Messages per second, 1–500. @default SQS's own pace */
  readonly ratePerSecond?: number;
}

/**
 * Starts a message-move task from the DLQ to the source queue.
 * @throws OpsError `MOVE_TASK_RUNNING` when a task is already running on the DLQ (SQS allows one), with its status;
 *   `INPUT` for a rate out of 1–500.
 */
export async function startMoveTask(options: StartMoveTaskOptions): Promise<{ taskHandle: string; sourceArn: string; startedAt: number }> {
  const rate = options.ratePerSecond;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > MAX_MOVE_RATE)) {
    throw new OpsError('INPUT', `a message-move task moves 1–${MAX_MOVE_RATE} messages per second (got --rate ${rate})`);
  }
  const [sourceArn, destinationArn] = await Promise.all([queueArn(options.sqs, options.deadLetterQueueUrl), queueArn(options.sqs, options.sourceQueueUrl)]);
  const running = (await listMoveTasks(options.sqs, sourceArn)).find((task) => task.status === 'RUNNING' || task.status === 'CANCELLING');
  if (running) {
    throw new OpsError(
      'MOVE_TASK_RUNNING',
      `a message-move task is already running on the dead-letter queue (${describeMoveTask(running)}); SQS allows one per queue: `
      + `wait for it, or cancel it with \`aws sqs cancel-message-move-task --task-handle ${running.taskHandle ?? '<handle>'}\``,
      { details: { taskHandle: running.taskHandle } },
    );
  }
  const startedAt = Date.now();
  const { TaskHandle } = await options.sqs.send(new StartMessageMoveTaskCommand({
    SourceArn: sourceArn,
    DestinationArn: destinationArn,
    ...(rate !== undefined ? { MaxNumberOfMessagesPerSecond: rate } : {}),
  }));
  return { taskHandle: TaskHandle ?? '', sourceArn, startedAt };
}

/**
 * Polls the task until it is no longer RUNNING (or the signal aborts: the task carries on in SQS),
 * calling `onStatus` on each poll; returns the last status seen.
 */
export async function waitForMoveTask(
  sqs: SQSClient,
  task: { readonly taskHandle: string; readonly sourceArn: string; readonly startedAt: number },
  options: { readonly pollMs?: number; readonly signal?: AbortSignal; readonly onStatus?: (status: MoveTaskStatus) => void } = {},
): Promise<MoveTaskStatus | undefined> {
  let last: MoveTaskStatus | undefined;
  for (;;) {
    const tasks = await listMoveTasks(sqs, task.sourceArn);
    // The handle identifies a running task; a finished one is the most recent started since ours.
    last = tasks.find((entry) => entry.taskHandle === task.taskHandle)
      ?? tasks.find((entry) => (entry.startedAt ?? 0) >= task.startedAt - 60_000)
      ?? last;
    if (last) options.onStatus?.(last);
    if (last && last.status !== 'RUNNING' && last.status !== 'CANCELLING') return last;
    try {
      await sleep(options.pollMs ?? 2_000, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return last;
    }
  }
}
