import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemblyDir } from '../../../local/synth/assembly-dir.js';
import { ensureSynthesized } from '../../../local/synth/synth-cache.js';

/**
 * A stand-in for the CDK CLI (`node_modules/aws-cdk/bin/cdk`): writes a manifest into `--output`
 * and appends the output folder and the context it was given to `synth-runs.log`, in milliseconds
 * instead of a real synth's ten seconds.
 */
const FAKE_CDK = `const { appendFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const args = process.argv.slice(2);
const output = args[args.indexOf('--output') + 1];
const context = args.flatMap((arg, i) => (args[i - 1] === '--context' ? [arg] : []));
mkdirSync(output, { recursive: true });
writeFileSync(join(output, 'manifest.json'), JSON.stringify({ context }));
appendFileSync(join(process.cwd(), 'synth-runs.log'), JSON.stringify({ output, context }) + '\\n');
`;

/** A project folder with infra and function sources and the fake CDK CLI. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-project-'));
  mkdirSync(join(dir, 'infra'));
  mkdirSync(join(dir, 'functions', 'consumer'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'aws-cdk', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'app.ts'), 'app');
  writeFileSync(join(dir, 'functions', 'consumer', 'index.ts'), 'handler');
  writeFileSync(join(dir, 'cdk.json'), '{}');
  writeFileSync(join(dir, 'node_modules', 'aws-cdk', 'bin', 'cdk'), FAKE_CDK);
  return dir;
}

const runs = (dir: string): { output: string; context: string[] }[] =>
  existsSync(join(dir, 'synth-runs.log')) ? readFileSync(join(dir, 'synth-runs.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];

describe('ensureSynthesized with several context sets', () => {
  it('gives each context set its own assembly folder and reuses each one when switching back and forth', async () => {
    const dir = project();
    const fifo = ['fifo=true'];

    const plain = await ensureSynthesized({ projectDir: dir });
    const withFifo = await ensureSynthesized({ projectDir: dir, context: fifo });
    const plainAgain = await ensureSynthesized({ projectDir: dir });
    const fifoAgain = await ensureSynthesized({ projectDir: dir, context: fifo });

    expect(plain).toMatchObject({ cached: false, outputDir: join(dir, 'cdk.out') });
    expect(withFifo).toMatchObject({ cached: false, outputDir: assemblyDir(dir, fifo) });
    expect(withFifo.outputDir).not.toBe(plain.outputDir);
    expect(plainAgain).toMatchObject({ cached: true, outputDir: plain.outputDir });
    expect(fifoAgain).toMatchObject({ cached: true, outputDir: withFifo.outputDir });
    expect(runs(dir)).toEqual([
      { output: join(dir, 'cdk.out'), context: [] },
      { output: assemblyDir(dir, fifo), context: ['fifo=true'] },
    ]);
  });

  it('treats the same pairs in another order as the same context', async () => {
    const dir = project();

    await ensureSynthesized({ projectDir: dir, context: ['b=2', 'a=1'] });
    const reordered = await ensureSynthesized({ projectDir: dir, context: ['a=1', 'b=2'] });

    expect(reordered.cached).toBe(true);
    expect(runs(dir)).toEqual([{ output: assemblyDir(dir, ['a=1', 'b=2']), context: ['a=1', 'b=2'] }]);
  });

  it('synthesizes into a folder the user chose, whatever the context', async () => {
    const dir = project();
    const chosen = join(dir, 'my-assembly');

    const result = await ensureSynthesized({ projectDir: dir, outputDir: chosen, context: ['fifo=true'] });

    expect(result).toMatchObject({ cached: false, outputDir: chosen });
    expect(runs(dir)).toEqual([{ output: chosen, context: ['fifo=true'] }]);
  });
});
