/**
 * The Node binaries the cold-start benchmark compares: the project's Node (the one running the
 * benchmark, Node 24 through the npm scripts, as Lambda runs the functions) and the machine's own
 * Node 20, found without hard-coding a path.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Environment variable naming the Node 20 binary to compare with; it wins over the search of `PATH`. */
export const NODE20_ENV = 'CONVEYOR_BENCH_NODE20';

/** A Node binary and its version (`v20.20.2`). */
export interface NodeBinary {
  readonly path: string;
  readonly version: string;
}

/** Version of the Node binary at `path` (`node -p process.version`); undefined when it does not run. */
export function nodeVersion(path: string): string | undefined {
  try {
    return execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH ?? '' } }).trim();
  } catch {
    return undefined;
  }
}

/** Major version of `v20.20.2` (20); NaN when it is not a version. */
export function majorOf(version: string): number {
  return Number(/^v(\d+)\./.exec(version)?.[1] ?? Number.NaN);
}

/**
 * The machine's Node 20: `$CONVEYOR_BENCH_NODE20` when set (it must run and be v20), else the first
 * `node` on `PATH` outside any `node_modules` folder (npm puts the project's Node there) that is not
 * this process's binary and reports v20. Returns the binary, or why there is none.
 */
export function findNode20(env: NodeJS.ProcessEnv = process.env, self: string = process.execPath): NodeBinary | { readonly missing: string } {
  const explicit = env[NODE20_ENV];
  if (explicit !== undefined && explicit !== '') {
    const version = nodeVersion(explicit);
    if (version === undefined) return { missing: `${NODE20_ENV}=${explicit} does not run` };
    if (majorOf(version) !== 20) return { missing: `${NODE20_ENV}=${explicit} is ${version}, not v20` };
    return { path: explicit, version };
  }
  const selfReal = realOrSelf(self);
  const seen: string[] = [];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.split(/[\\/]/).includes('node_modules')) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (!executable(candidate) || realOrSelf(candidate) === selfReal) continue;
    const version = nodeVersion(candidate);
    if (version === undefined) continue;
    if (majorOf(version) === 20) return { path: candidate, version };
    seen.push(`${candidate} (${version})`);
  }
  return { missing: `no Node 20 on PATH outside node_modules${seen.length > 0 ? ` (found ${seen.join(', ')})` : ''}; set ${NODE20_ENV} to one` };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
