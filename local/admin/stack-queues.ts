import { QUEUES_OUTPUT, type QueuesOutput } from '../../contract/index.js';
import { parseQueuesOutput, UNNAMED_QUEUE } from '../../ops/queue-outputs.js';
import { UnsupportedTemplateError } from '../errors.js';
import type { StackSpec } from '../template/specs.js';
import type { DeadLetterQueues, DeadLetterQueuesByName } from './dlq-routes.js';
import type { DashboardQueue } from './queue-stats.js';

/**
 * The stack's queues as the dashboard shows them (a queue another queue's redrive policy targets is
 * a `dead-letter` queue), and the DLQs the `/_conveyor/dlq` endpoints work on, by queue name. The
 * template pairs each source queue with its DLQ; the names in `conveyor.config.ts` are not in it, so
 * they come from the `Queues` output (name → queue URL), the default queue first. A stack without
 * that output (built before it had several queues) gets one pair, called `default`: the DLQ of the
 * first queue a function consumes, else of the first queue with a redrive policy.
 * @throws UnsupportedTemplateError when the `Queues` output is malformed.
 */
export function stackQueues(stack: StackSpec, queueUrls: ReadonlyMap<string, string>): { queues: DashboardQueue[]; deadLetters: DeadLetterQueuesByName } {
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
  const pairs: DeadLetterQueues[] = [];
  for (const source of new Set([...consumed, ...stack.queues.map((queue) => queue.logicalId)])) {
    const target = targets.has(source) ? byArn.get(targets.get(source) as string) : undefined;
    const queueUrl = target && queueUrls.get(target.logicalId);
    const sourceQueueUrl = queueUrls.get(source);
    if (queueUrl && sourceQueueUrl) pairs.push({ queueUrl, sourceQueueUrl });
  }
  const named = namedQueues(stack.outputs[QUEUES_OUTPUT]);
  if (named === undefined) return { queues, deadLetters: pairs[0] ? { [UNNAMED_QUEUE]: pairs[0] } : {} };
  const deadLetters: Record<string, DeadLetterQueues> = {};
  for (const [name, queue] of Object.entries(named)) {
    deadLetters[name] = pairs.find((pair) => pair.sourceQueueUrl === queue.queueUrl)
      ?? { queueUrl: queue.deadLetterQueueUrl, sourceQueueUrl: queue.queueUrl };
  }
  return { queues, deadLetters };
}

/** The `Queues` output, parsed; undefined when the stack has none. */
function namedQueues(text: string | undefined): QueuesOutput | undefined {
  if (text === undefined || text === '') return undefined;
  const parsed = parseQueuesOutput(text);
  if ('reason' in parsed) throw new UnsupportedTemplateError(`output ${QUEUES_OUTPUT} is malformed: ${parsed.reason}`);
  return parsed.value;
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
