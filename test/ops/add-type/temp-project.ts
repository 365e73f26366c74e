/** Temporary projects for the tests of `conveyor add type`: a folder with the files the command reads. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/** The repository, whose `infra/`, `contract/` and `functions/` a temporary project links to (to load its config for real). */
export const REPO = resolve(import.meta.dirname, '..', '..', '..');

/** A config as the repository's: two queues (`orders` FIFO), two tables, two types, a comment, trailing commas. */
export const CONFIG = `// The project's queues, tables and types.
import { defineConfig } from './infra/config/index.js';

export default defineConfig({
  queues: {
    ledger: {},
    orders: { fifo: true },
  },
  tables: {
    ledger: { partitionKey: 'account' },
    orders: { partitionKey: 'orderId' },
  },
  types: {
    'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
    // Orders, one item each.
    'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },
  },
});
`;

/** A temporary project. */
export interface TempProject {
  readonly dir: string;
  /** The text of `path` (from the project root). */
  read(path: string): string;
  /** Every file under the project (links not followed), by path, with its text: what a failed command must leave unchanged. */
  snapshot(): Record<string, string>;
  /** Links the repository's `infra/`, `contract/` and `functions/` in, so that `conveyor.config.ts` can be imported. */
  linkRepository(): void;
  remove(): void;
}

/**
 * A folder with a `package.json` (the project root marker), `conveyor.config.ts` = `config` (none
 * when null), and the example modules under `handlers/` as stubs.
 */
export function tempProject(config: string | null = CONFIG): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-add-type-'));
  writeFileSync(join(dir, 'package.json'), '{}\n');
  if (config !== null) writeFileSync(join(dir, 'conveyor.config.ts'), config);
  mkdirSync(join(dir, 'handlers'));
  for (const file of ['ledger-credit.ts', 'orders-place.ts']) writeFileSync(join(dir, 'handlers', file), `// ${file}\n`);
  const files = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) return [];
    return entry.isDirectory() ? files(path) : [path];
  });
  return {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    snapshot: () => Object.fromEntries(files(dir).map((path) => [relative(dir, path), statSync(path).isFile() ? readFileSync(path, 'utf8') : ''])),
    linkRepository: () => {
      for (const folder of ['infra', 'contract', 'functions']) symlinkSync(join(REPO, folder), join(dir, folder));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
