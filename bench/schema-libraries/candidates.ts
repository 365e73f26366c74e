/** The validators compared: today's hand-written one and each candidate library, by entry file. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../../infra/constructs/functions.js';

/** One validator under test. */
export interface Candidate {
  /** Short name, also the bundle's file name. */
  readonly name: string;
  /** Absolute path of its entry (`entries/<name>.ts`): the schema, `parseLedgerCredit`, one validation at init. */
  readonly entry: string;
  /** npm packages it bundles, for the version column. */
  readonly packages: readonly string[];
}

const entry = (name: string) => fileURLToPath(new URL(`./entries/${name}.ts`, import.meta.url));

/** Every candidate, the reference first. */
export const CANDIDATES: readonly Candidate[] = [
  { name: 'handwritten', entry: entry('handwritten'), packages: [] },
  { name: 'zod', entry: entry('zod'), packages: ['zod'] },
  { name: 'zod-mini', entry: entry('zod-mini'), packages: ['zod'] },
  { name: 'valibot', entry: entry('valibot'), packages: ['valibot'] },
  { name: 'typebox-value', entry: entry('typebox-value'), packages: ['@sinclair/typebox'] },
  { name: 'typebox-compiler', entry: entry('typebox-compiler'), packages: ['@sinclair/typebox'] },
  { name: 'arktype', entry: entry('arktype'), packages: ['arktype'] },
];

/** The installed version of `name` (from its package.json under the repository's node_modules). */
export function installedVersion(name: string): string {
  const file = `${REPO_ROOT}/node_modules/${name}/package.json`;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
