import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyValues } from '../../../local/state/api-key-values.js';
import { readOutputsFile, writeOutputsFile } from '../../../local/state/outputs-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'conveyor-outputs-'));

describe('outputs file', () => {
  it('round-trips the cdk --outputs-file shape, readable by the owner only, without temporary files left', () => {
    const folder = dir();
    const path = join(folder, 'nested', 'local.json');
    const outputs = { Conveyor: { ApiUrl: 'http://127.0.0.1:3000/prod/', ApiKey: 'k' } };

    writeOutputsFile(path, outputs);

    expect(readOutputsFile(path)).toEqual(outputs);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(folder, 'nested'))).toEqual(['local.json']);
  });

  it('reads a missing or malformed file as undefined', () => {
    const folder = dir();
    writeFileSync(join(folder, 'bad.json'), '[1,2]');

    expect(readOutputsFile(join(folder, 'missing.json'))).toBeUndefined();
    expect(readOutputsFile(join(folder, 'bad.json'))).toBeUndefined();
  });
});

describe('apiKeyValues', () => {
  it('generates a 40-character key once and returns the same value after a restart', () => {
    const folder = dir();

    const first = apiKeyValues(folder)('ApiKey');
    const again = apiKeyValues(folder)('ApiKey');

    expect(first).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(again).toBe(first);
    expect(apiKeyValues(folder)('OtherKey')).not.toBe(first);
  });
});
