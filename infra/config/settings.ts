import type { ConveyorQueueProps } from '../constructs/conveyor-queue-props-interface.js';
import type { SettingScope } from '../constructs/prop-spec-types.js';
import { PROP_SPEC_ENTRIES, type PROP_SPECS } from '../constructs/prop-specs.js';

// The settings `conveyor.config.ts` takes, split by the `scope` of their `PROP_SPECS` entry: the
// types and the key lists are derived from the table, so a prop is declared, documented and scoped once.

type Specs = typeof PROP_SPECS;

/** The props whose `PROP_SPECS` entry has scope `S`. */
export type SettingKey<S extends SettingScope> = { [K in keyof Specs]: Specs[K]['scope'] extends S ? K : never }[keyof Specs];

/**
 * A queue's own settings (`queues.<name>` in `conveyor.config.ts`): its queue and DLQ, its consumer,
 * its retry policy and its alarms' thresholds. Same names, types, defaults and ranges as on
 * `ConveyorQueueProps`; every one optional.
 */
export type QueueSettings = Pick<ConveyorQueueProps, SettingKey<'queue'>>;

/**
 * The settings the whole stack shares (`stack` in `conveyor.config.ts`): the API's limits and
 * quota, the producer, the largest message, the alarm topic's email, the tables' removal policy,
 * the logs' retention and the metrics' service and namespace. Same names, types, defaults and
 * ranges as on `ConveyorQueueProps`; every one optional.
 */
export type StackSettings = Pick<ConveyorQueueProps, SettingKey<'stack'>>;

function keysOf<S extends SettingScope>(scope: S): readonly SettingKey<S>[] {
  return PROP_SPEC_ENTRIES.filter(([, spec]) => spec.scope === scope).map(([prop]) => prop as SettingKey<S>);
}

/** The settings of each scope, in `PROP_SPECS` order. */
export const SETTING_KEYS: { readonly [S in SettingScope]: readonly SettingKey<S>[] } = {
  queue: keysOf('queue'),
  stack: keysOf('stack'),
};
