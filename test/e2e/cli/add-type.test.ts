import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectConfig } from '../../../ops/add-type/project-config.js';
import { projectDir } from './support.js';

// The promise of `conveyor add type`: the whole suite still passes afterwards. In a scratch copy of
// the project, add one type of each kind, then type-check the project, run the generated tests and
// synthesize the app (without bundling): all must pass.

/** What a child process printed and exited with. */
interface Run {
  readonly code: number | null;
  /** stdout and stderr, for the assertion's message. */
  readonly output: string;
}

/** The test's environment without vitest's own variables (the nested vitest run is a run of its own) and the CLI's. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_ENV$|CONVEYOR_)/.test(name)) env[name] = value;
  }
  return env;
}

/** Runs `node <args>` (this Node) in `cwd` to the end. */
function node(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    // Without colour codes, should the child print any.
    child.once('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '').slice(-20_000) }));
  });
}

/**
 * A copy of the work tree as it is (the files git tracks or would add; the command and its
 * templates need not be committed), with the repository's node_modules linked in.
 */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-add-type-e2e-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectDir, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const path of listed.stdout.split('\0').filter((entry) => entry !== '')) {
    if (!existsSync(join(projectDir, path))) continue; // deleted in the work tree
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(projectDir, path), join(dir, path));
  }
  symlinkSync(join(projectDir, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Synthesizes the scratch project's app from its conveyor.config.ts without bundling (as the infra tests do), and prints the outputs. */
const SYNTH_SCRIPT = `import { loadConveyorConfig } from './infra/config/index.js';
import { testApp } from './test/infra/app-factories.js';

const config = await loadConveyorConfig(process.cwd());
const { app, stack } = testApp({}, config);
const template = app.synth().getStackArtifact(stack.artifactId).template;
process.stdout.write(JSON.stringify(template.Outputs));
`;

describe('conveyor add type, in a copy of the project', { timeout: 300_000 }, () => {
  let scratch: string;
  beforeAll(() => {
    scratch = copyProject();
  }, 60_000);
  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('adds a type of each kind, after which the project type-checks, the generated tests pass and the app synthesizes', async () => {
    const { queues } = readProjectConfig(scratch);
    const fifo = queues.find((queue) => queue.fifo) ?? queues[0]!;
    const first = queues[0]!;
    // e2e.insert declares table e2e (its first segment); e2e.transactional finds it declared.
    const added = [
      { type: 'e2e.insert', kind: 'insert', queue: fifo.name },
      { type: 'e2e.transactional', kind: 'transactional', queue: first.name },
      { type: 'e2e.locked', kind: 'locked', queue: first.name },
    ];
    const runs: Run[] = [];
    for (const { type, kind, queue } of added) runs.push(await node(scratch, ['bin/conveyor.mjs', 'add', 'type', type, '--queue', queue, '--kind', kind]));
    writeFileSync(join(scratch, 'synth-check.ts'), SYNTH_SCRIPT);

    const [tsc, tests, synth] = await Promise.all([
      node(scratch, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']),
      node(scratch, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', ...added.map(({ type }) => `test/handlers/${type.replace('.', '-')}.test.ts`)]),
      node(scratch, ['--import', 'tsx', 'synth-check.ts']),
    ]);

    // Soft: a failure names every check that failed, each with its output.
    runs.forEach((run, index) => expect.soft(run.code, `conveyor add type ${added[index]!.type}:\n${run.output}`).toBe(0));
    expect.soft(tsc.code, `tsc --noEmit:\n${tsc.output}`).toBe(0);
    expect.soft(tests.code, `vitest run (the generated tests):\n${tests.output}`).toBe(0);
    expect.soft(tests.output).toMatch(/Test Files +3 passed/);
    expect.soft(synth.code, `synth:\n${synth.output}`).toBe(0);
    for (const { type } of added) expect.soft(synth.output).toContain(`\\"${type}\\"`);
    expect.soft(synth.output).toContain('\\"e2e\\":');
  });
});
