import { resolve } from 'node:path';
import { RuntimeOptionsError } from './errors.js';
import type { LogFormat } from './logs/function-log-router.js';
import { assemblyDir } from './synth/assembly-dir.js';

/** How to run the local runtime. Every field is optional; {@link resolveRuntimeOptions} fills the defaults. */
export interface RuntimeOptions {
  /** Project root (where `cdk.json` is). @default process.cwd() */
  readonly projectDir?: string;
  /** Port of the REST API, the faults and the metrics endpoints; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Port of the local AWS endpoint (SQS and DynamoDB); 0 picks a free one. @default 3001 */
  readonly awsPort?: number;
  /** Use this AWS-compatible endpoint (e.g. LocalStack's `http://localhost:4566`) instead of the embedded emulators. */
  readonly endpoint?: string;
  /**
   * Cloud assembly folder. @default `<projectDir>/cdk.out` without context, else one folder per
   * context set, `<projectDir>/cdk.out.<8 hex>` (see `assemblyDir`), so that runs with different
   * `-c` values keep their own synthesized assembly
   */
  readonly outputDir?: string;
  /** Which stack of the assembly to run. @default the only one */
  readonly stack?: string;
  /** `key=value` context pairs for `cdk synth`. @default [] */
  readonly context?: readonly string[];
  /** `false` runs `cdk.out` as it is; `'force'` synthesizes even when nothing changed. @default true (when sources changed) */
  readonly synth?: boolean | 'force';
  /**
   * Where `local.json`, the pid file, the API key values and (unless {@link inMemory}) the queues'
   * and tables' data (`data/`) live. @default `<projectDir>/.conveyor`
   */
  readonly stateDir?: string;
  /**
   * Keep queues and tables in memory only: nothing survives a stop. The API key and `local.json`
   * are still written to the state folder. @default false (kept on disk under `<stateDir>/data`)
   */
  readonly inMemory?: boolean;
  /** Delete the kept queues and tables (`<stateDir>/data`) before starting. @default false */
  readonly reset?: boolean;
  /** Concurrent instances per function at most (Lambda's reserved concurrency wins when set). @default 10 */
  readonly maxInstances?: number;
  /** Seconds an idle function instance is kept before it is stopped (0: kept until the runtime stops). @default 300 */
  readonly idleInstanceSeconds?: number;
  /** Pollers per SQS event source mapping when the template sets no maximum concurrency. @default 5 */
  readonly pollers?: number;
  /** Where the runtime's own lines and the functions' logs go. @default console output */
  readonly log?: (line: string) => void;
  /** Only warnings and errors from the functions; no per-invocation lines. @default false */
  readonly quiet?: boolean;
  /** Also print each invocation's REPORT line and the EMF lines. @default false */
  readonly verbose?: boolean;
  /**
   * How the functions' log lines are printed: `pretty` (one readable line: time, function, level,
   * message, a few fields) or `json` (each line as the function wrote it, after `[<function>] `).
   * @default 'pretty' when the lines go to the console (no `log`) and stdout is a terminal, else 'json'
   */
  readonly logFormat?: LogFormat;
  /**
   * Run these folders instead of functions' bundles from `cdk.out`, keyed by the function's short
   * name (`Consumer`): for reference builds and experiments. The folder must hold the template's
   * handler file (e.g. `index.mjs` for `index.handler`). @default {}
   */
  readonly functionCode?: Readonly<Record<string, string>>;
  /**
   * Watch what the synth depends on (`conveyor.config.ts`, `cdk.json`, `handlers/`, `functions/`,
   * `infra/`, `contract/`, the modules the config names) and, on a change, re-synthesize and reload
   * the running stack without restarting the emulators (see `LocalRuntime.reload`). Needs `synth`.
   * @default false
   */
  readonly watch?: boolean;
}

/** {@link RuntimeOptions} with every default applied and validated. */
export type ResolvedRuntimeOptions = Required<Omit<RuntimeOptions, 'endpoint' | 'stack'>> & Pick<RuntimeOptions, 'endpoint' | 'stack'>;

export { RuntimeOptionsError } from './errors.js';

const KNOWN = new Set(['projectDir', 'port', 'awsPort', 'endpoint', 'outputDir', 'stack', 'context', 'synth', 'stateDir', 'inMemory', 'reset', 'maxInstances', 'idleInstanceSeconds', 'pollers', 'log', 'quiet', 'verbose', 'logFormat', 'functionCode', 'watch']);

/**
 * Applies defaults, rejects unknown keys and out-of-range values, and checks the options against
 * each other: the one place that validates them, for `startLocalRuntime` and the CLI alike.
 * @throws RuntimeOptionsError whose `keys` are the options at fault, and whose message names them
 *   (under other names with `messageNaming`, as the CLI shows its flags)
 */
export function resolveRuntimeOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new RuntimeOptionsError(`unknown option '${key}'`);
  }
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const port = integer('port', options.port ?? 3000, 0, 65_535);
  const awsPort = integer('awsPort', options.awsPort ?? 3001, 0, 65_535);
  if (port !== 0 && port === awsPort) throw invalid((name) => `${name('port')} and ${name('awsPort')} are both ${port}; they must differ`);
  if (options.endpoint !== undefined) checkEndpoint(options.endpoint, options);
  for (const pair of options.context ?? []) {
    if (!/^[^=\s]+=.*$/.test(pair)) throw invalid((name) => `${name('context')} '${pair}' is not key=value`);
  }
  if (options.watch === true && options.synth === false) {
    throw invalid((name) => `${name('watch')} synthesizes again when the sources change: it cannot run with synth turned off (${name('synth')})`);
  }
  if (options.logFormat !== undefined && options.logFormat !== 'json' && options.logFormat !== 'pretty') {
    throw invalid((name) => `${name('logFormat')} must be 'json' or 'pretty', got '${String(options.logFormat)}'`);
  }
  return {
    projectDir,
    port,
    awsPort,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint.replace(/\/+$/, '') } : {}),
    outputDir: options.outputDir === undefined ? assemblyDir(projectDir, options.context ?? []) : resolve(projectDir, options.outputDir),
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
    context: [...(options.context ?? [])],
    synth: options.synth ?? true,
    stateDir: resolve(projectDir, options.stateDir ?? '.conveyor'),
    inMemory: options.inMemory ?? false,
    reset: options.reset ?? false,
    maxInstances: integer('maxInstances', options.maxInstances ?? 10, 1, 1000),
    idleInstanceSeconds: integer('idleInstanceSeconds', options.idleInstanceSeconds ?? 300, 0, 86_400),
    pollers: integer('pollers', options.pollers ?? 5, 1, 1000),
    log: options.log ?? ((line) => process.stdout.write(`${line}\n`)),
    quiet: options.quiet ?? false,
    verbose: options.verbose ?? false,
    logFormat: options.logFormat ?? (options.log === undefined && process.stdout.isTTY ? 'pretty' : 'json'),
    functionCode: Object.fromEntries(Object.entries(options.functionCode ?? {}).map(([name, dir]) => [name, resolve(projectDir, dir)])),
    watch: options.watch ?? false,
  };
}

/** A {@link RuntimeOptionsError} about the options `message` names (by their keys, checked here). */
const invalid = (message: (name: (key: keyof RuntimeOptions) => string) => string): RuntimeOptionsError => new RuntimeOptionsError(message);

function integer(key: keyof RuntimeOptions, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid((name) => `${name(key)} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * An endpoint the AWS proxy can forward to: a plain http URL (the proxy's upstream connections are
 * http only), and no `inMemory` or `reset`, which are about the embedded emulators' state.
 */
function checkEndpoint(endpoint: string, options: RuntimeOptions): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid((name) => `${name('endpoint')} '${endpoint}' is not a URL (e.g. LocalStack's http://localhost:4566)`);
  }
  if (url.protocol === 'https:') {
    throw invalid((name) => `${name('endpoint')} must be a plain http URL: the local AWS proxy forwards plain http only (e.g. LocalStack's http://localhost:4566), got ${endpoint}`);
  }
  if (url.protocol !== 'http:') throw invalid((name) => `${name('endpoint')} must be an http URL (e.g. LocalStack's http://localhost:4566), got ${url.protocol}`);
  // With an external endpoint the queues and tables live there; nothing of them is kept here.
  for (const key of ['inMemory', 'reset'] as const) {
    if (options[key] === true) throw invalid((name) => `${name(key)} applies to the embedded emulators; with ${name('endpoint')} the state lives in that endpoint`);
  }
}
