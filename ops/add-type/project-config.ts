/**
 * Reads and edits a project's `conveyor.config.ts` as source, through its syntax tree (ts-morph),
 * without running it: the operator tools may not import the CDK app that evaluates it
 * (docs/house-rules.md), and an edit must leave every line it does not add as its author wrote it
 * (comments, order, layout). magicast was tried first: its printer (recast) lays out anew every
 * object it adds to — blank lines around entries that carry a comment, trailing comments moved
 * before their entry — so it rewrote lines of the project's own config; ts-morph inserts text at
 * the syntax tree's positions and changes nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IndentationText,
  Node,
  type ObjectLiteralExpression,
  Project,
  QuoteKind,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';
import { CONVEYOR_CONFIG_FILE, EXAMPLE_TYPE } from '../../contract/index.js';
import { OpsError } from '../errors.js';
import { objectKey } from './names.js';

/** What `conveyor add type` needs to know of `conveyor.config.ts`, read from its source. */
export interface ProjectConfig {
  /** The file's absolute path. */
  readonly file: string;
  /** Its text, as read. */
  readonly source: string;
  /** The queues, in the file's order (the first is the default queue), each FIFO when it says `fifo: true`. */
  readonly queues: ReadonlyArray<{ readonly name: string; readonly fifo: boolean }>;
  /** The tables, by name, with their `partitionKey` when it is a string literal. */
  readonly tables: Readonly<Record<string, string | undefined>>;
  /**
   * The types, by name, with their `module` when it is a string literal. Without a `types` section
   * the stack deploys the example `ledger.credit`, which is listed then.
   */
  readonly types: Readonly<Record<string, string | undefined>>;
  /** Whether the file has a `types` section (else adding one declares the example type too). */
  readonly declaresTypes: boolean;
}

/** A type to add to the config, and the table to declare with it when the table is new. */
export interface ConfigAddition {
  readonly type: string;
  readonly queue: string;
  /** Its module's path from the project root, `./handlers/<file>.ts`. */
  readonly module: string;
  /** The table its handler writes. @default none */
  readonly table?: string;
  /** A table to declare under `tables`. @default none */
  readonly newTable?: { readonly name: string; readonly partitionKey: string };
}

/**
 * The example type a config without `types` deploys on its first queue: declared explicitly when a
 * `types` section is added, so that it stays deployed.
 */
export { EXAMPLE_TYPE } from '../../contract/index.js';

const configError = (problem: string, cause?: unknown): OpsError =>
  new OpsError('INPUT', `${CONVEYOR_CONFIG_FILE}: ${problem}`, cause === undefined ? {} : { cause });

/** The indentation the file uses (its first indented line's), for the lines an edit adds. */
function indentationOf(source: string): IndentationText {
  const indent = /^([ \t]+)\S/m.exec(source)?.[1] ?? '  ';
  if (indent.startsWith('\t')) return IndentationText.Tab;
  if (indent.length >= 8) return IndentationText.EightSpaces;
  return indent.length >= 4 ? IndentationText.FourSpaces : IndentationText.TwoSpaces;
}

function parse(source: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { noLib: true },
    manipulationSettings: { indentationText: indentationOf(source), quoteKind: QuoteKind.Single },
  });
  const file = project.createSourceFile(CONVEYOR_CONFIG_FILE, source);
  const [syntaxError] = project.getProgram().getSyntacticDiagnostics(file);
  if (syntaxError !== undefined) {
    const message = syntaxError.getMessageText();
    const line = syntaxError.getLineNumber();
    throw configError(`cannot be parsed${line === undefined ? '' : ` (line ${line})`}: ${typeof message === 'string' ? message : message.getMessageText()}`);
  }
  return file;
}

/** `node` without a type assertion or parentheses around it (`{ … } as const`, `{ … } satisfies X`). */
function unwrap(node: Node | undefined): Node | undefined {
  let current = node;
  while (current !== undefined && (Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isParenthesizedExpression(current) || Node.isNonNullExpression(current))) {
    current = current.getExpression();
  }
  return current;
}

/** The config object: the argument of `export default defineConfig({ … })`, or `export default { … }`. */
function configObject(file: SourceFile): ObjectLiteralExpression {
  const exported = file.getExportAssignment((assignment) => !assignment.isExportEquals());
  if (exported === undefined) throw configError('has no default export; export the config: export default defineConfig({ queues: { … } })');
  let node = unwrap(exported.getExpression());
  if (Node.isCallExpression(node)) node = unwrap(node.getArguments()[0]);
  if (!Node.isObjectLiteralExpression(node)) throw configError('its default export is not defineConfig({ … }) or an object literal; add the type by hand');
  return node;
}

/** The entries of object literal `node` (at `path` in the file), by key; one the file computes or spreads cannot be read, and is refused. */
function entriesOf(node: ObjectLiteralExpression, path: string): Array<[string, Node | undefined]> {
  return node.getProperties().map((property) => {
    if (Node.isPropertyAssignment(property)) {
      const name = property.getNameNode();
      if (Node.isIdentifier(name)) return [name.getText(), unwrap(property.getInitializer())];
      if (Node.isStringLiteral(name)) return [name.getLiteralValue(), unwrap(property.getInitializer())];
    }
    throw configError(`${path} has an entry that is not \`name: value\` (${property.getText().slice(0, 40)}); write its entries out, or add the type by hand`);
  });
}

/** The value at `key` of `node` when both are literals (`fifo: true`, `partitionKey: 'id'`). */
function literalAt(node: Node | undefined, key: string, path: string): unknown {
  if (!Node.isObjectLiteralExpression(node)) return undefined;
  const value = entriesOf(node, path).find(([name]) => name === key)?.[1];
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return value.getLiteralValue();
  if (Node.isTrueLiteral(value)) return true;
  if (Node.isFalseLiteral(value)) return false;
  return undefined;
}

/** The object literal of section `name` of the config, undefined when there is no such section. */
function section(config: ObjectLiteralExpression, name: string): ObjectLiteralExpression | undefined {
  const entry = entriesOf(config, 'the config').find(([key]) => key === name);
  if (entry === undefined) return undefined;
  if (!Node.isObjectLiteralExpression(entry[1])) throw configError(`${name} is not an object literal ({ … }); add the type by hand`);
  return entry[1];
}

/**
 * Reads `conveyor.config.ts` in `projectDir`.
 * @throws OpsError `INPUT` when the file is missing or cannot be parsed, or declares its queues,
 * tables or types other than as object literals of `name: value` entries (which an edit could not add to)
 */
export function readProjectConfig(projectDir: string): ProjectConfig {
  const file = join(projectDir, CONVEYOR_CONFIG_FILE);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw configError(`${reason} in ${projectDir}; run the command in a Conveyor project (the folder with conveyor.config.ts, or one below it)`, error);
  }
  const config = configObject(parse(source));
  const queues = section(config, 'queues');
  if (queues === undefined) throw configError('declares no queues; declare one first: queues: { ledger: {} }');
  const tables = section(config, 'tables');
  const types = section(config, 'types');
  const stringAt = (node: Node | undefined, key: string, path: string): string | undefined => {
    const value = literalAt(node, key, path);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    file,
    source,
    queues: entriesOf(queues, 'queues').map(([name, settings]) => ({ name, fifo: literalAt(settings, 'fifo', `queues.${name}`) === true })),
    tables: Object.fromEntries((tables === undefined ? [] : entriesOf(tables, 'tables')).map(([name, table]) => [name, stringAt(table, 'partitionKey', `tables.${name}`)])),
    types: types === undefined
      ? { [EXAMPLE_TYPE.type]: EXAMPLE_TYPE.module }
      : Object.fromEntries(entriesOf(types, 'types').map(([name, type]) => [name, stringAt(type, 'module', `types.${name}`)])),
    declaresTypes: types !== undefined,
  };
}

/** Whether the last entry of `node` is followed by a comma. */
const hasTrailingComma = (node: ObjectLiteralExpression): boolean => node.getProperties().at(-1)?.getNextSiblingIfKind(SyntaxKind.CommaToken) !== undefined;

/** Whether `node`, laid out one entry a line, ends its last entry with a comma; undefined when it is on one line or empty. */
const commaStyle = (node: ObjectLiteralExpression | undefined): boolean | undefined =>
  node === undefined || node.getProperties().length === 0 || node.getStartLineNumber() === node.getEndLineNumber() ? undefined : hasTrailingComma(node);

/**
 * Lays object literal `node`, written on one line (`{ a: 1, b: 2 }`), out one entry a line, so that
 * entries can be added below the others; returns the object as it is now.
 */
function oneEntryALine(node: ObjectLiteralExpression, trailingComma: boolean): ObjectLiteralExpression {
  const properties = node.getProperties();
  if (properties.length === 0 || node.getStartLineNumber() !== node.getEndLineNumber()) return node;
  const texts = properties.map((property) => property.getText());
  return node.replaceWithText((writer) => {
    writer.write('{').newLine();
    writer.indent(() => texts.forEach((text, index) => writer.write(index < texts.length - 1 || trailingComma ? `${text},` : text).newLine()));
    writer.write('}');
  }) as ObjectLiteralExpression;
}

/**
 * Adds `entries` (`[name, initializer]`) at the end of section `name` of the config in `file`, each
 * on a line of its own; a missing section is added after `after` (or last). A trailing comma follows
 * the last entry when the file's objects end with one. An object written on one line is laid out
 * one entry a line first.
 */
function addEntries(file: SourceFile, name: string, entries: ReadonlyArray<readonly [string, string]>, after: string): void {
  const existing = section(configObject(file), name);
  const trailingComma = commaStyle(existing) ?? commaStyle(configObject(file)) ?? false;
  // Replacing or inserting text makes ts-morph forget the nodes navigated to: each is found anew.
  const config = oneEntryALine(configObject(file), trailingComma);
  let target = section(config, name);
  const created = target === undefined;
  if (target === undefined) {
    const index = config.getProperties().findIndex((property) => Node.isPropertyAssignment(property) && property.getName() === after);
    target = config
      .insertPropertyAssignment(index === -1 ? config.getProperties().length : index + 1, { name, initializer: '{}' })
      .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
  }
  target = oneEntryALine(target, trailingComma);
  for (const [key, initializer] of entries) target.addPropertyAssignment({ name: objectKey(key), initializer });
  if (!trailingComma) return;
  const comma = (node: ObjectLiteralExpression): void => {
    if (!hasTrailingComma(node)) file.insertText(node.getProperties().at(-1)!.getEnd(), ',');
  };
  comma(section(configObject(file), name)!);
  if (created) comma(configObject(file));
}

/**
 * The source of `config` with `addition`: the type at the end of `types` (and the table at the end
 * of `tables` when it is new), one line each; a missing section is added. A config without `types`
 * gets the example `ledger.credit` declared too (and its table), which it deployed by default.
 * Every other line keeps its text.
 */
export function addTypeToConfig(config: ProjectConfig, addition: ConfigAddition): string {
  const file = parse(config.source);
  const tables: Array<[string, string]> = [];
  const types: Array<[string, string]> = [];
  if (!config.declaresTypes) {
    const queue = config.queues[0]!.name;
    types.push([EXAMPLE_TYPE.type, `{ queues: ['${queue}'], module: '${EXAMPLE_TYPE.module}', tables: ['${EXAMPLE_TYPE.table}'] }`]);
    if (!Object.hasOwn(config.tables, EXAMPLE_TYPE.table)) tables.push([EXAMPLE_TYPE.table, `{ partitionKey: '${EXAMPLE_TYPE.partitionKey}' }`]);
  }
  if (addition.newTable !== undefined) tables.push([addition.newTable.name, `{ partitionKey: '${addition.newTable.partitionKey}' }`]);
  const tablesCode = addition.table === undefined ? '' : `, tables: ['${addition.table}']`;
  types.push([addition.type, `{ queues: ['${addition.queue}'], module: '${addition.module}'${tablesCode} }`]);
  if (tables.length > 0) addEntries(file, 'tables', tables, 'queues');
  addEntries(file, 'types', types, section(configObject(file), 'tables') === undefined ? 'queues' : 'tables');
  return file.getFullText();
}
