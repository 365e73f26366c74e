import type { Construct } from 'constructs';
import { VISIBILITY_TIMEOUT_FACTOR } from '../../contract/index.js';
import type { ConveyorQueueProps, ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';
import { ConveyorConstructError } from './errors.js';
import { PROP_SPEC_ENTRIES, PROP_SPECS } from './prop-specs.js';

export type { ConveyorQueueProps, ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';

/** The names of all `ConveyorQueueProps` keys, in declaration order. */
export const CONVEYOR_QUEUE_PROP_KEYS: readonly (keyof ConveyorQueueProps)[] = PROP_SPEC_ENTRIES.map(([prop]) => prop);

type Specs = typeof PROP_SPECS;
/** The props whose default is a constant. */
type ConstantDefaultKey = { [K in keyof Specs]: Specs[K] extends { readonly default: unknown } ? K : never }[keyof Specs];

/** Defaults that do not depend on other props or on the scope. */
export const CONVEYOR_QUEUE_DEFAULTS = {
  ...(Object.fromEntries(PROP_SPEC_ENTRIES.filter(([, spec]) => 'default' in spec).map(([prop, spec]) => [prop, spec.default])) as {
    readonly [K in ConstantDefaultKey]: Specs[K]['default'];
  }),
  /** `visibilityTimeout` defaults to this many times `consumerTimeout`. */
  visibilityTimeoutFactor: VISIBILITY_TIMEOUT_FACTOR,
} as const;

/**
 * Rejects keys that are not `ConveyorQueueProps` (JavaScript callers, typos).
 * @throws ConveyorConstructError `UNKNOWN_PROP` naming the first unknown key and listing the known ones
 */
export function rejectUnknownProps(props: object): void {
  for (const key of Object.keys(props)) {
    if (!Object.hasOwn(PROP_SPECS, key)) {
      throw new ConveyorConstructError('UNKNOWN_PROP', key, `ConveyorQueue: unknown prop ${key}; known props are ${CONVEYOR_QUEUE_PROP_KEYS.join(', ')}`);
    }
  }
}

/**
 * Applies every default, in table order. `scope` supplies the stack name (default `serviceName`).
 * @throws ConveyorConstructError `INVALID_PROP` when `visibilityTimeout` is omitted but cannot be
 * derived because `consumerTimeout` is an unresolved token
 */
export function resolveConveyorQueueProps(scope: Construct, props: ConveyorQueueProps = {}): ResolvedConveyorQueueProps {
  const resolved: Record<string, unknown> = {};
  for (const [prop, spec] of PROP_SPEC_ENTRIES) {
    const given = props[prop];
    if (given !== undefined && given !== null) resolved[prop] = given;
    else if (spec.derive) resolved[prop] = spec.derive(resolved as unknown as ResolvedConveyorQueueProps, scope);
    else if ('default' in spec) resolved[prop] = spec.default;
    // Props without a default keep what was given (undefined, or a null that validation reports).
    else resolved[prop] = given;
  }
  return resolved as unknown as ResolvedConveyorQueueProps;
}
