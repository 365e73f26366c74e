/** The shape of a construct prop's spec (`PROP_SPECS` in prop-specs.ts): its default or derivation, `-c` key, scope and rules. */
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ConveyorQueueProps, ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';
import type { Check } from './prop-checks.js';

export type Resolved = ResolvedConveyorQueueProps;
export type PropKey = keyof ConveyorQueueProps;
export type Value<K extends PropKey> = NonNullable<ConveyorQueueProps[K]>;

/** What each kind of `-c` context value parses to (`infra/context.ts` holds the parsers). */
export interface ContextValues {
  boolean: boolean;
  integer: number;
  number: number;
  /** A non-negative integer number of seconds. */
  seconds: Duration;
  /** A non-negative integer number of milliseconds. */
  milliseconds: Duration;
  /** A non-empty string. */
  string: string;
  /** `retain` or `destroy`, any case. */
  removalPolicy: RemovalPolicy;
  /** An integer that is a `RetentionDays` value. */
  retentionDays: RetentionDays;
}

/** A kind of context value. */
export type ContextKind = keyof ContextValues;

/** The context kinds whose parsed value fits a prop of type `V`. */
type KindsFor<V> = { [T in ContextKind]: [ContextValues[T]] extends [V] ? T : never }[ContextKind];

/** How a prop is filled when omitted: props that may stay undefined have no default; the others exactly one. */
type DefaultSpec<K extends PropKey> = undefined extends Resolved[K]
  ? { readonly default?: never; readonly derive?: never }
  :
      | { readonly default: Value<K>; readonly derive?: never }
      | {
          readonly default?: never;
          /** Computes the default; `earlier` holds the props listed before this one in the table, resolved. */
          readonly derive: (earlier: Resolved, scope: Construct) => Value<K>;
        };

/**
 * Where a setting belongs once a stack holds several queues: `queue` settings are each queue's own
 * (`queues.<name>.<prop>` in `conveyor.config.ts`), `stack` settings are one value for the stack's
 * shared parts, the API, the producer, the alarm topic, the tables, the logs and the metrics
 * (`stack.<prop>`).
 */
export type SettingScope = 'queue' | 'stack';

/** Everything about one prop but its type and docs (those are `ConveyorQueueProps`). */
export type PropSpec<K extends PropKey> = DefaultSpec<K> & {
  /** Whether each queue has its own value or the whole stack shares one. */
  readonly scope: SettingScope;
  /** The `-c` context key that sets the prop and the kind of value it takes; absent when context cannot set it. */
  readonly context?: { readonly key: string; readonly kind: KindsFor<Value<K>> };
  /** Synth-time checks, run in order on the set value; the first failure names the prop. */
  readonly rules: readonly Check<Value<K>, Resolved>[];
};

/** One spec per prop; the compiler rejects a missing or unknown prop. */
export type PropSpecs = { readonly [K in PropKey]-?: PropSpec<K> };

/** A spec with its prop's types erased, for code that walks the whole table. */
export interface AnyPropSpec {
  readonly scope: SettingScope;
  readonly default?: unknown;
  readonly derive?: (earlier: Resolved, scope: Construct) => unknown;
  readonly context?: { readonly key: string; readonly kind: ContextKind };
  readonly rules: readonly Check<never, Resolved>[];
}
