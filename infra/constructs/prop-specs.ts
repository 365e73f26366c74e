import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DEFAULT_METRICS_NAMESPACE,
  IDEMPOTENCY_TTL_SECONDS,
  MAX_MESSAGE_BYTES,
  MAX_RECEIVE_COUNT,
  PROVISIONED_MAXIMUM_POLLERS,
  PROVISIONED_MINIMUM_POLLERS,
  RETRY_BASE_SECONDS,
  RETRY_BUDGET_SECONDS,
  RETRY_MAX_DELAY_SECONDS,
  SQS_MAX_VISIBILITY_SECONDS,
  VISIBILITY_TIMEOUT_FACTOR,
} from '../../contract/index.js';
import type { AnyPropSpec, PropKey, PropSpecs } from './prop-spec-types.js';
import { ConveyorConstructError } from './errors.js';
import {
  DAY_SECONDS,
  EMAIL_PATTERN,
  integerBetween,
  integerIn,
  MAX_API_QUOTA,
  NAMESPACE_PATTERN,
  ratioAbove0,
  REMOVAL_POLICIES,
  RETENTION_DAYS_VALUES,
  secondsIn,
  seconds,
  unresolved,
} from './prop-checks.js';

/**
 * The props table: per prop, its scope, default, context key and validation rules, in declaration
 * order, which is the order of resolution (a derived default sees the props above it), of
 * validation, and of the key lists in error messages.
 */
export const PROP_SPECS = {
  fifo: {
    scope: 'queue',
    default: false,
    context: { key: 'fifo', kind: 'boolean' },
    rules: [(v, _p, prop) => (typeof v === 'boolean' || unresolved(v) ? undefined : `${prop} must be a boolean (got ${String(v)})`)],
  },
  maxReceiveCount: {
    scope: 'queue',
    default: MAX_RECEIVE_COUNT.default,
    context: { key: 'maxReceiveCount', kind: 'integer' },
    rules: [integerIn(MAX_RECEIVE_COUNT.min, MAX_RECEIVE_COUNT.max)],
  },
  retryBaseDelay: {
    scope: 'queue',
    default: Duration.seconds(RETRY_BASE_SECONDS.default),
    context: { key: 'retryBaseSeconds', kind: 'seconds' },
    rules: [secondsIn(RETRY_BASE_SECONDS.min, RETRY_BASE_SECONDS.max, true)],
  },
  retryMaxDelay: {
    scope: 'queue',
    default: Duration.seconds(RETRY_MAX_DELAY_SECONDS.default),
    context: { key: 'retryMaxDelaySeconds', kind: 'seconds' },
    rules: [
      secondsIn(RETRY_MAX_DELAY_SECONDS.min, RETRY_MAX_DELAY_SECONDS.max, true),
      (v, p, prop) =>
        unresolved(v, p.retryBaseDelay) || seconds(v) >= seconds(p.retryBaseDelay)
          ? undefined
          : `${prop} must be at least retryBaseDelay (${seconds(p.retryBaseDelay)} seconds) (got ${seconds(v)} seconds)`,
    ],
  },
  retryBudget: {
    scope: 'queue',
    default: Duration.seconds(RETRY_BUDGET_SECONDS.default),
    context: { key: 'retryBudgetSeconds', kind: 'seconds' },
    rules: [secondsIn(RETRY_BUDGET_SECONDS.min, RETRY_BUDGET_SECONDS.max, true)],
  },
  consumerTimeout: {
    scope: 'queue',
    default: Duration.seconds(30),
    context: { key: 'consumerTimeoutSeconds', kind: 'seconds' },
    rules: [secondsIn(1, 900, true)],
  },
  visibilityTimeout: {
    scope: 'queue',
    derive: (earlier) => defaultVisibilityTimeout(earlier.consumerTimeout),
    context: { key: 'visibilityTimeoutSeconds', kind: 'seconds' },
    rules: [
      (v, p, prop) => {
        if (unresolved(v, p.consumerTimeout)) return undefined;
        const min = seconds(p.consumerTimeout) * VISIBILITY_TIMEOUT_FACTOR;
        const s = seconds(v);
        return s >= min && s <= SQS_MAX_VISIBILITY_SECONDS && Number.isInteger(s)
          ? undefined
          : `${prop} must be a whole number of seconds between ${VISIBILITY_TIMEOUT_FACTOR} × consumerTimeout (${min}) and ${SQS_MAX_VISIBILITY_SECONDS} seconds (got ${s} seconds)`;
      },
    ],
  },
  retentionPeriod: {
    scope: 'queue',
    default: Duration.days(4),
    context: { key: 'retentionPeriodSeconds', kind: 'seconds' },
    rules: [secondsIn(60, 14 * DAY_SECONDS, true)],
  },
  maxMessageBytes: {
    scope: 'stack',
    default: MAX_MESSAGE_BYTES.default,
    context: { key: 'maxMessageBytes', kind: 'integer' },
    rules: [integerIn(MAX_MESSAGE_BYTES.min, MAX_MESSAGE_BYTES.max)],
  },
  batchSize: {
    scope: 'queue',
    default: 10,
    context: { key: 'batchSize', kind: 'integer' },
    rules: [
      (v, p, prop) => (p.fifo ? integerBetween(prop, v, 1, 10, ' when fifo is true') : integerBetween(prop, v, 1, 10_000)),
      (v, p, prop) => {
        if (unresolved(v, p.maxBatchingWindow) || v <= 10) return undefined;
        return seconds(p.maxBatchingWindow) >= 1
          ? undefined
          : `${prop} above 10 requires maxBatchingWindow of at least 1 second (got ${prop} ${v}, maxBatchingWindow ${seconds(p.maxBatchingWindow)} seconds)`;
      },
    ],
  },
  maxBatchingWindow: {
    scope: 'queue',
    default: Duration.seconds(0),
    context: { key: 'maxBatchingWindowSeconds', kind: 'seconds' },
    rules: [
      secondsIn(0, 300, true),
      (v, p, prop) =>
        p.fifo === true && !unresolved(v) && seconds(v) > 0 ? `${prop} is not supported when fifo is true (allowed: 0 seconds or unset)` : undefined,
    ],
  },
  maxConcurrency: {
    scope: 'queue',
    context: { key: 'maxConcurrency', kind: 'integer' },
    rules: [integerIn(2, 1000)],
  },
  minimumPollers: {
    scope: 'queue',
    context: { key: 'minimumPollers', kind: 'integer' },
    rules: [integerIn(PROVISIONED_MINIMUM_POLLERS.min, PROVISIONED_MINIMUM_POLLERS.max)],
  },
  maximumPollers: {
    scope: 'queue',
    context: { key: 'maximumPollers', kind: 'integer' },
    rules: [
      integerIn(PROVISIONED_MAXIMUM_POLLERS.min, PROVISIONED_MAXIMUM_POLLERS.max),
      (v, p, prop) => {
        const minimum = p.minimumPollers ?? PROVISIONED_MINIMUM_POLLERS.default;
        if (unresolved(v, minimum) || v >= minimum) return undefined;
        return `${prop} must be at least minimumPollers (got ${prop} ${v}, minimumPollers ${minimum})`;
      },
    ],
  },
  consumerMemorySize: {
    scope: 'queue',
    default: 512,
    context: { key: 'consumerMemoryMb', kind: 'integer' },
    rules: [integerIn(128, 10_240)],
  },
  producerMemorySize: {
    scope: 'stack',
    default: 512,
    context: { key: 'producerMemoryMb', kind: 'integer' },
    rules: [integerIn(128, 10_240)],
  },
  apiRateLimit: {
    scope: 'stack',
    default: 100,
    context: { key: 'apiRateLimit', kind: 'number' },
    rules: [
      (v, _p, prop) =>
        unresolved(v) || (typeof v === 'number' && v > 0 && v <= 10_000)
          ? undefined
          : `${prop} must be greater than 0 and at most 10000 requests per second (got ${v})`,
    ],
  },
  apiBurstLimit: {
    scope: 'stack',
    default: 200,
    context: { key: 'apiBurstLimit', kind: 'integer' },
    rules: [integerIn(0, 5000)],
  },
  apiDailyQuota: {
    scope: 'stack',
    context: { key: 'apiDailyQuota', kind: 'integer' },
    rules: [integerIn(1, MAX_API_QUOTA)],
  },
  idempotencyTtl: {
    scope: 'queue',
    default: Duration.seconds(IDEMPOTENCY_TTL_SECONDS.default),
    context: { key: 'idempotencyTtlSeconds', kind: 'seconds' },
    rules: [
      (v, p, prop) => {
        if (unresolved(v, p.retentionPeriod)) return undefined;
        const min = seconds(p.retentionPeriod);
        const max = IDEMPOTENCY_TTL_SECONDS.max;
        const s = seconds(v);
        return s >= min && s <= max && Number.isInteger(s)
          ? undefined
          : `${prop} must be a whole number of seconds between retentionPeriod (${min}) and 365 days (${max}) (got ${s} seconds)`;
      },
    ],
  },
  endToEndLatencySlo: {
    scope: 'queue',
    default: Duration.seconds(1),
    context: { key: 'latencySloMs', kind: 'milliseconds' },
    rules: [
      (v, _p, prop) =>
        unresolved(v) || v.toMilliseconds() > 0 ? undefined : `${prop} must be greater than 0 milliseconds (got ${v.toMilliseconds()} milliseconds)`,
    ],
  },
  oldestMessageAgeThreshold: {
    scope: 'queue',
    default: Duration.minutes(5),
    context: { key: 'oldestMessageAgeAlarmSeconds', kind: 'seconds' },
    rules: [
      (v, p, prop) => {
        if (unresolved(v, p.retentionPeriod)) return undefined;
        const max = seconds(p.retentionPeriod);
        const s = seconds(v);
        return s >= 60 && s <= max ? undefined : `${prop} must be between 60 seconds and retentionPeriod (${max} seconds) (got ${s} seconds)`;
      },
    ],
  },
  consumerErrorRateThreshold: {
    scope: 'queue',
    default: 0.05,
    context: { key: 'consumerErrorRateThreshold', kind: 'number' },
    rules: [ratioAbove0],
  },
  messageFailureRateThreshold: {
    scope: 'queue',
    default: 0.05,
    context: { key: 'messageFailureRateThreshold', kind: 'number' },
    rules: [ratioAbove0],
  },
  alarmEmail: {
    scope: 'stack',
    context: { key: 'alarmEmail', kind: 'string' },
    rules: [
      (v, _p, prop) =>
        unresolved(v) || (typeof v === 'string' && EMAIL_PATTERN.test(v))
          ? undefined
          : `${prop} must be an email address like name@example.com (got ${JSON.stringify(v)})`,
    ],
  },
  removalPolicy: {
    scope: 'stack',
    default: RemovalPolicy.RETAIN,
    context: { key: 'removalPolicy', kind: 'removalPolicy' },
    rules: [(v, _p, prop) => (REMOVAL_POLICIES.has(v) ? undefined : `${prop} must be one of ${[...REMOVAL_POLICIES].join(', ')} (got ${String(v)})`)],
  },
  logRetention: {
    scope: 'stack',
    default: RetentionDays.ONE_MONTH,
    context: { key: 'logRetentionDays', kind: 'retentionDays' },
    rules: [
      (v, _p, prop) =>
        unresolved(v) || RETENTION_DAYS_VALUES.has(v) ? undefined : `${prop} must be a RetentionDays value (${[...RETENTION_DAYS_VALUES].join(', ')}) (got ${v})`,
    ],
  },
  serviceName: {
    scope: 'stack',
    derive: (_earlier, scope) => Stack.of(scope).stackName,
    rules: [
      (v, _p, prop) =>
        unresolved(v) || (typeof v === 'string' && v.length >= 1 && v.length <= 255)
          ? undefined
          : `${prop} must be a string of 1 to 255 characters (got ${JSON.stringify(v)})`,
    ],
  },
  metricsNamespace: {
    scope: 'stack',
    default: DEFAULT_METRICS_NAMESPACE,
    rules: [
      (v, _p, prop) =>
        unresolved(v) || (typeof v === 'string' && NAMESPACE_PATTERN.test(v) && !v.startsWith('AWS/'))
          ? undefined
          : `${prop} must be 1 to 255 characters of [A-Za-z0-9._/#: -] and must not start with AWS/ (got ${JSON.stringify(v)})`,
    ],
  },
} satisfies PropSpecs;

/** `PROP_SPECS` as `[prop, spec]` pairs, in table order. */
export const PROP_SPEC_ENTRIES = Object.entries(PROP_SPECS) as readonly (readonly [PropKey, AnyPropSpec])[];

function defaultVisibilityTimeout(consumerTimeout: Duration): Duration {
  if (consumerTimeout.isUnresolved()) {
    // CloudFormation has no multiplication intrinsic, so 6 × a token cannot be rendered.
    throw new ConveyorConstructError(
      'INVALID_PROP',
      'visibilityTimeout',
      'ConveyorQueue: visibilityTimeout must be set explicitly when consumerTimeout is an unresolved token ' +
        '(it defaults to 6 × consumerTimeout, which cannot be computed at synth time)',
    );
  }
  return Duration.seconds(consumerTimeout.toSeconds({ integral: false }) * VISIBILITY_TIMEOUT_FACTOR);
}
