import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConveyorApp, createApp, type CreateAppOptions } from 'conveyor/app';
import { loadConveyorConfig } from 'conveyor/config';

/** This app's folder: its cdk.json, its conveyor.config.ts and its type modules (handlers/). */
export const PROJECT_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The payments app: Conveyor's stack built from this folder's conveyor.config.ts (queue `payments`,
 * type `payments.charge`), its module paths resolved from this folder. It reads the config from here
 * rather than the working directory, so it builds the same wherever it runs from (the CDK CLI runs
 * it here, the tests from the repository root).
 * @param options `createApp`'s options but `config` (context, outdir)
 */
export async function paymentsApp(options: Omit<CreateAppOptions, 'config'> = {}): Promise<ConveyorApp> {
  return createApp({ ...options, config: await loadConveyorConfig(PROJECT_DIR) });
}
