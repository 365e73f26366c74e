import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../../local/errors.js';
import { ensureSynthesized, inputsHash } from '../../../local/synth/synth-cache.js';

/** A project folder with infra and function sources but no CDK CLI (so a synth attempt fails fast). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-project-'));
  mkdirSync(join(dir, 'infra'));
  mkdirSync(join(dir, 'functions', 'consumer'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'app.ts'), 'app');
  writeFileSync(join(dir, 'functions', 'consumer', 'index.ts'), 'handler');
  writeFileSync(join(dir, 'cdk.json'), '{}');
  return dir;
}

describe('inputsHash', () => {
  it('changes when a function source, an infra source, cdk.json or the context changes', () => {
    const dir = project();
    const base = inputsHash(dir, []);

    expect(inputsHash(dir, [])).toBe(base);
    expect(inputsHash(dir, ['fifo=true'])).not.toBe(base);
    writeFileSync(join(dir, 'functions', 'consumer', 'index.ts'), 'handler v2');
    const afterFunction = inputsHash(dir, []);
    expect(afterFunction).not.toBe(base);
    writeFileSync(join(dir, 'infra', 'new.ts'), 'more');
    expect(inputsHash(dir, [])).not.toBe(afterFunction);
  });
});

describe('ensureSynthesized', () => {
  it('says the CDK CLI is missing, and how to install it, when neither the project nor a folder above it has one', async () => {
    const dir = project();

    await expect(ensureSynthesized({ projectDir: dir })).rejects.toThrow(/aws-cdk\) is not installed in .* or above it: run npm ci/);
  });

  it('reuses an assembly whose stamp matches the sources, without running cdk', async () => {
    const dir = project();
    mkdirSync(join(dir, 'cdk.out'));
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), '{}');
    writeFileSync(join(dir, 'cdk.out', '.conveyor-synth.json'), JSON.stringify({ inputsHash: inputsHash(dir, []) }));

    const result = await ensureSynthesized({ projectDir: dir });

    expect(result).toMatchObject({ cached: true, outputDir: join(dir, 'cdk.out') });
  });

  it('counts conveyor.config.ts as a source: adding it, then changing it, makes the assembly stale', async () => {
    const dir = project();
    mkdirSync(join(dir, 'cdk.out'));
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), '{}');
    const stamp = () => writeFileSync(join(dir, 'cdk.out', '.conveyor-synth.json'), JSON.stringify({ inputsHash: inputsHash(dir, []) }));
    const config = (batchSize: number) => writeFileSync(join(dir, 'conveyor.config.ts'), `export default { queues: { ledger: { batchSize: ${batchSize} } } };\n`);

    stamp();
    await expect(ensureSynthesized({ projectDir: dir })).resolves.toMatchObject({ cached: true });
    config(5);
    // The project has no CDK CLI: a synth attempt, which only a stale assembly makes, fails.
    await expect(ensureSynthesized({ projectDir: dir })).rejects.toBeInstanceOf(SynthError);
    stamp();
    await expect(ensureSynthesized({ projectDir: dir })).resolves.toMatchObject({ cached: true });
    config(6);
    await expect(ensureSynthesized({ projectDir: dir })).rejects.toBeInstanceOf(SynthError);
  });

  it('synthesizes when a source changed since the stamp, and reports a failed synth with its output', async () => {
    const dir = project();
    mkdirSync(join(dir, 'cdk.out'));
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), '{}');
    writeFileSync(join(dir, 'cdk.out', '.conveyor-synth.json'), JSON.stringify({ inputsHash: 'stale' }));
    const progress: string[] = [];

    const attempt = ensureSynthesized({ projectDir: dir, onProgress: (line) => progress.push(line) });

    await expect(attempt).rejects.toBeInstanceOf(SynthError);
    expect(progress).toEqual([expect.stringMatching(/cdk synth/)]);
  });
});
