import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeOptionsError } from '../../../local/options.js';
import { readStackArtifact } from '../../../local/template/cloud-assembly.js';
import { withFunctionCode } from '../../../local/template/function-code.js';
import { buildStackSpec } from '../../../local/template/stack-model.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';

const spec = () => buildStackSpec(readStackArtifact(writeAssembly(miniTemplate())), { sqsEndpoint: 'http://127.0.0.1:3001', apiKeyValue: (id) => id });

const codeFolder = (file = 'index.mjs') => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-code-'));
  if (file) writeFileSync(join(dir, file), 'export const handler = async () => 1;');
  return dir;
};

describe('withFunctionCode', () => {
  it('leaves the stack as it is without overrides', () => {
    const stack = spec();

    expect(withFunctionCode(stack, {})).toBe(stack);
  });

  it('points the named function (any case) at the folder and leaves the others alone', () => {
    const stack = spec();
    const fn = stack.functions[0]!;
    const dir = codeFolder();

    const changed = withFunctionCode(stack, { [fn.name.toUpperCase()]: dir });

    expect(changed.functions.find((candidate) => candidate.logicalId === fn.logicalId)?.assetDir).toBe(dir);
    expect(changed.functions.filter((candidate) => candidate.logicalId !== fn.logicalId)).toEqual(stack.functions.filter((candidate) => candidate.logicalId !== fn.logicalId));
  });

  it('accepts a CommonJS handler file too', () => {
    const stack = spec();

    expect(withFunctionCode(stack, { [stack.functions[0]!.logicalId]: codeFolder('index.cjs') }).functions[0]?.assetDir).toMatch(/conveyor-code-/);
  });

  it('names the stack\'s functions when the name matches none', () => {
    const stack = spec();

    expect(() => withFunctionCode(stack, { Nope: codeFolder() })).toThrow(RuntimeOptionsError);
    expect(() => withFunctionCode(stack, { Nope: codeFolder() })).toThrow(new RegExp(`no function 'Nope' \\(it has ${stack.functions.map((fn) => fn.name).join(', ')}\\)`));
  });

  it('rejects a missing folder and a folder without the handler file', () => {
    const stack = spec();
    const name = stack.functions[0]!.name;
    const empty = codeFolder('');
    mkdirSync(join(empty, 'index.mjs.d'));

    expect(() => withFunctionCode(stack, { [name]: join(empty, 'missing') })).toThrow(/is not a folder/);
    expect(() => withFunctionCode(stack, { [name]: empty })).toThrow(/has no index\.mjs\/\.js\/\.cjs/);
  });
});
