/**
 * The cold-start benchmark's compile-cache series (local only): a V8 code cache for each bundle,
 * built beforehand in a temporary folder outside the repository, then read by every measured child.
 * It shows what such a cache would save if Lambda could use one built here; it cannot, since Node
 * keys the cache folder by its exact version and CPU architecture (`v24.22.3-x64-…`) and Lambda runs
 * arm64 on its own Node 24 patch release.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '../errors.js';
import { majorOf } from './node-binaries.js';
import { compileCacheProbeArgs, parseProbeReport, timeNodeProcess } from './probe.js';

/** Prefix of the temporary folder holding every compile cache of one run (removed after it). */
export const COMPILE_CACHE_DIR_PREFIX = 'conveyor-cold-start-cache-';

/**
 * Whether a Node version has `module.enableCompileCache({ directory, portable })`: v24.12.0 and
 * later (`v20.20.2` has no compile cache; v22 takes only a folder name).
 */
export function supportsCompileCache(version: string): boolean {
  const major = majorOf(version);
  const minor = Number(/^v\d+\.(\d+)\./.exec(version)?.[1] ?? Number.NaN);
  return major > 24 || (major === 24 && minor >= 12);
}

/** A new empty folder under the OS temporary folder for one run's compile caches. */
export function createCompileCacheRoot(): string {
  return mkdtempSync(join(tmpdir(), COMPILE_CACHE_DIR_PREFIX));
}

/** Removes a folder made by {@link createCompileCacheRoot}. */
export function removeCompileCacheRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * Builds the compile cache of `file` in `cacheDir`: one unrecorded probe child that imports the
 * bundle with the cache on and writes it at exit. Returns the cache's size, bytes.
 * Throws {@link BenchError} `PROBE_FAILED` when the child fails or leaves the cache empty.
 */
export async function buildCompileCache(options: {
  readonly node: string;
  readonly file: string;
  readonly exportName: string;
  readonly cacheDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly label: string;
}): Promise<number> {
  const run = await timeNodeProcess(compileCacheProbeArgs(options.file, options.exportName, options.cacheDir), options.env, options.label, options.node);
  parseProbeReport(run.stdout, options.label);
  const bytes = directoryBytes(options.cacheDir);
  if (bytes === 0) throw new BenchError('PROBE_FAILED', `${options.label}: the compile cache in ${options.cacheDir} stayed empty`);
  return bytes;
}

/** Total size of the files under `dir`, bytes; 0 when it does not exist. */
export function directoryBytes(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  return entries.filter((entry) => entry.isFile()).reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}
