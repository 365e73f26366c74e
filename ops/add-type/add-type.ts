/**
 * `conveyor add type`: scaffolds a message type — its module under `handlers/`, its test under
 * `test/handlers/`, its declaration in `conveyor.config.ts` — after checking everything, so that a
 * refusal writes nothing. {@link planAddType} decides what to write; {@link writeAddTypePlan}
 * writes it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ATTRIBUTE_NAME_PATTERN, CONVEYOR_CONFIG_FILE, MESSAGE_TYPE_PATTERN, QUEUE_NAME_PATTERN } from '../../contract/index.js';
import { OpsError } from '../errors.js';
import { defaultTableName, typeNames } from './names.js';
import { addTypeToConfig, type ProjectConfig } from './project-config.js';
import { insertTemplate } from './templates/insert.js';
import { lockedTemplate } from './templates/locked.js';
import type { HandlerKind, KindTemplate, TemplateInput } from './templates/template.js';
import { transactionalTemplate } from './templates/transactional.js';

export { HANDLER_KINDS, type HandlerKind } from './templates/template.js';

/** Each handler kind's templates, by kind. */
const TEMPLATES: Readonly<Record<HandlerKind, KindTemplate>> = {
  insert: insertTemplate,
  transactional: transactionalTemplate,
  locked: lockedTemplate,
};

/** The kinds whose handler writes a table (`--table`). */
const TABLE_KINDS: readonly HandlerKind[] = ['insert', 'transactional'];

/** A table's partition key attribute (the CDK app's rule): a letter or `_`, then letters, digits or `_`. */

/** The partition key of a table the command declares, unless `--partition-key` names another. */
export const DEFAULT_PARTITION_KEY = 'id';

/** Where a type's module goes, from the project root. */
export const HANDLERS_DIR = 'handlers';
/** Where a type's test goes, from the project root. */
export const HANDLER_TESTS_DIR = 'test/handlers';

/** What `conveyor add type` was asked for. */
export interface AddTypeRequest {
  /** The project root (where `conveyor.config.ts` is). */
  readonly projectDir: string;
  /** The type's name, `orders.refund`. */
  readonly type: string;
  /** The queue it goes to (declared in the config). */
  readonly queue: string;
  readonly kind: HandlerKind;
  /** The table its handler writes (insert and transactional kinds). @default the type name's first segment */
  readonly table?: string;
  /** The partition key of the table when the command declares it. @default {@link DEFAULT_PARTITION_KEY} */
  readonly partitionKey?: string;
  /** The command line, quoted in the files' header. */
  readonly command: string;
}

/** A file the command writes: created, or (the config) replaced. */
export interface PlannedFile {
  /** From the project root, `handlers/orders-refund.ts`. */
  readonly path: string;
  readonly content: string;
  /** The content it replaces; undefined for a file the command creates. */
  readonly previous?: string;
}

/** What the command writes, and what it decided on the way. */
export interface AddTypePlan {
  readonly type: string;
  readonly kind: HandlerKind;
  readonly queue: string;
  /** The table the handler writes, and whether the command declares it. */
  readonly table?: { readonly name: string; readonly partitionKey: string; readonly declared: boolean };
  /** The module and its test (created), then `conveyor.config.ts` (replaced). */
  readonly files: readonly PlannedFile[];
  /** Whether the config had no `types` and gets the example `ledger.credit` declared too. */
  readonly declaresExample: boolean;
  /** The payload interface to edit first. */
  readonly payloadInterface: string;
}

/** A usage error: what the request asks for cannot be done as asked. */
const refused = (message: string): OpsError => new OpsError('INPUT', message);

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

/** The table the handler writes: named, or the type's first segment; declared by the command when it is new. */
function resolveTable(config: ProjectConfig, request: AddTypeRequest): NonNullable<AddTypePlan['table']> {
  const name = request.table ?? defaultTableName(request.type);
  if (name === undefined) {
    throw refused(`cannot name a table after type ${request.type} (its first segment is no table name): name it with --table <name>`);
  }
  if (!QUEUE_NAME_PATTERN.test(name)) {
    throw refused(`--table: ${JSON.stringify(name)} is no table name: a lowercase letter, then up to 39 lowercase letters, digits or hyphens`);
  }
  if (request.partitionKey !== undefined && !ATTRIBUTE_NAME_PATTERN.test(request.partitionKey)) {
    throw refused(`--partition-key: ${JSON.stringify(request.partitionKey)} is no attribute name: a letter or _, then letters, digits or _`);
  }
  if (!Object.hasOwn(config.tables, name)) return { name, partitionKey: request.partitionKey ?? DEFAULT_PARTITION_KEY, declared: true };
  const partitionKey = config.tables[name];
  if (partitionKey === undefined) {
    throw refused(`table ${name} is declared in ${CONVEYOR_CONFIG_FILE} without a partitionKey written as a string; write it out, or name another --table`);
  }
  if (request.partitionKey !== undefined && request.partitionKey !== partitionKey) {
    throw refused(`--partition-key ${request.partitionKey}: table ${name} is declared already, with partition key ${partitionKey}; drop --partition-key, or name a new --table`);
  }
  return { name, partitionKey, declared: false };
}

/**
 * Checks the request against the project and returns what to write; reads the project, writes nothing.
 * @throws OpsError `INPUT` naming what is wrong: a type name `MESSAGE_TYPE_PATTERN` refuses, a queue
 * the config does not declare, a type it declares already, a file that exists, a table name or
 * partition key that is no such name, `--table` or `--partition-key` with the locked kind
 */
export function planAddType(config: ProjectConfig, request: AddTypeRequest): AddTypePlan {
  const { type, kind } = request;
  if (!MESSAGE_TYPE_PATTERN.test(type)) {
    throw refused(`type name ${JSON.stringify(type)} must be a letter, then up to 63 letters, digits or _.:- (e.g. orders.refund)`);
  }
  const declaredModule = Object.hasOwn(config.types, type) ? config.types[type] : null;
  if (declaredModule !== null) {
    throw refused(`type ${type} is declared already in ${CONVEYOR_CONFIG_FILE}${declaredModule === undefined ? '' : ` (module ${declaredModule})`}${config.declaresTypes ? '' : ', as the example the config deploys by default'}`);
  }
  const queue = config.queues.find(({ name }) => name === request.queue);
  if (queue === undefined) {
    throw refused(`queue ${request.queue} is not declared in ${CONVEYOR_CONFIG_FILE} (queues: ${list(config.queues.map(({ name }) => name))}); declare it under queues first, or name one of those`);
  }
  const writesTable = TABLE_KINDS.includes(kind);
  if (!writesTable && (request.table !== undefined || request.partitionKey !== undefined)) {
    throw refused(`--table and --partition-key are for the ${TABLE_KINDS.join(' and ')} kinds; a ${kind} handler is given no table (add tables: [...] to its declaration by hand if its effect writes one)`);
  }
  const table = writesTable ? resolveTable(config, request) : undefined;

  const names = typeNames(type);
  const modulePath = `${HANDLERS_DIR}/${names.file}.ts`;
  const testPath = `${HANDLER_TESTS_DIR}/${names.file}.test.ts`;
  for (const path of [modulePath, testPath]) {
    if (existsSync(join(request.projectDir, path))) throw refused(`${path} exists already; remove it, or choose another type name`);
  }
  const module = `./${modulePath}`;
  const usedBy = Object.entries(config.types).find(([, path]) => path === module)?.[0];
  if (usedBy !== undefined) throw refused(`type ${usedBy} is declared with module ${module} already; choose another type name`);

  const input: TemplateInput = { names, kind, queue, command: request.command, ...(table === undefined ? {} : { table }) };
  const template = TEMPLATES[kind];
  const configSource = addTypeToConfig(config, {
    type,
    queue: queue.name,
    module,
    ...(table === undefined ? {} : { table: table.name }),
    ...(table?.declared ? { newTable: { name: table.name, partitionKey: table.partitionKey } } : {}),
  });
  return {
    type,
    kind,
    queue: queue.name,
    ...(table === undefined ? {} : { table }),
    files: [
      { path: modulePath, content: template.module(input) },
      { path: testPath, content: template.test(input) },
      { path: relative(request.projectDir, config.file), content: configSource, previous: config.source },
    ],
    declaresExample: !config.declaresTypes,
    payloadInterface: names.payloadInterface,
  };
}

/**
 * Writes `plan` into `projectDir`: the new files first (each refused if it appeared meanwhile), then
 * the config, replaced in one rename (refused if it changed since it was read). On any failure the
 * files and folders it created are removed again, so the project is as it was.
 * @throws OpsError `INPUT` when a file appeared or the config changed meanwhile; a file system error
 */
export function writeAddTypePlan(projectDir: string, plan: AddTypePlan): void {
  const created: string[] = [];
  try {
    for (const file of plan.files.filter((planned) => planned.previous === undefined)) {
      const path = join(projectDir, file.path);
      const madeDir = mkdirSync(dirname(path), { recursive: true });
      if (madeDir !== undefined) created.push(madeDir);
      try {
        writeFileSync(path, file.content, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refused(`${file.path} exists already; remove it, or choose another type name`);
        throw error;
      }
      created.push(path);
    }
    for (const file of plan.files.filter((planned) => planned.previous !== undefined)) {
      const path = join(projectDir, file.path);
      if (readFileSync(path, 'utf8') !== file.previous) throw refused(`${file.path} changed while the command ran; run it again`);
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, file.content);
      try {
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    }
  } catch (error) {
    for (const path of created.reverse()) rmSync(path, { recursive: true, force: true });
    throw error;
  }
}
