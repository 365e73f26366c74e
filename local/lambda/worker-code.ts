import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { WorkerBuildError } from '../errors.js';

const ENTRY = fileURLToPath(new URL('./worker/bootstrap.ts', import.meta.url));
const ESBUILD = createRequire(import.meta.url).resolve('esbuild');

/**
 * `node -e`-style worker code gets `require`, `module`, `exports`, `__filename` and `__dirname` as
 * globals, which Lambda's runtime does not give a handler; the bootstrap keeps them as parameters
 * and removes the globals before anything else runs.
 */
const CJS_GLOBALS = ['require', 'module', 'exports', '__filename', '__dirname'] as const;

let cached: string | undefined;

/**
 * The instance bootstrap as one CommonJS script for `new Worker(code, { eval: true })`: worker
 * threads do not get the TypeScript loader this process may run under, so `worker/bootstrap.ts` is
 * bundled once per process with esbuild. Throws `WorkerBuildError` when esbuild fails.
 *
 * The build runs in a short-lived child process: esbuild's `buildSync` in this process would start
 * a worker thread and an esbuild service process that stay for the life of the runtime (~30 MB
 * for one 6 kB bundle).
 */
export function workerCode(): string {
  cached ??= build();
  return cached;
}

function build(): string {
  const options = { entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'cjs', target: `node${process.versions.node.split('.')[0]}`, write: false, logLevel: 'silent' };
  const script = `process.stdout.write(require(${JSON.stringify(ESBUILD)}).buildSync(${JSON.stringify(options)}).outputFiles[0]?.text ?? '')`;
  let bundled: string;
  try {
    // ESBUILD_WORKER_THREADS=0: the child's buildSync runs esbuild once and exits with it.
    bundled = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, ESBUILD_WORKER_THREADS: '0', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new WorkerBuildError(`could not bundle the worker bootstrap ${ENTRY}${stderr ? `: ${stderr.split('\n')[0]}` : ''}`, { cause: error });
  }
  const names = CJS_GLOBALS.join(', ');
  const cleanup = CJS_GLOBALS.map((name) => `delete globalThis.${name};`).join(' ');
  return `(function (${names}) {\n${cleanup}\n${bundled}\n})(${names});\n`;
}
