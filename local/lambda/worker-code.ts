import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { WorkerBuildError } from './errors.js';

const ENTRY = fileURLToPath(new URL('./worker/bootstrap.ts', import.meta.url));

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
 */
export function workerCode(): string {
  cached ??= build();
  return cached;
}

function build(): string {
  let bundled: string;
  try {
    const output = buildSync({
      entryPoints: [ENTRY],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    bundled = output.outputFiles[0]?.text ?? '';
  } catch (error) {
    throw new WorkerBuildError(`could not bundle the worker bootstrap ${ENTRY}`, { cause: error });
  }
  const names = CJS_GLOBALS.join(', ');
  const cleanup = CJS_GLOBALS.map((name) => `delete globalThis.${name};`).join(' ');
  return `(function (${names}) {\n${cleanup}\n${bundled}\n})(${names});\n`;
}
