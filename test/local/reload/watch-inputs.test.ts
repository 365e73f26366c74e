import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type InputsWatcher, watchSynthInputs } from '../../../local/reload/watch-inputs.js';
import { eventually } from '../../support/eventually.js';

const projects: string[] = [];

/** A project with a handler, an engine folder with its own node_modules, and a config naming one module. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-watch-'));
  projects.push(dir);
  mkdirSync(join(dir, 'handlers'));
  mkdirSync(join(dir, 'functions', 'node_modules', 'dep'), { recursive: true });
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const handler = 1;');
  writeFileSync(join(dir, 'lib', 'b.ts'), 'export const handler = 2;');
  writeFileSync(join(dir, 'conveyor.config.ts'), "export default { types: { a: { queues: ['q'], module: './handlers/a.ts' } } };\n");
  writeFileSync(join(dir, 'cdk.json'), '{}');
  return dir;
}

describe('watchSynthInputs', () => {
  let watcher: InputsWatcher | undefined;
  afterEach(() => {
    watcher?.close();
    for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts watching `dir`, collecting each call of onChange. */
  const watching = (dir: string): string[][] => {
    const calls: string[][] = [];
    watcher = watchSynthInputs({ projectDir: dir, debounceMs: 300, onChange: (files) => calls.push(files) });
    return calls;
  };

  it('watches the folders and the settings files that exist', () => {
    const dir = project();

    watching(dir);

    expect(watcher?.watched).toEqual(['functions/', 'handlers/', 'conveyor.config.ts', 'cdk.json']);
  });

  it('reports a burst of changes once, with every file of it: a handler and the config', async () => {
    const dir = project();
    const calls = watching(dir);

    writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const handler = 10;');
    writeFileSync(join(dir, 'conveyor.config.ts'), "export default { types: {} };\n");

    await eventually(async () => calls, (seen) => seen.length > 0);
    expect(calls[0]).toEqual(['conveyor.config.ts', 'handlers/a.ts']);
  });

  it('sees a file replaced by a rename, as editors save', async () => {
    const dir = project();
    const calls = watching(dir);

    writeFileSync(join(dir, 'cdk.json.tmp'), '{"app":"x"}');
    renameSync(join(dir, 'cdk.json.tmp'), join(dir, 'cdk.json'));

    await eventually(async () => calls.flat(), (seen) => seen.includes('cdk.json'));
  });

  it('ignores node_modules and files no synth reads: the next change reported is the handler alone', async () => {
    const dir = project();
    const calls = watching(dir);

    writeFileSync(join(dir, 'functions', 'node_modules', 'dep', 'index.js'), 'module.exports = 1;');
    writeFileSync(join(dir, 'README.md'), '# notes');
    writeFileSync(join(dir, 'lib', 'b.ts'), 'export const handler = 20;');
    writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const handler = 11;');

    await eventually(async () => calls, (seen) => seen.length > 0);
    expect(calls[0]).toEqual(['handlers/a.ts']);
  });

  it('after a refresh, watches a module the config has started to name outside handlers/', async () => {
    const dir = project();
    const calls = watching(dir);
    writeFileSync(join(dir, 'conveyor.config.ts'), "export default { types: { b: { queues: ['q'], module: './lib/b.ts' } } };\n");
    await eventually(async () => calls, (seen) => seen.length > 0);

    watcher?.refresh();
    writeFileSync(join(dir, 'lib', 'b.ts'), 'export const handler = 21;');

    await eventually(async () => calls.flat(), (seen) => seen.includes('lib/b.ts'));
    expect(watcher?.watched).toContain('lib/b.ts');
  });
});
