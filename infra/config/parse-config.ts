import { Duration, Stack } from 'aws-cdk-lib';
import type { ConveyorProps } from '../constructs/conveyor-queue.js';
import type { ConveyorQueueProps } from '../constructs/conveyor-queue-props-interface.js';
import { RESOURCE_NAME_PATTERN, resolveTopology, type TableDeclaration, type TypeDeclaration } from '../constructs/topology.js';
import { resolveConveyorQueueProps } from '../constructs/conveyor-queue-props.js';
import { ConveyorConstructError } from '../constructs/errors.js';
import type { ContextKind, SettingScope } from '../constructs/prop-spec-types.js';
import { PROP_SPEC_ENTRIES, PROP_SPECS } from '../constructs/prop-specs.js';
import { findPropProblem } from '../constructs/validate-props.js';
import { CONVEYOR_CONFIG_FILE } from '../../contract/index.js';
import { SETTING_KEYS } from './settings.js';

/** A queue's name in `conveyor.config.ts`: a lowercase letter, then up to 39 lowercase letters, digits or hyphens. */
export const QUEUE_NAME_PATTERN = RESOURCE_NAME_PATTERN;

/** The keys of the config object itself. */
const CONFIG_KEYS: readonly string[] = ['stack', 'queues', 'tables', 'types'];
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

/** The queues' names and settings, the default (first) queue first. */
function theQueues(config: Entries): ReadonlyArray<{ readonly name: string; readonly settings: Entries }> {
  if (config.queues === undefined) invalid('queues', `queues is required: name the queue, e.g. ${EXAMPLE}`);
  const queues = object(config.queues, 'queues', 'queues', '{ ledger: {} }');
  const names = Object.keys(queues);
  for (const name of names) {
    if (!QUEUE_NAME_PATTERN.test(name)) {
      invalid(`queues.${name}`, `queue name ${JSON.stringify(name)} must be a lowercase letter, then up to 39 lowercase letters, digits or hyphens (${QUEUE_NAME_PATTERN.source})`);
    }
  }
  if (names.length === 0) invalid('queues', `queues must declare at least one queue, e.g. ${EXAMPLE}`);
  return names.map((name) => ({ name, settings: object(queues[name], `queues.${name}`, `queues.${name}`, '{ batchSize: 5 }') }));
}

/** `tables` and `types`, checked for shape; `resolveTopology` checks names and references at synth. */
function topologyOf(root: Entries): Pick<ConveyorProps, 'tables' | 'types'> {
  const result: { tables?: Record<string, TableDeclaration>; types?: Record<string, TypeDeclaration> } = {};
  if (root.tables !== undefined) {
    const tables = object(root.tables, 'tables', 'tables', "{ orders: { partitionKey: 'orderId' } }");
    result.tables = {};
    for (const [name, value] of Object.entries(tables)) {
      const table = object(value, `tables.${name}`, `tables.${name}`, "{ partitionKey: 'orderId' }");
      rejectKeys(table, `tables.${name}`, ['partitionKey']);
      if (typeof table.partitionKey !== 'string') invalid(`tables.${name}.partitionKey`, `tables.${name}.partitionKey must be a string (got ${show(table.partitionKey)})`);
      result.tables[name] = { partitionKey: table.partitionKey };
    }
  }
  if (root.types !== undefined) {
    const types = object(root.types, 'types', 'types', "{ 'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts' } }");
    result.types = {};
    for (const [name, value] of Object.entries(types)) {
      const at = `types.${name}`;
      const type = object(value, at, at, "{ queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] }");
      rejectKeys(type, at, ['queues', 'module', 'tables']);
      const strings = (field: string, required: boolean): string[] | undefined => {
        const list = type[field];
        if (list === undefined && !required) return undefined;
        if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) invalid(`${at}.${field}`, `${at}.${field} must be an array of names (got ${show(list)})`);
        return list as string[];
      };
      const queues = strings('queues', true) as string[];
      if (typeof type.module !== 'string') invalid(`${at}.module`, `${at}.module must be the module's path, e.g. './handlers/orders-place.ts' (got ${show(type.module)})`);
      const tables = strings('tables', false);
      result.types[name] = { queues, module: type.module, ...(tables === undefined ? {} : { tables }) };
    }
  }
  return result;
}

function rejectKeys(entries: Entries, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(entries)) {
    if (!allowed.includes(key)) {
      throw new ConveyorConstructError('UNKNOWN_CONFIG_KEY', `${path}.${key}`, `${CONVEYOR_CONFIG_FILE}: unknown key ${path}.${key}; the keys of ${path} are ${allowed.join(', ')}`);
    }
  }
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
export function parseConveyorConfig(config: unknown, projectDir?: string): ConveyorProps {
  const root = object(config, '', 'the default export', EXAMPLE);
  for (const key of Object.keys(root)) {
    if (!CONFIG_KEYS.includes(key)) {
      throw new ConveyorConstructError('UNKNOWN_CONFIG_KEY', key, `${CONVEYOR_CONFIG_FILE}: unknown key ${key}; the keys of the config are ${CONFIG_KEYS.join(', ')}`);
    }
  }
  const stack = root.stack === undefined ? {} : object(root.stack, 'stack', 'stack', "{ alarmEmail: 'ops@example.com' }");
  const [queue, ...others] = theQueues(root) as [{ name: string; settings: Entries }, ...Array<{ name: string; settings: Entries }>];
  rejectUnknownSettings(stack, 'stack', 'stack');
  for (const { name, settings } of [queue, ...others]) rejectUnknownSettings(settings, `queues.${name}`, 'queue');
  for (const other of others) checkSettings({ ...stack, ...other.settings }, other.name);
  const props = checkSettings({ ...stack, ...queue.settings }, queue.name);
  const topology = {
    queueName: queue.name,
    ...(others.length === 0 ? {} : { queues: Object.fromEntries(others.map(({ name, settings }) => [name, defined(settings)])) }),
    ...topologyOf(root),
    ...(projectDir === undefined ? {} : { projectDir }),
  };
  try {
    resolveTopology(topology, projectDir ?? process.cwd());
  } catch (error) {
    // The construct's own check, reported as the file's: its messages name the same paths.
    if (!(error instanceof ConveyorConstructError)) throw error;
    invalid(error.setting, error.message.replace(/^ConveyorQueue: /, ''));
  }
  return { ...props, ...topology };
}

/**
 * Checks the settings of queue `queue` laid over the stack's: Durations are Durations, and the
 * props' rules hold over the defaults (the file must be valid on its own, whatever context adds),
 * each setting named by its path in the file. Returns the settings that are set.
 */
function checkSettings(entries: Entries, queue: string): ConveyorQueueProps {
  const pathOf = (prop: keyof ConveyorQueueProps): string => (PROP_SPECS[prop].scope === 'stack' ? `stack.${prop}` : `queues.${queue}.${prop}`);
  const props = defined(entries);
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

function defined(entries: Entries): ConveyorQueueProps {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as ConveyorQueueProps;
}
