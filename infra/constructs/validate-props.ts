import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IDEMPOTENCY_TTL_SECONDS, MAX_MESSAGE_BYTES, MAX_RECEIVE_COUNT, SQS_MAX_VISIBILITY_SECONDS, VISIBILITY_TIMEOUT_FACTOR } from '../../contract/index.js';
import type { ResolvedConveyorQueueProps } from './conveyor-queue-props.js';
import { ConveyorPropsError } from './errors.js';

/**
 * One synth-time rule: `check` returns the allowed-range text when the value
 * is invalid, or undefined when it is valid (or not checkable yet).
 */
interface PropRule {
  /** The prop named first in the error. */
  readonly prop: keyof ResolvedConveyorQueueProps;
  /** Returns `undefined` when valid; otherwise the message tail after `ConveyorQueue: `. */
  readonly check: (p: ResolvedConveyorQueueProps) => string | undefined;
}

const DAY_SECONDS = 24 * 60 * 60;
const RETENTION_DAYS_VALUES = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));
/** DynamoDB tables cannot be snapshotted on delete, so SNAPSHOT is not offered. */
const REMOVAL_POLICIES = new Set<string>([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE]);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAMESPACE_PATTERN = /^[A-Za-z0-9._/#: -]{1,255}$/;
/** API Gateway keeps a usage plan's quota limit as a 32-bit signed integer. */
const MAX_API_QUOTA = 2_147_483_647;

/** True when a value is a token that only resolves at deploy time; such values are skipped. */
function unresolved(...values: unknown[]): boolean {
  return values.some((v) => (v instanceof Duration ? v.isUnresolved() : Token.isUnresolved(v)));
}

/** Seconds of a resolved duration, fractional allowed. */
function seconds(d: Duration): number {
  return d.toMilliseconds() / 1000;
}

function integerBetween(prop: string, value: number, min: number, max: number, when = ''): string | undefined {
  if (unresolved(value)) return undefined;
  return Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${prop} must be an integer between ${min} and ${max}${when} (got ${String(value)})`;
}

function secondsBetween(prop: string, value: Duration, min: number, max: number, wholeSeconds = false): string | undefined {
  if (unresolved(value)) return undefined;
  const s = seconds(value);
  const ok = s >= min && s <= max && (!wholeSeconds || Number.isInteger(s));
  const what = wholeSeconds ? 'a whole number of seconds' : 'a duration';
  return ok ? undefined : `${prop} must be ${what} between ${min} and ${max} seconds (got ${s} seconds)`;
}

/** A ratio in (0, 1], as the alarm thresholds take. */
function ratioAbove0(prop: string, value: number): string | undefined {
  return unresolved(value) || (typeof value === 'number' && value > 0 && value <= 1)
    ? undefined
    : `${prop} must be greater than 0 and at most 1 (got ${value})`;
}

/** The validation table; each row names the prop and its allowed range. */
export const PROP_RULES: readonly PropRule[] = [
  { prop: 'fifo', check: (p) => (typeof p.fifo === 'boolean' || unresolved(p.fifo) ? undefined : `fifo must be a boolean (got ${String(p.fifo)})`) },
  { prop: 'maxReceiveCount', check: (p) => integerBetween('maxReceiveCount', p.maxReceiveCount, MAX_RECEIVE_COUNT.min, MAX_RECEIVE_COUNT.max) },
  { prop: 'consumerTimeout', check: (p) => secondsBetween('consumerTimeout', p.consumerTimeout, 1, 900, true) },
  {
    prop: 'visibilityTimeout',
    check: (p) => {
      if (unresolved(p.visibilityTimeout, p.consumerTimeout)) return undefined;
      const min = seconds(p.consumerTimeout) * VISIBILITY_TIMEOUT_FACTOR;
      const s = seconds(p.visibilityTimeout);
      return s >= min && s <= SQS_MAX_VISIBILITY_SECONDS && Number.isInteger(s)
        ? undefined
        : `visibilityTimeout must be a whole number of seconds between ${VISIBILITY_TIMEOUT_FACTOR} × consumerTimeout (${min}) and ${SQS_MAX_VISIBILITY_SECONDS} seconds (got ${s} seconds)`;
    },
  },
  { prop: 'retentionPeriod', check: (p) => secondsBetween('retentionPeriod', p.retentionPeriod, 60, 14 * DAY_SECONDS, true) },
  { prop: 'maxMessageBytes', check: (p) => integerBetween('maxMessageBytes', p.maxMessageBytes, MAX_MESSAGE_BYTES.min, MAX_MESSAGE_BYTES.max) },
  {
    prop: 'batchSize',
    check: (p) => (p.fifo ? integerBetween('batchSize', p.batchSize, 1, 10, ' when fifo is true') : integerBetween('batchSize', p.batchSize, 1, 10_000)),
  },
  {
    prop: 'batchSize',
    check: (p) => {
      if (unresolved(p.batchSize, p.maxBatchingWindow) || p.batchSize <= 10) return undefined;
      return seconds(p.maxBatchingWindow) >= 1
        ? undefined
        : `batchSize above 10 requires maxBatchingWindow of at least 1 second (got batchSize ${p.batchSize}, maxBatchingWindow ${seconds(p.maxBatchingWindow)} seconds)`;
    },
  },
  { prop: 'maxBatchingWindow', check: (p) => secondsBetween('maxBatchingWindow', p.maxBatchingWindow, 0, 300, true) },
  {
    prop: 'maxBatchingWindow',
    check: (p) =>
      p.fifo === true && !unresolved(p.maxBatchingWindow) && seconds(p.maxBatchingWindow) > 0
        ? 'maxBatchingWindow is not supported when fifo is true (allowed: 0 seconds or unset)'
        : undefined,
  },
  { prop: 'maxConcurrency', check: (p) => (p.maxConcurrency === undefined ? undefined : integerBetween('maxConcurrency', p.maxConcurrency, 2, 1000)) },
  { prop: 'consumerMemorySize', check: (p) => integerBetween('consumerMemorySize', p.consumerMemorySize, 128, 10_240) },
  { prop: 'producerMemorySize', check: (p) => integerBetween('producerMemorySize', p.producerMemorySize, 128, 10_240) },
  {
    prop: 'apiRateLimit',
    check: (p) =>
      unresolved(p.apiRateLimit) || (typeof p.apiRateLimit === 'number' && p.apiRateLimit > 0 && p.apiRateLimit <= 10_000)
        ? undefined
        : `apiRateLimit must be greater than 0 and at most 10000 requests per second (got ${p.apiRateLimit})`,
  },
  { prop: 'apiBurstLimit', check: (p) => integerBetween('apiBurstLimit', p.apiBurstLimit, 0, 5000) },
  { prop: 'apiDailyQuota', check: (p) => (p.apiDailyQuota === undefined ? undefined : integerBetween('apiDailyQuota', p.apiDailyQuota, 1, MAX_API_QUOTA)) },
  {
    prop: 'idempotencyTtl',
    check: (p) => {
      if (unresolved(p.idempotencyTtl, p.retentionPeriod)) return undefined;
      const min = seconds(p.retentionPeriod);
      const max = IDEMPOTENCY_TTL_SECONDS.max;
      const s = seconds(p.idempotencyTtl);
      return s >= min && s <= max && Number.isInteger(s)
        ? undefined
        : `idempotencyTtl must be a whole number of seconds between retentionPeriod (${min}) and 365 days (${max}) (got ${s} seconds)`;
    },
  },
  {
    prop: 'endToEndLatencySlo',
    check: (p) =>
      unresolved(p.endToEndLatencySlo) || p.endToEndLatencySlo.toMilliseconds() > 0
        ? undefined
        : `endToEndLatencySlo must be greater than 0 milliseconds (got ${p.endToEndLatencySlo.toMilliseconds()} milliseconds)`,
  },
  {
    prop: 'oldestMessageAgeThreshold',
    check: (p) => {
      if (unresolved(p.oldestMessageAgeThreshold, p.retentionPeriod)) return undefined;
      const max = seconds(p.retentionPeriod);
      const s = seconds(p.oldestMessageAgeThreshold);
      return s >= 60 && s <= max
        ? undefined
        : `oldestMessageAgeThreshold must be between 60 seconds and retentionPeriod (${max} seconds) (got ${s} seconds)`;
    },
  },
  { prop: 'consumerErrorRateThreshold', check: (p) => ratioAbove0('consumerErrorRateThreshold', p.consumerErrorRateThreshold) },
  { prop: 'messageFailureRateThreshold', check: (p) => ratioAbove0('messageFailureRateThreshold', p.messageFailureRateThreshold) },
  {
    prop: 'alarmEmail',
    check: (p) =>
      p.alarmEmail === undefined || unresolved(p.alarmEmail) || (typeof p.alarmEmail === 'string' && EMAIL_PATTERN.test(p.alarmEmail))
        ? undefined
        : `alarmEmail must be an email address like name@example.com (got ${JSON.stringify(p.alarmEmail)})`,
  },
  {
    prop: 'removalPolicy',
    check: (p) =>
      REMOVAL_POLICIES.has(p.removalPolicy)
        ? undefined
        : `removalPolicy must be one of ${[...REMOVAL_POLICIES].join(', ')} (got ${String(p.removalPolicy)})`,
  },
  {
    prop: 'logRetention',
    check: (p) =>
      unresolved(p.logRetention) || RETENTION_DAYS_VALUES.has(p.logRetention)
        ? undefined
        : `logRetention must be a RetentionDays value (${[...RETENTION_DAYS_VALUES].join(', ')}) (got ${p.logRetention})`,
  },
  {
    prop: 'serviceName',
    check: (p) =>
      unresolved(p.serviceName) || (typeof p.serviceName === 'string' && p.serviceName.length >= 1 && p.serviceName.length <= 255)
        ? undefined
        : `serviceName must be a string of 1 to 255 characters (got ${JSON.stringify(p.serviceName)})`,
  },
  {
    prop: 'metricsNamespace',
    check: (p) =>
      unresolved(p.metricsNamespace) ||
      (typeof p.metricsNamespace === 'string' && NAMESPACE_PATTERN.test(p.metricsNamespace) && !p.metricsNamespace.startsWith('AWS/'))
        ? undefined
        : `metricsNamespace must be 1 to 255 characters of [A-Za-z0-9._/#: -] and must not start with AWS/ (got ${JSON.stringify(p.metricsNamespace)})`,
  },
];

/**
 * Checks resolved props against `PROP_RULES`, in table order.
 * @throws ConveyorPropsError for the first rule that fails
 */
export function validateConveyorQueueProps(props: ResolvedConveyorQueueProps): void {
  for (const rule of PROP_RULES) {
    const problem = rule.check(props);
    if (problem !== undefined) {
      throw new ConveyorPropsError(rule.prop, `ConveyorQueue: ${problem}`);
    }
  }
}
