import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * A synth-time check of one prop: given its (set) value, all resolved props and the prop's
 * name, returns the message tail after `ConveyorQueue: ` when invalid, or undefined when valid
 * (or not checkable yet, because a value is an unresolved token).
 */
export type Check<V, P> = (value: V, props: P, prop: string) => string | undefined;

/** Seconds in a day. */
export const DAY_SECONDS = 24 * 60 * 60;
/** The `RetentionDays` values, in enum order. */
export const RETENTION_DAYS_VALUES = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));
/** DynamoDB tables cannot be snapshotted on delete, so SNAPSHOT is not offered. */
export const REMOVAL_POLICIES = new Set<string>([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE]);
/** A plausible email address (one `@`, a dot in the domain, no spaces). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** CloudWatch's allowed namespace characters and length. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9._/#: -]{1,255}$/;
/** API Gateway keeps a usage plan's quota limit as a 32-bit signed integer. */
export const MAX_API_QUOTA = 2_147_483_647;

/** True when a value is a token that only resolves at deploy time; such values are skipped. */
export function unresolved(...values: unknown[]): boolean {
  return values.some((v) => (v instanceof Duration ? v.isUnresolved() : Token.isUnresolved(v)));
}

/** Seconds of a resolved duration, fractional allowed. */
export function seconds(d: Duration): number {
  return d.toMilliseconds() / 1000;
}

/** An integer in [min, max]; `when` qualifies the range in the message (e.g. ` when fifo is true`). */
export function integerBetween(prop: string, value: number, min: number, max: number, when = ''): string | undefined {
  if (unresolved(value)) return undefined;
  return Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${prop} must be an integer between ${min} and ${max}${when} (got ${String(value)})`;
}

/** `integerBetween` as a table check. */
export const integerIn =
  (min: number, max: number): Check<number, unknown> =>
  (value, _props, prop) =>
    integerBetween(prop, value, min, max);

/** A duration in [min, max] seconds, optionally a whole number of seconds. */
export const secondsIn =
  (min: number, max: number, wholeSeconds = false): Check<Duration, unknown> =>
  (value, _props, prop) => {
    if (unresolved(value)) return undefined;
    const s = seconds(value);
    const ok = s >= min && s <= max && (!wholeSeconds || Number.isInteger(s));
    const what = wholeSeconds ? 'a whole number of seconds' : 'a duration';
    return ok ? undefined : `${prop} must be ${what} between ${min} and ${max} seconds (got ${s} seconds)`;
  };

/** A ratio in (0, 1], as the alarm thresholds take. */
export const ratioAbove0: Check<number, unknown> = (value, _props, prop) =>
  unresolved(value) || (typeof value === 'number' && value > 0 && value <= 1)
    ? undefined
    : `${prop} must be greater than 0 and at most 1 (got ${value})`;
