import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

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

/** The two queues created by `createQueues`. */
export interface ConveyorQueues {
  /** The queue the producer sends to and the consumer reads from. */
  readonly queue: sqs.Queue;
  /** Messages that failed `maxReceiveCount` times, or permanently (sent there by the consumer). */
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * Creates the main queue and its dead-letter queue in `scope`: SQS-managed
 * encryption, TLS enforced, redrive after `maxReceiveCount` receives.
 */
export function createQueues(scope: Construct, props: ConveyorQueuesProps): ConveyorQueues {
  const fifo = props.fifo ? { fifo: true, contentBasedDeduplication: false } : {};

  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    ...fifo,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    maxMessageSizeBytes: props.maxMessageBytes,
  });

  const queue = new sqs.Queue(scope, 'Queue', {
    ...fifo,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: props.visibilityTimeout,
    retentionPeriod: props.retentionPeriod,
    maxMessageSizeBytes: props.maxMessageBytes,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });

  return { queue, deadLetterQueue };
}
