import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerEntry, ENGINE_ENTRIES, GENERATED_ENTRIES_DIR, producerEntry } from '../../../infra/constructs/entries.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';

const MODULES = {
  'ledger.credit': join(REPO_ROOT, 'handlers/ledger-credit.ts'),
  'orders.place': join(REPO_ROOT, 'handlers/orders-place.ts'),
};

describe('generated entries', () => {
  it('give the producer every type\'s payload parser only, by relative imports', () => {
    const file = producerEntry(REPO_ROOT, MODULES);
    const source = readFileSync(file, 'utf8');

    expect(file.startsWith(join(REPO_ROOT, GENERATED_ENTRIES_DIR, 'producer-'))).toBe(true);
    expect(source).toContain(`import { ${ENGINE_ENTRIES.producer.start} } from '../../${ENGINE_ENTRIES.producer.file}';`);
    expect(source).toContain("import { payload as t0 } from '../../handlers/ledger-credit.ts';");
    expect(source).toContain("import { payload as t1 } from '../../handlers/orders-place.ts';");
    expect(source).toContain('export const handler = startProducer({ "ledger.credit": t0, "orders.place": t1 });');
  });

  it('give a queue\'s consumer the whole modules of its types', () => {
    const source = readFileSync(consumerEntry(REPO_ROOT, 'orders', { 'orders.place': MODULES['orders.place'] }), 'utf8');

    expect(source).toContain("import * as t0 from '../../handlers/orders-place.ts';");
    expect(source).toContain('export const handler = startConsumer({ "orders.place": t0 });');
    expect(source).not.toContain('ledger-credit');
  });

  it('name a file by its content: the same config gives the same file, another config another one', () => {
    const first = consumerEntry(REPO_ROOT, 'ledger', { 'ledger.credit': MODULES['ledger.credit'] });

    expect(consumerEntry(REPO_ROOT, 'ledger', { 'ledger.credit': MODULES['ledger.credit'] })).toBe(first);
    expect(consumerEntry(REPO_ROOT, 'ledger', MODULES)).not.toBe(first);
  });
});
