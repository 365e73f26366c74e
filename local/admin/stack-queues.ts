import type { StackSpec } from '../template/specs.js';
import type { DeadLetterQueues } from './dlq-routes.js';
import type { DashboardQueue } from './queue-stats.js';

/**
 * The stack's queues as the dashboard shows them (a queue another queue's redrive policy targets is
 * a `dead-letter` queue), and the DLQ the `/_conveyor/dlq` endpoints work on: that of the first
 * queue a function consumes, else of the first queue with a redrive policy.
 */
export function stackQueues(stack: StackSpec, queueUrls: ReadonlyMap<string, string>): { queues: DashboardQueue[]; deadLetter?: DeadLetterQueues } {
  const byArn = new Map(stack.queues.map((queue) => [queue.arn, queue]));
  const targets = new Map<string, string>();
  for (const queue of stack.queues) {
    const target = deadLetterTargetArn(queue.attributes.RedrivePolicy);
    if (target !== undefined && byArn.has(target)) targets.set(queue.logicalId, target);
  }
  const deadLetterArns = new Set(targets.values());
  const queues = stack.queues.map((queue) => ({
    name: queue.queueName,
    url: queueUrls.get(queue.logicalId) ?? '',
    role: deadLetterArns.has(queue.arn) ? 'dead-letter' as const : 'source' as const,
    fifo: queue.fifo,
  }));
  const consumed = stack.eventSources.map((source) => source.queue.logicalId);
  const source = [...consumed, ...stack.queues.map((queue) => queue.logicalId)].find((logicalId) => targets.has(logicalId));
  if (source === undefined) return { queues };
  const target = byArn.get(targets.get(source) as string);
  const queueUrl = target && queueUrls.get(target.logicalId);
  const sourceQueueUrl = queueUrls.get(source);
  return queueUrl && sourceQueueUrl ? { queues, deadLetter: { queueUrl, sourceQueueUrl } } : { queues };
}

function deadLetterTargetArn(policy: string | undefined): string | undefined {
  if (policy === undefined) return undefined;
  try {
    const parsed = JSON.parse(policy) as { deadLetterTargetArn?: unknown };
    return typeof parsed.deadLetterTargetArn === 'string' ? parsed.deadLetterTargetArn : undefined;
  } catch {
    return undefined;
  }
}
