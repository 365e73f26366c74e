import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONVEYOR_CONFIG_FILE } from '../../../contract/index.js';

/**
 * A fresh project folder (in the system's temporary directory) whose `conveyor.config.ts` holds
 * `source`; without `source`, a folder with no config file.
 */
export function configProject(source?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-config-'));
  if (source !== undefined) writeFileSync(join(dir, CONVEYOR_CONFIG_FILE), source);
  return dir;
}

/** A `conveyor.config.ts` source that exports `config`, a JSON value, as it is (no `defineConfig`, so no imports). */
export function configSource(config: unknown): string {
  return `export default ${JSON.stringify(config)};\n`;
}
