import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_TARGET } from '../../infra/constructs/functions.js';

/** The two reference builds: Powertools' default parallel record processing, and one record at a time. */
export type ReferenceConsumer = 'powertools' | 'powertools-sequential';

/**
 * Bundles the Powertools reference consumer into `<outDir>/<variant>/index.mjs`, with the same
 * esbuild settings as Conveyor's functions (minified ESM, the AWS SDK inside), and returns the
 * folder, ready for the runtime's `--function-code Consumer=<folder>`.
 */
export async function buildReferenceConsumer(variant: ReferenceConsumer, outDir: string): Promise<string> {
  const dir = join(outDir, variant);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('./consumer.ts', import.meta.url))],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    define: { PROCESS_IN_PARALLEL: variant === 'powertools' ? 'true' : 'false' },
    logLevel: 'error',
  });
  return dir;
}
