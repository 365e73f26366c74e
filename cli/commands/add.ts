/** `conveyor add type <name>`: scaffolds a message type — its module, its test, its declaration. */
import { type Command, Option } from 'commander';
import type { AddTypePlan } from '../../ops/add-type/add-type.js';
import { HANDLER_KINDS, type HandlerKind } from '../../ops/add-type/templates/template.js';
import { isOpsError } from '../../ops/errors.js';
import { findProjectRoot } from '../../ops/project-root.js';
import { usageError } from '../errors.js';

interface AddTypeOptions {
  readonly queue: string;
  readonly kind: HandlerKind;
  readonly table?: string;
  readonly partitionKey?: string;
  readonly dryRun?: boolean;
}

/** Registers `add` and its subcommand `type`. */
export function registerAdd(program: Command): void {
  const add = program
    .command('add')
    .summary('add to the project: a message type (add type)')
    .description('Adds to the project in this folder (the nearest one above with a package.json): `add type` scaffolds a message type.');
  add
    .command('type')
    .summary('scaffold a message type: its module in handlers/, its test, its declaration in conveyor.config.ts')
    .description(
      'Writes handlers/<file>.ts (a payload interface and parser, and a handler of the kind asked for) and '
      + 'test/handlers/<file>.test.ts (the parser\'s tests; for insert and transactional kinds also the handler run through '
      + 'the real consumer against the test emulators), and declares the type in conveyor.config.ts with its queue and, '
      + 'for insert and transactional kinds, its table (declared too when new). <file> is the type name in kebab-case '
      + '(orders.refund → orders-refund). Everything is checked first: on any error nothing is written.',
    )
    .argument('<name>', 'the type\'s name: a letter, then up to 63 letters, digits or _.:- (e.g. orders.refund)')
    .requiredOption('--queue <name>', 'the queue it goes to, declared under queues in conveyor.config.ts')
    .addOption(new Option('--kind <kind>', 'its handler: insert (one item per message, keyed by its idempotency key), transactional (DynamoDB writes committed with the idempotency record), locked (any effect, under a lease)').choices(HANDLER_KINDS).makeOptionMandatory())
    .option('--table <name>', 'insert, transactional: the table its handler writes (default: the type name\'s first segment, orders.refund → orders); declared when new')
    .option('--partition-key <attribute>', 'the partition key of the table when the command declares it (default: id)')
    .option('--dry-run', 'print what it would write, and write nothing')
    .addHelpText('after', `
Examples:
  $ conveyor add type orders.refund --queue orders --kind insert
  $ conveyor add type payments.capture --queue ledger --kind transactional --table ledger
  $ conveyor add type emails.send --queue ledger --kind locked --dry-run`)
    .action(async (name: string, options: AddTypeOptions) => {
      // Loaded when the command runs: the config editor brings the TypeScript compiler.
      const { planAddType, writeAddTypePlan } = await import('../../ops/add-type/add-type.js');
      const { readProjectConfig } = await import('../../ops/add-type/project-config.js');
      const projectDir = findProjectRoot(process.cwd());
      const config = readProjectConfig(projectDir);
      let plan: AddTypePlan;
      try {
        plan = planAddType(config, {
          projectDir,
          type: name,
          queue: options.queue,
          kind: options.kind,
          ...(options.table === undefined ? {} : { table: options.table }),
          ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
          command: commandLine(name, options),
        });
      } catch (error) {
        if (isOpsError(error, 'INPUT')) throw usageError(error.message, { cause: error });
        throw error;
      }
      if (options.dryRun) {
        await printDryRun(plan);
        return;
      }
      writeAddTypePlan(projectDir, plan);
      printWritten(plan);
    });
}

/** The command as typed, for the files' header (`--dry-run` left out). */
function commandLine(name: string, options: AddTypeOptions): string {
  return [
    `conveyor add type ${name} --queue ${options.queue} --kind ${options.kind}`,
    options.table === undefined ? '' : ` --table ${options.table}`,
    options.partitionKey === undefined ? '' : ` --partition-key ${options.partitionKey}`,
  ].join('');
}

/** One line on what the type is: `orders.refund (insert, queue orders, table orders)`. */
function summary(plan: AddTypePlan): string {
  const table = plan.table === undefined ? '' : `, table ${plan.table.name}${plan.table.declared ? ` (new, partition key ${plan.table.partitionKey})` : ''}`;
  return `${plan.type} (${plan.kind}, queue ${plan.queue}${table})`;
}

function configChange(plan: AddTypePlan): string {
  return [
    `types.${plan.type}`,
    ...(plan.table?.declared ? [`tables.${plan.table.name}`] : []),
    ...(plan.declaresExample ? ['the example ledger.credit, deployed by default until now'] : []),
  ].join('; ');
}

async function printDryRun(plan: AddTypePlan): Promise<void> {
  const { diffLines } = await import('../../ops/add-type/line-diff.js');
  const out: string[] = [`dry run: would add type ${summary(plan)}; nothing written`, ''];
  for (const file of plan.files) {
    if (file.previous === undefined) {
      out.push(`--- ${file.path} (new, ${file.content.split('\n').length - 1} lines)`, file.content);
      continue;
    }
    out.push(`--- ${file.path} (changed: ${configChange(plan)})`);
    for (const line of diffLines(file.previous, file.content)) out.push(line === undefined ? '  …' : `${String(line.line).padStart(4)} ${line.op} ${line.text}`);
    out.push('');
  }
  process.stdout.write(`${out.join('\n')}`);
}

function printWritten(plan: AddTypePlan): void {
  const [module, test, config] = plan.files as [AddTypePlan['files'][number], AddTypePlan['files'][number], AddTypePlan['files'][number]];
  process.stdout.write(`added type ${summary(plan)}
  created ${module.path}
  created ${test.path}
  updated ${config.path}: ${configChange(plan)}

Next steps:
  1. Edit the payload in ${module.path} (${plan.payloadInterface} and its parser: the fields are an example) and the handler,
     and the tests in ${test.path} with them.
  2. npx vitest run --project unit ${test.path}
  3. npm start: it synthesizes again since ${config.path} changed (restart a runtime that is running).
`);
}
