import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ConveyorQueueProps } from './constructs/conveyor-queue-props.js';
import type { ContextKind, ContextValues } from './constructs/prop-spec-types.js';
import { PROP_SPEC_ENTRIES } from './constructs/prop-specs.js';
import { ConveyorConstructError } from './constructs/errors.js';

/** Everything the app reads from CDK context. */
export interface ConveyorContext {
  /**
   * CloudFormation stack name.
   * @default 'Conveyor'
   */
  readonly stackName: string;
  /** Props for `ConveyorQueue`; keys not given in context are left to the construct's defaults. */
  readonly props: ConveyorQueueProps;
}

/** Stack name used when the `stackName` context key is absent. */
export const DEFAULT_STACK_NAME = 'Conveyor';

/**
 * Context keys without a `:` that the CDK CLI itself writes to cdk.context.json
 * (`cdk acknowledge`, `cdk cli-telemetry`). The CLI also injects
 * `aws:cdk:enable-path-metadata`, `aws:cdk:enable-asset-metadata`,
 * `aws:cdk:version-reporting` and `aws:cdk:bundling-stacks` (checked with
 * aws-cdk 2.1148), which the `:` rule already skips, as it does feature flags (`@aws-cdk/…`).
 */
export const CLI_OWNED_CONTEXT_KEYS: readonly string[] = ['acknowledged-issue-numbers', 'cli-telemetry'];

type Props = { -readonly [K in keyof ConveyorQueueProps]: ConveyorQueueProps[K] };
type KeyParser = (raw: unknown, key: string) => Partial<Props> | { readonly stackName: string };

const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const INTEGER_PATTERN = /^[+-]?\d+$/;
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const RETENTION_DAYS = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
const REMOVAL_POLICIES: Record<string, RemovalPolicy> = { retain: RemovalPolicy.RETAIN, destroy: RemovalPolicy.DESTROY };

function fail(key: string, expects: string, raw: unknown): never {
  throw new ConveyorConstructError('INVALID_CONTEXT', key, `Context key "${key}" expects ${expects} (got ${JSON.stringify(raw)})`);
}

function bool(raw: unknown, key: string): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  return fail(key, 'true or false', raw);
}

function num(raw: unknown, key: string, integer: boolean): number {
  const expects = integer ? 'an integer' : 'a number';
  const pattern = integer ? INTEGER_PATTERN : NUMBER_PATTERN;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && pattern.test(raw.trim()) ? Number(raw) : NaN;
  return Number.isFinite(value) && (!integer || Number.isInteger(value)) ? value : fail(key, expects, raw);
}

const int = (raw: unknown, key: string): number => num(raw, key, true);

function nonNegative(raw: unknown, key: string, unit: string): number {
  const value = int(raw, key);
  return value >= 0 ? value : fail(key, `a non-negative integer number of ${unit}`, raw);
}

const seconds = (raw: unknown, key: string): Duration => Duration.seconds(nonNegative(raw, key, 'seconds'));

function text(raw: unknown, key: string): string {
  return typeof raw === 'string' && raw.length > 0 ? raw : fail(key, 'a non-empty string', raw);
}

/** How each kind of context value in `PROP_SPECS` is parsed; the compiler wants one parser per kind. */
const PARSERS: { readonly [T in ContextKind]: (raw: unknown, key: string) => ContextValues[T] } = {
  boolean: bool,
  integer: int,
  number: (raw, key) => num(raw, key, false),
  seconds,
  milliseconds: (raw, key) => Duration.millis(nonNegative(raw, key, 'milliseconds')),
  string: text,
  removalPolicy: (raw, key) => {
    const policy = typeof raw === 'string' ? REMOVAL_POLICIES[raw.toLowerCase()] : undefined;
    return policy ?? fail(key, '"retain" or "destroy"', raw);
  },
  retentionDays: (raw, key) => {
    const days = int(raw, key);
    return RETENTION_DAYS.includes(days) ? (days as RetentionDays) : fail(key, `one of ${RETENTION_DAYS.join(', ')}`, raw);
  },
};

/** Every context key Conveyor reads, and how it maps to props: the props' keys from `PROP_SPECS`, then `stackName`. */
const CONTEXT_KEYS: Record<string, KeyParser> = {
  ...Object.fromEntries(
    PROP_SPEC_ENTRIES.flatMap(([prop, { context }]) =>
      context === undefined ? [] : [[context.key, (raw: unknown, key: string) => ({ [prop]: PARSERS[context.kind](raw, key) })]],
    ),
  ),
  stackName: (raw, key) => {
    const name = text(raw, key);
    return { stackName: STACK_NAME_PATTERN.test(name) ? name : fail(key, 'a CloudFormation stack name (a letter, then up to 127 letters, digits or hyphens)', raw) };
  },
};

/** The context keys Conveyor reads. */
export const CONTEXT_KEY_NAMES: readonly string[] = Object.keys(CONTEXT_KEYS);

/** True for keys owned by the CDK (feature flags `@…`, `aws:cdk:…`, lookups `x:y`) or written by the CLI. */
function isForeignKey(key: string): boolean {
  return key.includes(':') || key.startsWith('@') || CLI_OWNED_CONTEXT_KEYS.includes(key);
}

/**
 * Parses CDK context (strings from `-c key=value`, typed values from cdk.json)
 * into the stack name and `ConveyorQueue` props. Only types are checked here;
 * ranges are the construct's job.
 * @throws ConveyorConstructError `UNKNOWN_CONTEXT_KEY` for a key that looks like Conveyor's but is
 * not (listing the keys it reads), `INVALID_CONTEXT` naming the key and what it expects
 */
export function parseContext(context: Readonly<Record<string, unknown>>): ConveyorContext {
  let stackName = DEFAULT_STACK_NAME;
  const props: Props = {};
  for (const [key, raw] of Object.entries(context)) {
    if (isForeignKey(key)) continue;
    const parser = Object.hasOwn(CONTEXT_KEYS, key) ? CONTEXT_KEYS[key] : undefined;
    if (parser === undefined) throw new ConveyorConstructError('UNKNOWN_CONTEXT_KEY', key, `Unknown context key "${key}". Conveyor reads: ${CONTEXT_KEY_NAMES.join(', ')}`);
    if (raw === undefined || raw === null) continue;
    const parsed = parser(raw, key);
    if ('stackName' in parsed) stackName = parsed.stackName;
    else Object.assign(props, parsed);
  }
  return { stackName, props };
}
