import { Duration, Stack } from 'aws-cdk-lib';
import type { ConveyorQueueProps } from '../constructs/conveyor-queue-props-interface.js';
import { resolveConveyorQueueProps } from '../constructs/conveyor-queue-props.js';
import { ConveyorConstructError } from '../constructs/errors.js';
import type { ContextKind, SettingScope } from '../constructs/prop-spec-types.js';
import { PROP_SPEC_ENTRIES, PROP_SPECS } from '../constructs/prop-specs.js';
import { findPropProblem } from '../constructs/validate-props.js';
import { CONVEYOR_CONFIG_FILE } from '../../contract/index.js';
import { SETTING_KEYS } from './settings.js';

/** A queue's name in `conveyor.config.ts`: a lowercase letter, then up to 39 lowercase letters, digits or hyphens. */
export const QUEUE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** The keys of the config object itself. */
const CONFIG_KEYS: readonly string[] = ['stack', 'queues'];
/** The context kinds whose props are `Duration`s: what a value for such a prop must be an instance of. */
const DURATION_EXAMPLES: Partial<Record<ContextKind, string>> = { seconds: 'Duration.seconds(30)', milliseconds: 'Duration.millis(250)' };
const EXAMPLE = 'defineConfig({ queues: { ledger: {} } })';

type Entries = Readonly<Record<string, unknown>>;

function invalid(path: string, problem: string): never {
  throw new ConveyorConstructError('INVALID_CONFIG', path, `${CONVEYOR_CONFIG_FILE}: ${problem}`);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Duration) return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The value as a plain object, or an `INVALID_CONFIG` error naming `path` (`what` when the path is the root). */
function object(value: unknown, path: string, what: string, example: string): Entries {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Duration)) return value as Entries;
  return invalid(path, `${what} must be an object, e.g. ${example} (got ${show(value)})`);
}

/** Rejects a key of `entries` that `scope` does not have, saying where a setting of the other scope goes. */
function rejectUnknownSettings(entries: Entries, path: string, scope: SettingScope): void {
  const other: SettingScope = scope === 'queue' ? 'stack' : 'queue';
  for (const key of Object.keys(entries)) {
    if ((SETTING_KEYS[scope] as readonly string[]).includes(key)) continue;
    const where = `${path}.${key}`;
    const problem = (SETTING_KEYS[other] as readonly string[]).includes(key)
      ? `${where} is a ${other === 'stack' ? 'stack-wide' : 'per-queue'} setting: set it under ${other === 'stack' ? 'stack' : 'queues.<name>'}`
      : `unknown key ${where}; the keys of ${scope === 'queue' ? 'a queue' : 'stack'} are ${SETTING_KEYS[scope].join(', ')}`;
    throw new ConveyorConstructError('UNKNOWN_CONFIG_KEY', where, `${CONVEYOR_CONFIG_FILE}: ${problem}`);
  }
}

/** The one queue's name and settings; several queues are the next slice of the work. */
function theQueue(config: Entries): { readonly name: string; readonly settings: Entries } {
  if (config.queues === undefined) invalid('queues', `queues is required: name the queue, e.g. ${EXAMPLE}`);
  const queues = object(config.queues, 'queues', 'queues', '{ ledger: {} }');
  const names = Object.keys(queues);
  for (const name of names) {
    if (!QUEUE_NAME_PATTERN.test(name)) {
      invalid(`queues.${name}`, `queue name ${JSON.stringify(name)} must be a lowercase letter, then up to 39 lowercase letters, digits or hyphens (${QUEUE_NAME_PATTERN.source})`);
    }
  }
  if (names.length === 0) invalid('queues', `queues must declare one queue, e.g. ${EXAMPLE}`);
  if (names.length > 1) {
    invalid(
      'queues',
      `queues declares ${names.length} queues (${names.join(', ')}); Conveyor deploys exactly one for now: ` +
        'several queues come with the next slice of the work (docs/design/your-queues.md)',
    );
  }
  const name = names[0]!;
  return { name, settings: object(queues[name], `queues.${name}`, `queues.${name}`, '{ batchSize: 5 }') };
}

/**
 * Validates what `conveyor.config.ts` exports, once, and returns the props of the one `ConveyorQueue`:
 * the `stack` settings and the queue's, only those set. Ranges are `PROP_SPECS`' rules, run on the
 * file's settings over the defaults (the file must be valid on its own, whatever context adds), with
 * each setting named by its path in the file.
 * @throws ConveyorConstructError `UNKNOWN_CONFIG_KEY` for a key the place does not have (listing the
 * ones it has, or saying where a setting of the other scope goes); `INVALID_CONFIG` for a config
 * that is not an object, a bad queue name, no queue or several, or a value of the wrong type or out
 * of range, e.g. `conveyor.config.ts: queues.ledger.batchSize must be an integer between 1 and 10000 (got 0)`
 */
export function parseConveyorConfig(config: unknown): ConveyorQueueProps {
  const root = object(config, '', 'the default export', EXAMPLE);
  for (const key of Object.keys(root)) {
    if (!CONFIG_KEYS.includes(key)) {
      throw new ConveyorConstructError('UNKNOWN_CONFIG_KEY', key, `${CONVEYOR_CONFIG_FILE}: unknown key ${key}; the keys of the config are ${CONFIG_KEYS.join(', ')}`);
    }
  }
  const stack = root.stack === undefined ? {} : object(root.stack, 'stack', 'stack', "{ alarmEmail: 'ops@example.com' }");
  const queue = theQueue(root);
  rejectUnknownSettings(stack, 'stack', 'stack');
  rejectUnknownSettings(queue.settings, `queues.${queue.name}`, 'queue');

  const pathOf = (prop: keyof ConveyorQueueProps): string => (PROP_SPECS[prop].scope === 'stack' ? `stack.${prop}` : `queues.${queue.name}.${prop}`);
  const props = Object.fromEntries(Object.entries({ ...stack, ...queue.settings }).filter(([, value]) => value !== undefined)) as ConveyorQueueProps;
  for (const [prop, spec] of PROP_SPEC_ENTRIES) {
    // The rules take a Duration prop's value for a Duration; anything else would fail inside them.
    const example = spec.context === undefined ? undefined : DURATION_EXAMPLES[spec.context.kind];
    const value: unknown = props[prop];
    if (example !== undefined && value !== undefined && !(value instanceof Duration)) {
      invalid(pathOf(prop), `${pathOf(prop)} must be a Duration from aws-cdk-lib, e.g. ${example} (got ${show(value)})`);
    }
  }
  // serviceName defaults to the stack's name, and the stack does not exist yet: a detached one
  // stands in (no rule compares serviceName with another setting).
  const found = findPropProblem(resolveConveyorQueueProps(new Stack(), props), pathOf);
  if (found !== undefined) invalid(pathOf(found.prop), found.problem);
  return props;
}
