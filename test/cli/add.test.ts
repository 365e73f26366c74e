import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TempProject, tempProject } from '../ops/add-type/temp-project.js';
import { run } from './run.js';

// `conveyor add type`, run in the test process in a temporary project (its working directory).

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

/** A temporary project, `config` its conveyor.config.ts (none when null). */
function setUp(config?: string | null): TempProject {
  const project = tempProject(config);
  projects.push(project);
  return project;
}

/** Runs `conveyor <args>` in a subfolder of `project` (the working directory). */
function runIn(project: TempProject, args: readonly string[]) {
  vi.spyOn(process, 'cwd').mockReturnValue(join(project.dir, 'handlers'));
  return run(args);
}

describe('conveyor add type', () => {
  it.each([
    ['insert', ['orders.refund', '--queue', 'orders'], 'orders-refund', "'orders.refund': { queues: ['orders'], module: './handlers/orders-refund.ts', tables: ['orders'] },"],
    ['transactional', ['payments.capture', '--queue', 'ledger'], 'payments-capture', "'payments.capture': { queues: ['ledger'], module: './handlers/payments-capture.ts', tables: ['payments'] },"],
    ['locked', ['emails.send', '--queue', 'ledger'], 'emails-send', "'emails.send': { queues: ['ledger'], module: './handlers/emails-send.ts' },"],
  ])('scaffolds a %s type from a subfolder of the project, and says what it wrote and what to do next', async (kind, args, file, declaration) => {
    const project = setUp();

    const { code, stdout, stderr } = await runIn(project, ['add', 'type', ...args, '--kind', kind]);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^added type ${args[0]!.replace('.', '\\.')} \\(${kind}, queue ${args[2]}`));
    expect(stdout).toContain(`  created handlers/${file}.ts\n  created test/handlers/${file}.test.ts\n  updated conveyor.config.ts: types.${args[0]}`);
    expect(stdout).toContain(`npx vitest run --project unit test/handlers/${file}.test.ts`);
    expect(stdout).toContain('npm start');
    expect(project.read(`handlers/${file}.ts`)).toContain(`kind: '${kind}'`);
    expect(project.read(`handlers/${file}.ts`)).toContain(`// Scaffolded by \`conveyor add type ${args.join(' ')} --kind ${kind}\`.`);
    expect(project.read(`test/handlers/${file}.test.ts`)).toContain(`describe('${args[0]} payload'`);
    expect(project.read('conveyor.config.ts')).toContain(`    ${declaration}\n  },\n});\n`);
  });

  it('says when it declares a new table, and names it in the config', async () => {
    const project = setUp();

    const { code, stdout } = await runIn(project, ['add', 'type', 'refunds.issue', '--queue', 'orders', '--kind', 'insert', '--partition-key', 'refundId']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^added type refunds\.issue \(insert, queue orders, table refunds \(new, partition key refundId\)\)\n/);
    expect(stdout).toContain('updated conveyor.config.ts: types.refunds.issue; tables.refunds');
    expect(project.read('conveyor.config.ts')).toContain("    refunds: { partitionKey: 'refundId' },\n");
  });

  it('prints what it would write with --dry-run, and writes nothing', async () => {
    const project = setUp();
    const before = project.snapshot();

    const { code, stdout } = await runIn(project, ['add', 'type', 'orders.refund', '--queue', 'orders', '--kind', 'insert', '--dry-run']);

    expect(code).toBe(0);
    expect(project.snapshot()).toEqual(before);
    expect(stdout).toMatch(/^dry run: would add type orders\.refund \(insert, queue orders, table orders\); nothing written\n/);
    expect(stdout).toMatch(/--- handlers\/orders-refund\.ts \(new, \d+ lines\)\n\/\/ `orders\.refund`: /);
    expect(stdout).toContain('--- test/handlers/orders-refund.test.ts (new, ');
    expect(stdout).toContain("--- conveyor.config.ts (changed: types.orders.refund)\n");
    expect(stdout).toMatch(/\n {2}\d\d \+ {5}'orders\.refund': \{ queues: \['orders'\], module: '\.\/handlers\/orders-refund\.ts', tables: \['orders'\] \},\n/);
  });

  it.each<[string, string[], RegExp]>([
    ['a type name the contract refuses', ['add', 'type', 'orders refund', '--queue', 'orders', '--kind', 'insert'], /^error: type name "orders refund" must be a letter/],
    ['a queue the config does not declare', ['add', 'type', 'orders.refund', '--queue', 'refunds', '--kind', 'insert'], /^error: queue refunds is not declared in conveyor\.config\.ts \(queues: ledger, orders\)/],
    ['a type declared already', ['add', 'type', 'orders.place', '--queue', 'orders', '--kind', 'insert'], /^error: type orders\.place is declared already in conveyor\.config\.ts/],
    ['a module that exists (handlers/ledger-credit-v2.ts)', ['add', 'type', 'ledger.credit.v2', '--queue', 'ledger', '--kind', 'locked'], /^error: handlers\/ledger-credit-v2\.ts exists already/],
    ['an unknown kind', ['add', 'type', 'orders.refund', '--queue', 'orders', '--kind', 'upsert'], /argument 'upsert' is invalid\. Allowed choices are insert, transactional, locked\./],
    ['no --kind', ['add', 'type', 'orders.refund', '--queue', 'orders'], /required option '--kind <kind>' not specified/],
    ['no --queue', ['add', 'type', 'orders.refund', '--kind', 'insert'], /required option '--queue <name>' not specified/],
    ['no type name', ['add', 'type', '--queue', 'orders', '--kind', 'insert'], /missing required argument 'name'/],
    ['--table with the locked kind', ['add', 'type', 'emails.send', '--queue', 'ledger', '--kind', 'locked', '--table', 'emails'], /^error: --table and --partition-key are for the insert and transactional kinds/],
  ])('exits 2 on %s, saying what is wrong, and writes nothing', async (_name, args, message) => {
    const project = setUp();
    writeFileSync(join(project.dir, 'handlers', 'ledger-credit-v2.ts'), '// mine\n');
    const before = project.snapshot();

    const { code, stdout, stderr } = await runIn(project, args);

    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
    expect(project.snapshot()).toEqual(before);
  });

  it('exits 1 when the project has no conveyor.config.ts, and writes nothing', async () => {
    const project = setUp(null);
    const before = project.snapshot();

    const { code, stderr } = await runIn(project, ['add', 'type', 'orders.refund', '--queue', 'orders', '--kind', 'insert']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: conveyor\.config\.ts: not found in .*; run the command in a Conveyor project/);
    expect(project.snapshot()).toEqual(before);
  });

  it('exits 1 when conveyor.config.ts cannot be edited, saying why', async () => {
    const project = setUp('const config = { queues: {} };\nexport default config;\n');

    const { code, stderr } = await runIn(project, ['add', 'type', 'orders.refund', '--queue', 'orders', '--kind', 'insert']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: conveyor\.config\.ts: its default export is not defineConfig\(\{ … \}\) or an object literal; add the type by hand\n$/);
  });

  it('creates test/handlers/ when the project has none', async () => {
    const project = setUp();

    expect((await runIn(project, ['add', 'type', 'emails.send', '--queue', 'ledger', '--kind', 'locked'])).code).toBe(0);
    expect(project.read('test/handlers/emails-send.test.ts')).toContain("from '../../handlers/emails-send.js'");
  });
});
