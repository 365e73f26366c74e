import { createHash } from 'node:crypto';
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FIFO_QUEUE_SUFFIX as FIFO_SUFFIX } from '../../contract/index.js';

/** Props of `createQueues`; already validated by `ConveyorQueue`. */
export interface ConveyorQueuesProps {
  /** Make both queues FIFO. */
  readonly fifo: boolean;
  /** Receives before a message is moved to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Main queue visibility timeout. */
  readonly visibilityTimeout: Duration;
  /** Main queue retention period. */
  readonly retentionPeriod: Duration;
  /** Both queues' maximum message size, in bytes. */
  readonly maxMessageBytes: number;
}

/** Dead-letter queue retention: the SQS maximum, to leave time for inspection and redrive. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/** SQS's longest queue name, the `.fifo` suffix included. */
export const MAX_QUEUE_NAME_LENGTH = 80;


/** Characters of the random part CloudFormation puts in a generated SQS queue name. */
export const GENERATED_NAME_RANDOM_LENGTH = 12;

/**
 * Length of the name CloudFormation generates for a FIFO queue: `<stack>-<logical id>-<12 random>.fifo`.
 * Unlike a standard queue's, it is not shortened to fit SQS's limit, so a long stack name fails the deploy.
 */
export function generatedFifoNameLength(stackName: string, logicalId: string): number {
  return stackName.length + 1 + logicalId.length + 1 + GENERATED_NAME_RANDOM_LENGTH + FIFO_SUFFIX.length;
}

/**
 * A FIFO queue name that always fits: `<stack name, cut to fit>-<construct id>-<8 hex>.fifo`, the hash
 * taken over the whole stack name and the construct path so that names stay unique per account and region.
 */
export function shortFifoQueueName(stackName: string, constructPath: string, constructId: string): string {
  const hash = createHash('sha256').update(`${stackName}/${constructPath}`).digest('hex').slice(0, 8);
  const tail = `-${constructId}-${hash}${FIFO_SUFFIX}`;
  return `${stackName.slice(0, MAX_QUEUE_NAME_LENGTH - tail.length)}${tail}`;
}

/**
 * Names a FIFO queue explicitly when the name CloudFormation would generate is too long for SQS.
 * Queues whose generated name fits keep it: naming them would replace them (and lose their
 * messages) on the next deploy of a stack that works today.
 */
function fitFifoQueueName(queue: sqs.Queue): void {
  const stack = Stack.of(queue);
  if (Token.isUnresolved(stack.stackName)) return;
  const resource = queue.node.defaultChild as sqs.CfnQueue;
  if (generatedFifoNameLength(stack.stackName, stack.getLogicalId(resource)) <= MAX_QUEUE_NAME_LENGTH) return;
  resource.queueName = shortFifoQueueName(stack.stackName, queue.node.path, queue.node.id);
}

/** The two queues created by `createQueues`. */
export interface ConveyorQueues {
  /** The queue the producer sends to and the consumer reads from. */
  readonly queue: sqs.Queue;
  /** Messages that failed `maxReceiveCount` times, or permanently (sent there by the consumer). */
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * Creates a queue and its dead-letter queue in `scope` (ids `<prefix>Queue`, `<prefix>DeadLetterQueue`): SQS-managed
 * encryption, TLS enforced, redrive after `maxReceiveCount` receives. Names are
 * generated, except FIFO ones that would exceed SQS's 80 characters (see `fitFifoQueueName`).
 */
export function createQueues(scope: Construct, props: ConveyorQueuesProps, prefix = ''): ConveyorQueues {
  const fifo = props.fifo ? { fifo: true, contentBasedDeduplication: false } : {};

  const deadLetterQueue = new sqs.Queue(scope, `${prefix}DeadLetterQueue`, {
    ...fifo,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    maxMessageSizeBytes: props.maxMessageBytes,
  });

  const queue = new sqs.Queue(scope, `${prefix}Queue`, {
    ...fifo,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: props.visibilityTimeout,
    retentionPeriod: props.retentionPeriod,
    maxMessageSizeBytes: props.maxMessageBytes,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });

  if (props.fifo === true) for (const created of [deadLetterQueue, queue]) fitFifoQueueName(created);
  return { queue, deadLetterQueue };
}
