import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConveyorConfig } from '../../../infra/config/index.js';
import { type AddTypeRequest, HANDLER_KINDS, planAddType, writeAddTypePlan } from '../../../ops/add-type/add-type.js';
import { readProjectConfig } from '../../../ops/add-type/project-config.js';
import { type TempProject, tempProject } from './temp-project.js';

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

/** A project with the standard config (or `config`), and a request for it with `overrides`. */
function setUp(overrides: Partial<AddTypeRequest> = {}, config?: string) {
  const project = tempProject(config);
  projects.push(project);
  const request: AddTypeRequest = { projectDir: project.dir, type: 'orders.refund', queue: 'orders', kind: 'insert', command: 'conveyor add type …', ...overrides };
  return { project, request, config: readProjectConfig(project.dir) };
}

describe('planAddType', () => {
  it.each([
    ['insert', { type: 'orders.refund', queue: 'orders' }, { name: 'orders', partitionKey: 'orderId', declared: false }, "tables: ['orders']"],
    ['transactional', { type: 'payments.capture', queue: 'ledger' }, { name: 'payments', partitionKey: 'id', declared: true }, "tables: ['payments']"],
    ['locked', { type: 'emails.send', queue: 'ledger' }, undefined, "module: './handlers/emails-send.ts' }"],
  ] as const)('plans the %s kind: its module, its test and its declaration', (kind, request, table, declaration) => {
    const { config, request: full } = setUp({ ...request, kind });
    const file = full.type.replace('.', '-');

    const plan = planAddType(config, full);

    expect(plan).toMatchObject({ type: full.type, kind, queue: full.queue, declaresExample: false });
    expect(plan.table).toEqual(table);
    expect(plan.files.map(({ path, previous }) => [path, previous === undefined])).toEqual([
      [`handlers/${file}.ts`, true],
      [`test/handlers/${file}.test.ts`, true],
      ['conveyor.config.ts', false],
    ]);
    const [module, test, edited] = plan.files;
    expect(module!.content).toContain(`kind: '${kind}'`);
    expect(module!.content).toContain('export const schema = v.strictObject(');
    expect(module!.content).toContain(`export const payload = parserOf(schema, '${full.type}');`);
    expect(test!.content).toContain(`from '../../handlers/${file}.js'`);
    expect(test!.content.includes('through the consumer')).toBe(kind !== 'locked');
    expect(edited!.content).toContain(`'${full.type}': { queues: ['${full.queue}'], `);
    expect(edited!.content).toContain(declaration);
    expect(edited!.content.includes("payments: { partitionKey: 'id' }")).toBe(kind === 'transactional');
  });

  it('writes the queue\'s kind into the test: FIFO sends carry a group and a deduplication id', () => {
    const onFifo = setUp();
    const onStandard = setUp({ queue: 'ledger' });

    const fifo = planAddType(onFifo.config, onFifo.request).files[1]!.content;
    const standard = planAddType(onStandard.config, onStandard.request).files[1]!.content;

    expect(fifo).toContain('MessageDeduplicationId: dedup');
    expect(fifo).toContain("await send('key-1', valid(), 'key-1-again');");
    expect(standard).not.toContain('MessageGroupId');
  });

  it('takes --table and --partition-key for a new table', () => {
    const { config, request } = setUp({ table: 'refunds', partitionKey: 'refundId' });

    const plan = planAddType(config, request);

    expect(plan.table).toEqual({ name: 'refunds', partitionKey: 'refundId', declared: true });
    expect(plan.files[2]!.content).toContain("refunds: { partitionKey: 'refundId' },");
    expect(plan.files[1]!.content).toContain("createKeyedTable(dynamodb, 'refunds', 'refundId')");
  });

  it('declares the example type too when the config has no types', () => {
    const { config, request } = setUp({ queue: 'ledger' }, "export default defineConfig({\n  queues: { ledger: {} },\n});\n");

    const plan = planAddType(config, request);

    expect(plan.declaresExample).toBe(true);
    expect(plan.files[2]!.content).toContain("'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },");
  });

  it.each<[string, Partial<AddTypeRequest>, RegExp]>([
    ['a type name the contract refuses', { type: '1orders' }, /^type name "1orders" must be a letter, then up to 63 letters, digits or _.:-/],
    ['a type name with a space', { type: 'orders refund' }, /^type name "orders refund"/],
    ['a type declared already', { type: 'orders.place' }, /^type orders\.place is declared already in conveyor\.config\.ts \(module \.\/handlers\/orders-place\.ts\)$/],
    ['a queue not declared', { queue: 'refunds' }, /^queue refunds is not declared in conveyor\.config\.ts \(queues: ledger, orders\); declare it under queues first/],
    ['a table name that is none', { table: 'Refunds' }, /^--table: "Refunds" is no table name/],
    ['a type named so that no table can be named after it', { type: `${'r'.repeat(41)}.x` }, /^cannot name a table after type r+\.x .*--table <name>/],
    ['a partition key that is no attribute name', { table: 'refunds', partitionKey: 'refund-id' }, /^--partition-key: "refund-id" is no attribute name/],
    ['a partition key other than a declared table\'s', { partitionKey: 'id' }, /^--partition-key id: table orders is declared already, with partition key orderId/],
    ['--table with the locked kind', { kind: 'locked', table: 'orders' }, /^--table and --partition-key are for the insert and transactional kinds/],
  ])('refuses %s, saying what is wrong', (_name, overrides, message) => {
    const { config, request } = setUp(overrides);

    expect(() => planAddType(config, request)).toThrow(expect.objectContaining({ code: 'INPUT', message: expect.stringMatching(message) }));
  });

  it('refuses the example type when the config deploys it by default', () => {
    const { config, request } = setUp({ type: 'ledger.credit', queue: 'ledger' }, 'export default { queues: { ledger: {} } };\n');

    expect(() => planAddType(config, request)).toThrow(/^type ledger\.credit is declared already .*, as the example the config deploys by default$/);
  });

  it.each(['handlers/orders-refund.ts', 'test/handlers/orders-refund.test.ts'])('refuses when %s exists', (path) => {
    const { config, request, project } = setUp();
    mkdirSync(dirname(join(project.dir, path)), { recursive: true });
    writeFileSync(join(project.dir, path), '// mine\n');

    expect(() => planAddType(config, request)).toThrow(expect.objectContaining({ code: 'INPUT', message: `${path} exists already; remove it, or choose another type name` }));
  });
});

describe('writeAddTypePlan', () => {
  it.each(HANDLER_KINDS)('writes the %s kind: a config the CDK app loads and validates, the new type in it', async (kind) => {
    const { config, request, project } = setUp({ kind, type: `orders.${kind}` });
    project.linkRepository();
    const plan = planAddType(config, request);

    writeAddTypePlan(project.dir, plan);

    for (const file of plan.files) expect(project.read(file.path)).toBe(file.content);
    const props = await loadConveyorConfig(project.dir);
    expect(props.types?.[`orders.${kind}`]).toEqual({ queues: ['orders'], module: `./handlers/orders-${kind}.ts`, ...(kind === 'locked' ? {} : { tables: ['orders'] }) });
  });

  it('writes nothing, and removes what it created, when the config changed since it was read', () => {
    const { config, request, project } = setUp();
    const plan = planAddType(config, request);
    writeFileSync(join(project.dir, 'conveyor.config.ts'), `${config.source}// edited meanwhile\n`);
    const before = project.snapshot();

    expect(() => writeAddTypePlan(project.dir, plan)).toThrow(expect.objectContaining({ code: 'INPUT', message: 'conveyor.config.ts changed while the command ran; run it again' }));
    expect(project.snapshot()).toEqual(before);
  });

  it('refuses a file that appeared since the plan, and leaves it as it is', () => {
    const { config, request, project } = setUp();
    const plan = planAddType(config, request);
    writeFileSync(join(project.dir, 'handlers', 'orders-refund.ts'), '// mine\n');
    const before = project.snapshot();

    expect(() => writeAddTypePlan(project.dir, plan)).toThrow('handlers/orders-refund.ts exists already');
    expect(project.snapshot()).toEqual(before);
  });
});
