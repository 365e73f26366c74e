import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ATTRIBUTE_NAME_PATTERN, EXAMPLE_TYPE, MESSAGE_TYPE_PATTERN, QUEUE_NAME_PATTERN } from '../../contract/index.js';
import type { ConveyorQueueProps } from './conveyor-queue-props-interface.js';
import { ConveyorConstructError } from './errors.js';
import { REPO_ROOT } from './functions.js';
import { PROP_SPECS } from './prop-specs.js';

/** A queue's, or a table's, name: a lowercase letter, then up to 39 lowercase letters, digits or hyphens. */
export const RESOURCE_NAME_PATTERN = QUEUE_NAME_PATTERN;

/** An effect table a project declares: one DynamoDB table (on demand, encrypted, PITR) its types' handlers write. */
export interface TableDeclaration {
  /** Its partition key attribute (a string). An insert-kind handler keys its items by the idempotency key there. */
  readonly partitionKey: string;
}

/** A message type a project declares: where it goes, and the module with its payload parser and handler. */
export interface TypeDeclaration {
  /**
   * The queues it is delivered to: one, or several (fan-out: the producer sends it to each, and each
   * queue's consumer applies it once, under its own idempotency record).
   */
  readonly queues: readonly string[];
  /**
   * Its module, relative to the project root (`./handlers/orders-place.ts`): it exports `payload` (a
   * `PayloadParser`) and `handler` (a `HandlerFactory`), see `functions/handler-api`.
   */
  readonly module: string;
  /**
   * The tables its handler writes; the consumers of its queues may read and write their items.
   * @default none
   */
  readonly tables?: readonly string[];
}

/** The queues, tables and types of a Conveyor stack besides the default queue's settings. */
export interface ConveyorTopologyProps {
  /**
   * The default queue's name; its settings are the construct's own props (and the `-c` keys).
   * @default 'ledger'
   */
  readonly queueName?: string;
  /**
   * The other queues, by name, each with its own per-queue settings (`fifo`, `batchSize`, retry…;
   * the stack-wide ones are the construct's).
   * @default none
   */
  readonly queues?: Readonly<Record<string, ConveyorQueueProps>>;
  /**
   * The effect tables, by name.
   * @default with the default `types`, `{ ledger: { partitionKey: 'account' } }`; else none
   */
  readonly tables?: Readonly<Record<string, TableDeclaration>>;
  /**
   * The message types, by name.
   * @default the example `ledger.credit` (Conveyor's handlers/ledger-credit.ts, table `ledger`) on the default queue
   */
  readonly types?: Readonly<Record<string, TypeDeclaration>>;
  /**
   * Where the types' module paths are resolved from.
   * @default the repository root
   */
  readonly projectDir?: string;
  /**
   * Each type's payload as a JSON Schema draft-04 object (`loadConveyorConfig` exports them from the
   * modules' valibot schemas): a type with one gets its own route, `POST /types/<type>/messages`,
   * whose body API Gateway validates against it.
   * @default none: no per-type routes
   */
  readonly typeModels?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A validated topology: every name checked, every reference resolved, modules as absolute paths. */
export interface Topology {
  /** Queue names, the default queue first. */
  readonly queueNames: readonly string[];
  /** Each other queue's own settings. */
  readonly queueSettings: Readonly<Record<string, ConveyorQueueProps>>;
  readonly tables: Readonly<Record<string, TableDeclaration>>;
  readonly types: Readonly<Record<string, TypeDeclaration>>;
  /** Type name → its module's absolute path. */
  readonly modules: Readonly<Record<string, string>>;
  /** Queue name → the types delivered to it. */
  readonly typesOf: Readonly<Record<string, readonly string[]>>;
  /** Queue name → the tables its consumer writes. */
  readonly tablesOf: Readonly<Record<string, readonly string[]>>;
}

/** The name of the default queue when none is given. */
export const DEFAULT_QUEUE_NAME = 'ledger';

/** Conveyor's example type, deployed when a construct is given no types. */
export const EXAMPLE_TYPES: Required<Pick<ConveyorTopologyProps, 'tables' | 'types'>> = {
  tables: { [EXAMPLE_TYPE.table]: { partitionKey: EXAMPLE_TYPE.partitionKey } },
  types: { [EXAMPLE_TYPE.type]: { queues: [DEFAULT_QUEUE_NAME], module: EXAMPLE_TYPE.module, tables: [EXAMPLE_TYPE.table] } },
};

function invalid(setting: string, message: string): never {
  throw new ConveyorConstructError('INVALID_PROP', setting, `ConveyorQueue: ${message}`);
}

/**
 * Checks the queues, tables and types, and resolves their references.
 * @param defaultProjectDir where module paths are resolved from when `props.projectDir` is not given
 * @throws ConveyorConstructError `INVALID_PROP` naming the queue, table or type at fault; `UNKNOWN_PROP` for a stack-wide or unknown setting under `queues.<name>`
 */
export function resolveTopology(props: ConveyorTopologyProps, defaultProjectDir: string): Topology {
  const defaultName = props.queueName ?? DEFAULT_QUEUE_NAME;
  const queueSettings = props.queues ?? {};
  const queueNames = [defaultName, ...Object.keys(queueSettings)];
  const projectDir = props.projectDir ?? defaultProjectDir;
  const declared = props.types === undefined
    ? { tables: props.tables ?? EXAMPLE_TYPES.tables, types: retarget(EXAMPLE_TYPES.types, defaultName), from: REPO_ROOT }
    : { tables: props.tables ?? {}, types: props.types, from: projectDir };

  for (const name of queueNames) {
    if (!RESOURCE_NAME_PATTERN.test(name)) invalid('queues', `queue name ${JSON.stringify(name)} must match ${RESOURCE_NAME_PATTERN.source}`);
  }
  if (Object.hasOwn(queueSettings, defaultName)) {
    invalid('queues', `queues.${defaultName} is the default queue, whose settings are the construct's own props; declare only the others under queues`);
  }
  for (const [name, settings] of Object.entries(queueSettings)) {
    for (const key of Object.keys(settings)) {
      const spec = (PROP_SPECS as Record<string, { scope: string }>)[key];
      if (spec?.scope !== 'queue') {
        throw new ConveyorConstructError('UNKNOWN_PROP', `queues.${name}.${key}`, `ConveyorQueue: queues.${name}.${key} is not a per-queue setting`);
      }
    }
  }
  for (const [name, table] of Object.entries(declared.tables)) {
    if (!RESOURCE_NAME_PATTERN.test(name)) invalid('tables', `table name ${JSON.stringify(name)} must match ${RESOURCE_NAME_PATTERN.source}`);
    if (typeof table?.partitionKey !== 'string' || !ATTRIBUTE_NAME_PATTERN.test(table.partitionKey)) {
      invalid(`tables.${name}.partitionKey`, `tables.${name}.partitionKey must be an attribute name (a letter or _, then letters, digits or _)`);
    }
  }

  const typesOf: Record<string, string[]> = Object.fromEntries(queueNames.map((name) => [name, []]));
  const tablesOf: Record<string, Set<string>> = Object.fromEntries(queueNames.map((name) => [name, new Set()]));
  const modules: Record<string, string> = {};
  for (const [type, declaration] of Object.entries(declared.types)) {
    if (!MESSAGE_TYPE_PATTERN.test(type)) invalid('types', `type name ${JSON.stringify(type)} must match ${MESSAGE_TYPE_PATTERN.source}`);
    const queues = declaration.queues;
    if (!Array.isArray(queues) || queues.length === 0) invalid(`types.${type}.queues`, `types.${type}.queues must name at least one queue`);
    if (new Set(queues).size !== queues.length) invalid(`types.${type}.queues`, `types.${type}.queues names a queue twice (${queues.join(', ')})`);
    for (const queue of queues) {
      if (!Object.hasOwn(typesOf, queue)) invalid(`types.${type}.queues`, `types.${type}.queues names queue ${queue}, which is not declared (queues: ${queueNames.join(', ')})`);
      typesOf[queue]!.push(type);
      for (const table of declaration.tables ?? []) tablesOf[queue]!.add(table);
    }
    for (const table of declaration.tables ?? []) {
      if (!Object.hasOwn(declared.tables, table)) {
        invalid(`types.${type}.tables`, `types.${type}.tables names table ${table}, which is not declared (tables: ${Object.keys(declared.tables).join(', ') || 'none'})`);
      }
    }
    if (typeof declaration.module !== 'string' || declaration.module === '') invalid(`types.${type}.module`, `types.${type}.module must be the path of the type's module`);
    modules[type] = isAbsolute(declaration.module) ? declaration.module : join(declared.from, declaration.module);
    if (!existsSync(modules[type])) invalid(`types.${type}.module`, `types.${type}.module: ${modules[type]} does not exist`);
  }
  for (const queue of queueNames) {
    if (typesOf[queue]!.length === 0) invalid(`queues.${queue}`, `queue ${queue} carries no message type: name it in a type's queues, or remove it`);
  }
  return {
    queueNames,
    queueSettings,
    tables: declared.tables,
    types: declared.types,
    modules,
    typesOf,
    tablesOf: Object.fromEntries(Object.entries(tablesOf).map(([queue, tables]) => [queue, [...tables]])),
  };
}

/** The example types, delivered to the default queue whatever its name. */
function retarget(types: Readonly<Record<string, TypeDeclaration>>, queue: string): Readonly<Record<string, TypeDeclaration>> {
  return Object.fromEntries(Object.entries(types).map(([type, declaration]) => [type, { ...declaration, queues: [queue] }]));
}

/** `orders` → `Orders`, `order-events` → `OrderEvents`: a queue's or table's name in construct ids. */
export function pascal(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
