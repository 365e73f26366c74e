import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_TYPES } from '../../../infra/constructs/topology.js';
import { addTypeToConfig, EXAMPLE_TYPE, readProjectConfig } from '../../../ops/add-type/project-config.js';
import { CONFIG, REPO, type TempProject, tempProject } from './temp-project.js';

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

/** The config `source` as the command reads it. */
const read = (source: string | null) => {
  const project = tempProject(source);
  projects.push(project);
  return readProjectConfig(project.dir);
};

const REFUND = { type: 'orders.refund', queue: 'orders', module: './handlers/orders-refund.ts', table: 'orders' } as const;

describe('readProjectConfig', () => {
  it('reads the queues (FIFO or not, in order), the tables\' partition keys and the types\' modules', () => {
    const config = read(CONFIG);

    expect(config).toMatchObject({
      queues: [{ name: 'ledger', fifo: false }, { name: 'orders', fifo: true }],
      tables: { ledger: 'account', orders: 'orderId' },
      types: { 'ledger.credit': './handlers/ledger-credit.ts', 'orders.place': './handlers/orders-place.ts' },
      declaresTypes: true,
      source: CONFIG,
    });
  });

  it('reads the repository\'s own config', () => {
    expect(readProjectConfig(REPO).queues.map(({ name }) => name)).toContain('ledger');
  });

  it('lists the example type when the config declares no types, as the stack then deploys it', () => {
    expect(read("export default { queues: { ledger: {} } } as const;\n")).toMatchObject({
      queues: [{ name: 'ledger', fifo: false }],
      tables: {},
      types: { 'ledger.credit': './handlers/ledger-credit.ts' },
      declaresTypes: false,
    });
  });

  it.each([
    ['no file', null, /conveyor\.config\.ts: not found in .*; run the command in a Conveyor project/],
    ['a syntax error', 'export default defineConfig({ queues: {\n', /conveyor\.config\.ts: cannot be parsed \(line 2\): /],
    ['no default export', 'export const config = { queues: {} };\n', /has no default export/],
    ['a default export that is a variable', 'const config = { queues: {} };\nexport default config;\n', /its default export is not defineConfig\(\{ … \}\) or an object literal/],
    ['no queues', 'export default defineConfig({});\n', /declares no queues/],
    ['types that are not an object literal', 'export default defineConfig({ queues: { ledger: {} }, types: shared });\n', /types is not an object literal/],
    ['a spread among the types', 'export default defineConfig({ queues: { ledger: {} }, types: { ...shared } });\n', /types has an entry that is not `name: value` \(\.\.\.shared\)/],
    ['a computed queue name', "export default defineConfig({ queues: { [name]: {} } });\n", /queues has an entry that is not `name: value`/],
  ])('refuses %s, saying so', (_name, source, message) => {
    expect(() => read(source)).toThrow(expect.objectContaining({ code: 'INPUT', message: expect.stringMatching(message) }));
  });
});

describe('addTypeToConfig', () => {
  it('adds the type at the end of types, one line, and leaves every other line as it was', () => {
    const edited = addTypeToConfig(read(CONFIG), REFUND);

    expect(edited).toBe(CONFIG.replace(
      "    'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },\n",
      "    'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },\n"
        + "    'orders.refund': { queues: ['orders'], module: './handlers/orders-refund.ts', tables: ['orders'] },\n",
    ));
  });

  it('declares a new table at the end of tables', () => {
    const edited = addTypeToConfig(read(CONFIG), { ...REFUND, table: 'refunds', newTable: { name: 'refunds', partitionKey: 'id' } });

    expect(edited).toContain("    orders: { partitionKey: 'orderId' },\n    refunds: { partitionKey: 'id' },\n  },\n  types: {");
    expect(edited).toContain("    'orders.refund': { queues: ['orders'], module: './handlers/orders-refund.ts', tables: ['refunds'] },\n  },\n});\n");
  });

  it('declares a type without tables when it writes none', () => {
    expect(addTypeToConfig(read(CONFIG), { type: 'emails.send', queue: 'ledger', module: './handlers/emails-send.ts' }))
      .toContain("    'emails.send': { queues: ['ledger'], module: './handlers/emails-send.ts' },\n");
  });

  it('adds missing sections, with the example type the config deployed by default (on its first queue) and its table', () => {
    const source = "import { defineConfig } from './infra/config/index.js';\n\nexport default defineConfig({\n  stack: { alarmEmail: 'ops@example.com' },\n  queues: { audit: {} }, // the first queue\n});\n";

    expect(addTypeToConfig(read(source), { type: 'audit.log', queue: 'audit', module: './handlers/audit-log.ts', table: 'audit', newTable: { name: 'audit', partitionKey: 'id' } })).toBe(
      "import { defineConfig } from './infra/config/index.js';\n\nexport default defineConfig({\n  stack: { alarmEmail: 'ops@example.com' },\n  queues: { audit: {} }, // the first queue\n"
        + "  tables: {\n    ledger: { partitionKey: 'account' },\n    audit: { partitionKey: 'id' },\n  },\n"
        + "  types: {\n    'ledger.credit': { queues: ['audit'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },\n"
        + "    'audit.log': { queues: ['audit'], module: './handlers/audit-log.ts', tables: ['audit'] },\n  },\n});\n",
    );
  });

  it('follows the file\'s indentation and comma style, and lays an object written on one line out one entry a line', () => {
    const source = "export default {\n\tqueues: { orders: {} },\n\ttypes: { 'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts' } }\n};\n";

    expect(addTypeToConfig(read(source), { type: 'orders.refund', queue: 'orders', module: './handlers/orders-refund.ts' })).toBe(
      "export default {\n\tqueues: { orders: {} },\n\ttypes: {\n\t\t'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts' },\n"
        + "\t\t'orders.refund': { queues: ['orders'], module: './handlers/orders-refund.ts' }\n\t}\n};\n",
    );
  });

  it('declares the example type as the CDK app deploys it without types', () => {
    const example = EXAMPLE_TYPES.types[EXAMPLE_TYPE.type];

    expect({ module: example.module, tables: example.tables }).toEqual({ module: EXAMPLE_TYPE.module, tables: [EXAMPLE_TYPE.table] });
    expect(EXAMPLE_TYPES.tables[EXAMPLE_TYPE.table]).toEqual({ partitionKey: EXAMPLE_TYPE.partitionKey });
    expect(readFileSync(`${REPO}/${EXAMPLE_TYPE.module}`, 'utf8')).toContain('export const handler');
  });
});
