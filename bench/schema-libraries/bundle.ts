/**
 * Bundles a candidate's entry with the esbuild options the functions are bundled with
 * (`BUNDLING` in infra/constructs/functions.ts, as the CDK passes them to esbuild).
 */
import { join } from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions } from 'esbuild';
import { BUNDLE_TARGET, BUNDLING } from '../../infra/constructs/functions.js';
import { bundleSize } from '../cold-start/bundles.js';
import type { Candidate } from './candidates.js';

/** A built bundle. */
export interface BuiltBundle {
  /** Absolute path of `<name>.mjs`. */
  readonly file: string;
  /** Its size, bytes. */
  readonly bundleBytes: number;
  /** The same gzipped (zlib default level), bytes. */
  readonly gzipBytes: number;
}

/**
 * esbuild's options for the functions' `BUNDLING`: bundled for node, minified ESM for the runtime's
 * target, linked source map without sources, `module` before `main`, the `require` shim banner.
 * (Its `--alias`es of SDK modules, the credential provider and event streams, change nothing here: no entry imports the SDK.)
 */
export function functionBuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: BUNDLING.format === OutputFormat.CJS ? 'cjs' : 'esm',
    target: BUNDLING.target ?? BUNDLE_TARGET,
    minify: BUNDLING.minify ?? false,
    sourcemap: BUNDLING.sourceMap ?? false,
    sourcesContent: BUNDLING.sourcesContent ?? true,
    mainFields: [...(BUNDLING.mainFields ?? [])],
    external: [...(BUNDLING.externalModules ?? [])],
    ...(BUNDLING.banner === undefined ? {} : { banner: { js: BUNDLING.banner } }),
    logLevel: 'error',
  };
}

/** Bundles `candidate` into `<outDir>/<name>.mjs` and measures it. */
export async function bundleCandidate(candidate: Candidate, outDir: string): Promise<BuiltBundle> {
  const file = join(outDir, `${candidate.name}.mjs`);
  await build({ ...functionBuildOptions(), entryPoints: [candidate.entry], outfile: file });
  return { file, ...bundleSize(file) };
}
