import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ConveyorPropsError, UnknownConveyorPropError } from './errors.js';

/**
 * Props of the `ConveyorQueue` construct. Every prop is optional; ranges are
 * checked at synth time (`validate-props.ts`), skipping unresolved tokens.
 */
export interface ConveyorQueueProps {
  /**
   * Make both queues FIFO. Queue names (ending in `.fifo`) are generated;
   * content-based deduplication is off because the producer sets
   * `MessageDeduplicationId`. Requires `groupId` in every message.
   * @default false
   */
  readonly fifo?: boolean;
  /**
   * Receives before SQS moves a message to the dead-letter queue. Integer, 2–1000.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Consumer function timeout, 1–900 seconds (whole seconds).
   * @default Duration.seconds(30)
   */
  readonly consumerTimeout?: Duration;
  /**
   * Main queue visibility timeout; at least 6 × `consumerTimeout` (AWS guidance
   * for Lambda event sources) and at most 12 hours.
   * @default 6 × consumerTimeout
   */
  readonly visibilityTimeout?: Duration;
  /**
   * Main queue retention period, 60 seconds–14 days. The dead-letter queue
   * always keeps messages for 14 days.
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Largest message accepted, in bytes: the queues' `maxMessageSizeBytes` and
   * the producer's limit. Integer, 1024–1048576.
   * @default 262144 (256 KiB)
   */
  readonly maxMessageBytes?: number;
  /**
   * Records per consumer invocation. Integer, 1–10 when `fifo`, else 1–10000;
   * above 10 requires `maxBatchingWindow` of at least 1 second.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long the event source gathers records before invoking, 0–300 seconds.
   * Not supported with `fifo`.
   * @default Duration.seconds(0) (no batching window)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Most concurrent consumer invocations the event source starts. Integer, 2–1000.
   * @default - no limit
   */
  readonly maxConcurrency?: number;
  /**
   * Consumer memory in MB. Integer, 128–10240.
   * @default 512
   */
  readonly consumerMemorySize?: number;
  /**
   * Producer memory in MB. Integer, 128–10240.
   * @default 512
   */
  readonly producerMemorySize?: number;
  /**
   * Usage-plan steady-state rate limit, requests per second; > 0 and ≤ 10000.
   * @default 100
   */
  readonly apiRateLimit?: number;
  /**
   * Usage-plan burst limit, requests. Integer, 0–5000.
   * @default 200
   */
  readonly apiBurstLimit?: number;
  /**
   * How long a completed idempotency key suppresses duplicates. At least `retentionPeriod`
   * (a duplicate can arrive as long as a message can live in the queue) and at
   * most 365 days.
   * @default Duration.days(7)
   */
  readonly idempotencyTtl?: Duration;
  /**
   * End-to-end latency objective: the p99 alarm threshold. Must be > 0; a
   * token must be given with `Duration.millis()`.
   * @default Duration.seconds(1)
   */
  readonly endToEndLatencySlo?: Duration;
  /**
   * Alarm when the oldest queued message is older than this; 60 seconds ≤ x ≤ `retentionPeriod`.
   * @default Duration.minutes(5)
   */
  readonly oldestMessageAgeThreshold?: Duration;
  /**
   * Alarm when consumer Errors / Invocations over 5 minutes exceeds this ratio; 0 < x ≤ 1.
   * @default 0.05
   */
  readonly consumerErrorRateThreshold?: number;
  /**
   * Email address subscribed to the alarm topic (confirmation required).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Removal policy of the idempotency and ledger tables (they hold data):
   * RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (DynamoDB has no SNAPSHOT).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Retention of the function log groups and the API access log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * The `service` metric dimension and `POWERTOOLS_SERVICE_NAME`; 1–255 characters.
   * @default - the stack name
   */
  readonly serviceName?: string;
  /**
   * CloudWatch namespace of the custom metrics; 1–255 characters of
   * `[A-Za-z0-9._/#: -]`, not starting with `AWS/`.
   * @default 'Conveyor'
   */
  readonly metricsNamespace?: string;
}

/** `ConveyorQueueProps` with every default applied. */
export interface ResolvedConveyorQueueProps
  extends Required<Omit<ConveyorQueueProps, 'maxConcurrency' | 'alarmEmail'>> {
  /** See `ConveyorQueueProps.maxConcurrency`; undefined means no limit. */
  readonly maxConcurrency?: number;
  /** See `ConveyorQueueProps.alarmEmail`; undefined means no subscription. */
  readonly alarmEmail?: string;
}

/** Every key of `ConveyorQueueProps`; the compiler keeps this list in sync with the interface. */
const PROP_KEYS = {
  fifo: true,
  maxReceiveCount: true,
  consumerTimeout: true,
  visibilityTimeout: true,
  retentionPeriod: true,
  maxMessageBytes: true,
  batchSize: true,
  maxBatchingWindow: true,
  maxConcurrency: true,
  consumerMemorySize: true,
  producerMemorySize: true,
  apiRateLimit: true,
  apiBurstLimit: true,
  idempotencyTtl: true,
  endToEndLatencySlo: true,
  oldestMessageAgeThreshold: true,
  consumerErrorRateThreshold: true,
  alarmEmail: true,
  removalPolicy: true,
  logRetention: true,
  serviceName: true,
  metricsNamespace: true,
} as const satisfies Record<keyof ConveyorQueueProps, true>;

/** The names of all `ConveyorQueueProps` keys, in declaration order. */
export const CONVEYOR_QUEUE_PROP_KEYS: readonly (keyof ConveyorQueueProps)[] = Object.keys(
  PROP_KEYS,
) as (keyof ConveyorQueueProps)[];

/** Defaults that do not depend on other props or on the scope. */
export const CONVEYOR_QUEUE_DEFAULTS = {
  fifo: false,
  maxReceiveCount: 5,
  consumerTimeout: Duration.seconds(30),
  /** `visibilityTimeout` defaults to this many times `consumerTimeout`. */
  visibilityTimeoutFactor: 6,
  retentionPeriod: Duration.days(4),
  maxMessageBytes: 262_144,
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(0),
  consumerMemorySize: 512,
  producerMemorySize: 512,
  apiRateLimit: 100,
  apiBurstLimit: 200,
  idempotencyTtl: Duration.days(7),
  endToEndLatencySlo: Duration.seconds(1),
  oldestMessageAgeThreshold: Duration.minutes(5),
  consumerErrorRateThreshold: 0.05,
  removalPolicy: RemovalPolicy.RETAIN,
  logRetention: RetentionDays.ONE_MONTH,
  metricsNamespace: 'Conveyor',
} as const;

/**
 * Rejects keys that are not `ConveyorQueueProps` (JavaScript callers, typos).
 * @throws UnknownConveyorPropError naming the first unknown key
 */
export function rejectUnknownProps(props: object): void {
  for (const key of Object.keys(props)) {
    if (!Object.prototype.hasOwnProperty.call(PROP_KEYS, key)) {
      throw new UnknownConveyorPropError(key, CONVEYOR_QUEUE_PROP_KEYS);
    }
  }
}

/**
 * Applies every default. `scope` supplies the stack name (default `serviceName`).
 * @throws ConveyorPropsError when `visibilityTimeout` is omitted but cannot be
 * derived because `consumerTimeout` is an unresolved token
 */
export function resolveConveyorQueueProps(scope: Construct, props: ConveyorQueueProps = {}): ResolvedConveyorQueueProps {
  const d = CONVEYOR_QUEUE_DEFAULTS;
  const consumerTimeout = props.consumerTimeout ?? d.consumerTimeout;
  return {
    fifo: props.fifo ?? d.fifo,
    maxReceiveCount: props.maxReceiveCount ?? d.maxReceiveCount,
    consumerTimeout,
    visibilityTimeout: props.visibilityTimeout ?? defaultVisibilityTimeout(consumerTimeout),
    retentionPeriod: props.retentionPeriod ?? d.retentionPeriod,
    maxMessageBytes: props.maxMessageBytes ?? d.maxMessageBytes,
    batchSize: props.batchSize ?? d.batchSize,
    maxBatchingWindow: props.maxBatchingWindow ?? d.maxBatchingWindow,
    maxConcurrency: props.maxConcurrency,
    consumerMemorySize: props.consumerMemorySize ?? d.consumerMemorySize,
    producerMemorySize: props.producerMemorySize ?? d.producerMemorySize,
    apiRateLimit: props.apiRateLimit ?? d.apiRateLimit,
    apiBurstLimit: props.apiBurstLimit ?? d.apiBurstLimit,
    idempotencyTtl: props.idempotencyTtl ?? d.idempotencyTtl,
    endToEndLatencySlo: props.endToEndLatencySlo ?? d.endToEndLatencySlo,
    oldestMessageAgeThreshold: props.oldestMessageAgeThreshold ?? d.oldestMessageAgeThreshold,
    consumerErrorRateThreshold: props.consumerErrorRateThreshold ?? d.consumerErrorRateThreshold,
    alarmEmail: props.alarmEmail,
    removalPolicy: props.removalPolicy ?? d.removalPolicy,
    logRetention: props.logRetention ?? d.logRetention,
    serviceName: props.serviceName ?? Stack.of(scope).stackName,
    metricsNamespace: props.metricsNamespace ?? d.metricsNamespace,
  };
}

function defaultVisibilityTimeout(consumerTimeout: Duration): Duration {
  if (consumerTimeout.isUnresolved()) {
    // CloudFormation has no multiplication intrinsic, so 6 × a token cannot be rendered.
    throw new ConveyorPropsError(
      'visibilityTimeout',
      'ConveyorQueue: visibilityTimeout must be set explicitly when consumerTimeout is an unresolved token ' +
        '(it defaults to 6 × consumerTimeout, which cannot be computed at synth time)',
    );
  }
  return Duration.seconds(consumerTimeout.toSeconds({ integral: false }) * CONVEYOR_QUEUE_DEFAULTS.visibilityTimeoutFactor);
}
