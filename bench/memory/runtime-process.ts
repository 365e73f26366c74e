/**
 * Starts the local runtime (`npm start`'s command: `node --import tsx cli/conveyor.ts start`) as a child
 * process on free loopback ports and a temporary state dir, reads its memory from /proc, and stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectDir = resolve(import.meta.dirname, '..', '..');

/** A runtime started by {@link startRuntime}. */
export interface RuntimeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly stateDir: string;
  /** The stack's outputs from `<state-dir>/local.json` (ApiUrl, ApiKey, RuntimeUrl, …). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly readyMs: number;
  /** Everything the runtime printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the state dir. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startRuntime}. */
export interface StartOptions {
  /** Extra `conveyor start` flags, e.g. `['--max-instances', '5']`. */
  readonly args?: readonly string[];
  /** Extra Node flags for the runtime process, e.g. `['--import', './bench/memory/probe.ts']`. */
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the banner. @default 180000 (a synth may run first) */
  readonly timeoutMs?: number;
}

/** Starts the runtime and resolves once its banner says it is running. */
export async function startRuntime(options: StartOptions = {}): Promise<RuntimeProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'conveyor-memory-'));
  const began = performance.now();
  const child = spawn(process.execPath, [
    '--import', 'tsx', ...(options.nodeArgs ?? []), 'cli/conveyor.ts', 'start',
    '--state-dir', stateDir, '--port', '0', '--aws-port', '0', '--quiet', ...(options.args ?? []),
  ], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`the runtime was not ready in ${options.timeoutMs ?? 180_000} ms:\n${output}`)), options.timeoutMs ?? 180_000);
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-200_000);
        if (output.includes('is running locally')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the runtime exited with ${String(code)}:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const readyMs = performance.now() - began;
  const file = JSON.parse(readFileSync(join(stateDir, 'local.json'), 'utf8')) as Record<string, Record<string, string>>;
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid: child.pid ?? 0,
    stateDir,
    outputs: Object.values(file)[0] ?? {},
    readyMs,
    output: () => output,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        rmSync(stateDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** Memory of one process from `/proc/<pid>/status`, MB; `undefined` once it is gone. */
export interface ProcessMemory {
  /** Resident set (VmRSS). */
  readonly rssMb: number;
  /** Peak resident set the kernel saw (VmHWM). */
  readonly hwmMb: number;
  /** Anonymous resident memory (heaps, stacks, malloc): what a leak grows. */
  readonly anonMb: number;
  /** File-backed resident memory (the node binary, shared libraries). */
  readonly fileMb: number;
  readonly threads: number;
}

export function processMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return {
    rssMb: kb('VmRSS') / 1024,
    hwmMb: kb('VmHWM') / 1024,
    anonMb: kb('RssAnon') / 1024,
    fileMb: kb('RssFile') / 1024,
    threads: kb('Threads'),
  };
}

/** Function instances as `/_conveyor/health` reports them. */
export type FunctionCounts = Record<string, { instances: number; busy: number; queued: number; invocations: number; coldStarts: number }>;

export async function functionCounts(runtimeUrl: string): Promise<FunctionCounts | undefined> {
  try {
    const response = await fetch(`${runtimeUrl}/_conveyor/health`, { signal: AbortSignal.timeout(5_000) });
    const health = await response.json() as { functions?: FunctionCounts };
    return health.functions;
  } catch {
    return undefined;
  }
}
