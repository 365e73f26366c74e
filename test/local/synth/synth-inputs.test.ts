import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../../local/errors.js';
import { ensureSynthesized, inputsHash, synthInputs } from '../../../local/synth/synth-cache.js';

/** A CDK CLI stand-in that writes the stamp's folder, says it started, then hangs until it is killed. */
const HANGING_CDK = `const { mkdirSync } = require('node:fs');
const args = process.argv.slice(2);
mkdirSync(args[args.indexOf('--output') + 1], { recursive: true });
console.log('started');
setInterval(() => undefined, 1000);
`;

/** A project whose config names a type module under handlers/ and one outside it. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-project-'));
  for (const folder of ['infra', 'functions', 'handlers', 'lib']) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'infra', 'app.ts'), 'app');
  writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const handler = 1;');
  writeFileSync(join(dir, 'lib', 'b.ts'), 'export const handler = 2;');
  writeFileSync(join(dir, 'conveyor.config.ts'), `export default { types: {
  'a.one': { queues: ['a'], module: './handlers/a.ts' },
  "b.two": { queues: ['a'], module: "./lib/b.ts" },
} };\n`);
  return dir;
}

describe('synthInputs', () => {
  it('lists the source folders, handlers/ among them, the settings files, and the modules the config names outside them', () => {
    const dir = project();

    const inputs = synthInputs(dir);

    expect(inputs.dirs).toEqual(['contract', 'infra', 'functions', 'handlers'].map((folder) => join(dir, folder)));
    expect(inputs.files).toEqual([...['conveyor.config.ts', 'cdk.json', 'package-lock.json', 'tsconfig.json'], 'lib/b.ts'].map((file) => join(dir, file)));
  });
});

describe('inputsHash and the type modules', () => {
  it('changes when a handler changes, and when a module the config names outside handlers/ changes', () => {
    const dir = project();
    const base = inputsHash(dir, []);

    writeFileSync(join(dir, 'handlers', 'a.ts'), 'export const handler = 10;');
    const afterHandler = inputsHash(dir, []);
    writeFileSync(join(dir, 'lib', 'b.ts'), 'export const handler = 20;');

    expect(afterHandler).not.toBe(base);
    expect(inputsHash(dir, [])).not.toBe(afterHandler);
  });
});

describe('ensureSynthesized and its stamp', () => {
  it('removes the stamp before synthesizing, so that a failed synth leaves the assembly stale', async () => {
    const dir = project();
    mkdirSync(join(dir, 'cdk.out'));
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), '{}');
    writeFileSync(join(dir, 'cdk.out', '.conveyor-synth.json'), JSON.stringify({ inputsHash: 'stale' }));

    // The project has no CDK CLI: the synth fails.
    await expect(ensureSynthesized({ projectDir: dir })).rejects.toBeInstanceOf(SynthError);

    expect(existsSync(join(dir, 'cdk.out', '.conveyor-synth.json'))).toBe(false);
  });

  it('stops a synth in progress when its signal aborts, and fails with SynthError', async () => {
    const dir = project();
    mkdirSync(join(dir, 'node_modules', 'aws-cdk', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'aws-cdk', 'bin', 'cdk'), HANGING_CDK);
    const controller = new AbortController();

    const attempt = ensureSynthesized({ projectDir: dir, signal: controller.signal, onProgress: () => setTimeout(() => controller.abort(), 200) });

    await expect(attempt).rejects.toThrow(/'cdk synth' was stopped/);
  });
});
