import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BenchError } from '../errors.js';

/** The probe's timing of `await import(bundle)`, after its arguments are read (shared by both probes). */
const IMPORT_AND_REPORT = [
  'const cpuBefore = process.cpuUsage();',
  'const before = performance.now();',
  'const module = await import(url);',
  'const after = performance.now();',
  'const cpu = process.cpuUsage(cpuBefore);',
  "if (typeof module[exportName] !== 'function') throw new Error(`the bundle exports no function '${exportName}'`);",
  'process.stdout.write(JSON.stringify({ importMs: after - before, importCpuMs: (cpu.user + cpu.system) / 1000, startToImportEndMs: after }) + "\\n");',
];

/**
 * What a probe child runs (`node --input-type=module -e PROBE_SCRIPT <file URL> <export>`): imports
 * the bundle, checks the handler is exported, and prints one JSON line. `performance.now()` counts
 * from the process's time origin, so `startToImportEndMs` is node start → bundle imported.
 */
export const PROBE_SCRIPT = ['const [url, exportName] = process.argv.slice(1);', ...IMPORT_AND_REPORT].join('\n');

/**
 * {@link PROBE_SCRIPT} with Node's module compile cache on (`node --input-type=module -e
 * COMPILE_CACHE_PROBE_SCRIPT <file URL> <export> <cache folder>`): V8's code cache for the bundle is
 * read from (or, on the first run, written to) the folder, portable (keyed by the bundle's path
 * relative to it). Fails when this Node cannot enable the cache. Local only: the cache is keyed by
 * the exact Node version and CPU architecture, so one built here never hits on Lambda.
 */
export const COMPILE_CACHE_PROBE_SCRIPT = [
  'const [url, exportName, directory] = process.argv.slice(1);',
  "const { enableCompileCache, constants } = process.getBuiltinModule('node:module');",
  'const cache = enableCompileCache({ directory, portable: true });',
  'if (cache.status !== constants.compileCacheStatus.ENABLED) throw new Error(`compile cache not enabled in ${directory}: ${cache.message ?? `status ${cache.status}`}`);',
  ...IMPORT_AND_REPORT,
].join('\n');

/** What one probe child reported, ms. */
export interface ProbeReport {
  /** From just before `await import(bundle)` to just after, inside the child. */
  readonly importMs: number;
  /** CPU time (user + system, all of the child's threads) spent during that import. */
  readonly importCpuMs: number;
  /** From the child's time origin (process start) to just after the import. */
  readonly startToImportEndMs: number;
}

/** One timed child process. */
export interface TimedRun {
  /** Spawn → exit, measured by the parent, ms. */
  readonly wallMs: number;
  readonly stdout: string;
}

/** Ceiling on one child's life; a bundle whose init leaves handles open would otherwise hang the run. */
const CHILD_TIMEOUT_MS = 60_000;

/** Arguments of `node -e 0`, the baseline: a bare start and exit. */
export const BASELINE_ARGS: readonly string[] = ['-e', '0'];

/** Arguments of a probe child for `file`. */
export function probeArgs(file: string, exportName: string): string[] {
  return ['--input-type=module', '-e', PROBE_SCRIPT, pathToFileURL(file).href, exportName];
}

/** Arguments of a {@link COMPILE_CACHE_PROBE_SCRIPT} child for `file`, its compile cache in `cacheDir`. */
export function compileCacheProbeArgs(file: string, exportName: string, cacheDir: string): string[] {
  return ['--input-type=module', '-e', COMPILE_CACHE_PROBE_SCRIPT, pathToFileURL(file).href, exportName, cacheDir];
}

/**
 * Runs `<node> <args>` with exactly `env` (nothing inherited, so no `NODE_OPTIONS` leaks in) and
 * times it from spawn to exit. `node` is the binary to run (default: the one running this process).
 * Throws {@link BenchError} `PROBE_FAILED` with the child's stderr if it fails.
 */
export function timeNodeProcess(args: readonly string[], env: Readonly<Record<string, string>>, label: string, node: string = process.execPath): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let wallMs = 0;
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('exit', () => { wallMs = performance.now() - started; });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new BenchError('PROBE_FAILED', `cannot start ${node} for ${label}: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ wallMs, stdout });
      else reject(new BenchError('PROBE_FAILED', `${label}: node exited with ${signal ?? String(code)}\n${stderr.trim().slice(-2000)}`));
    });
  });
}

/** Parses the probe's JSON line; throws {@link BenchError} `PROBE_FAILED` when it is missing or malformed. */
export function parseProbeReport(stdout: string, label: string): ProbeReport {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const report = JSON.parse(line) as Partial<ProbeReport>;
    if (typeof report.importMs === 'number' && typeof report.importCpuMs === 'number' && typeof report.startToImportEndMs === 'number') {
      return { importMs: report.importMs, importCpuMs: report.importCpuMs, startToImportEndMs: report.startToImportEndMs };
    }
  } catch (error) {
    throw new BenchError('PROBE_FAILED', `${label}: the probe printed no timing (got '${line.slice(0, 200)}')`, { cause: error });
  }
  throw new BenchError('PROBE_FAILED', `${label}: the probe printed no timing (got '${line.slice(0, 200)}')`);
}
