/** Factories of stack outputs for the tests of `ops/` and `cli/`: queues, tables and the targets that read them. */
import type { QueueOutput } from '../../contract/index.js';
import { Target } from '../../ops/targets.js';

/** One queue of a `Queues` output, as a stack deployed to eu-west-1 names it after `name`. */
export const queueOutput = (name: string, overrides: Partial<QueueOutput> = {}): QueueOutput => ({
  queueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-${name}Queue-AbC`,
  deadLetterQueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-${name}DeadLetterQueue-XyZ`,
  fifo: false,
  consumerLogGroupName: `Conveyor-${name}ConsumerLogGroup-123`,
  types: [`${name}.type`],
  ...overrides,
});

/**
 * The outputs a stack with `queues` writes: `Queues` and `Tables`, and the single outputs, which
 * describe the first queue (the default one); `extra` adds or replaces outputs.
 */
export function stackOutputs(queues: Readonly<Record<string, QueueOutput>>, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const [first] = Object.values(queues);
  return {
    ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
    ApiKeyId: 'k1y2',
    ...(first ? { QueueUrl: first.queueUrl, DeadLetterQueueUrl: first.deadLetterQueueUrl, ConsumerLogGroupName: first.consumerLogGroupName } : {}),
    IdempotencyTableName: 'Conveyor-IdempotencyTable-1',
    Queues: JSON.stringify(queues),
    Tables: JSON.stringify({ ledger: 'Conveyor-LedgerTable-1', orders: 'Conveyor-OrdersTable-1' }),
    ...extra,
  };
}

/** Outputs as stacks wrote them before `Queues` and `Tables`: one queue, one ledger table. */
export const singleQueueOutputs = (): Record<string, string> => {
  const { Queues: _queues, Tables: _tables, ...single } = stackOutputs({ ledger: queueOutput('ledger') });
  return { ...single, LedgerTableName: 'Conveyor-LedgerTable-old' };
};

/** An AWS target over `outputs`, read from `file`. */
export const awsTarget = (outputs: Record<string, string>, file = 'cdk-outputs.json'): Target => new Target({
  name: 'aws',
  stackName: 'Conveyor',
  outputsFile: file,
  outputs,
  region: 'eu-west-1',
  awsEndpoint: undefined,
  apiKey: async () => 'key',
});
