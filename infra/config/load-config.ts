import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConveyorProps } from '../constructs/conveyor-queue.js';
import { ConveyorConstructError } from '../constructs/errors.js';
import { CONVEYOR_CONFIG_FILE } from '../../contract/index.js';
import { parseConveyorConfig } from './parse-config.js';
import { loadTypeModels } from './type-models.js';
import { resolveTopology } from '../constructs/topology.js';

/**
 * Loads `<projectDir>/conveyor.config.ts`, validates it (`parseConveyorConfig`) and returns the props
 * of the `ConveyorQueue` (module paths resolved from `projectDir`); without the file, `{}`: every
 * setting at its default, one queue with the example type. Each type whose module exports a valibot
 * `schema` gets its model (`typeModels`, `loadTypeModels`). The
 * file is TypeScript: this runs under tsx, as the CDK app does (cdk.json: `npx tsx infra/app.ts`).
 * @param projectDir the project root, where cdk.json is
 * @throws ConveyorConstructError `INVALID_CONFIG` when the file cannot be imported (the import's error
 * as `cause`) or has no default export, and whatever `parseConveyorConfig` throws
 */
export async function loadConveyorConfig(projectDir: string): Promise<ConveyorProps> {
  const file = join(projectDir, CONVEYOR_CONFIG_FILE);
  if (!existsSync(file)) return {};
  let exported: { readonly default?: unknown };
  try {
    exported = (await import(pathToFileURL(file).href)) as { readonly default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConveyorConstructError('INVALID_CONFIG', '', `${CONVEYOR_CONFIG_FILE}: cannot be loaded (${file}): ${reason}`, { cause: error });
  }
  if (exported.default === undefined) {
    throw new ConveyorConstructError(
      'INVALID_CONFIG',
      '',
      `${CONVEYOR_CONFIG_FILE}: exports no config; export it as the default: export default defineConfig({ queues: { ledger: {} } })`,
    );
  }
  const props = parseConveyorConfig(exported.default, projectDir);
  const typeModels = await loadTypeModels(resolveTopology(props, projectDir).modules);
  return Object.keys(typeModels).length === 0 ? props : { ...props, typeModels };
}
