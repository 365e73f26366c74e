import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Starting the local runtime as a child process, exactly as `npm start` runs it (`cli/conveyor.ts start`), and
 * stopping or killing it: for the end-to-end suite, the chaos suite and the benchmarks.
 */

/** A runtime started with `conveyor start` in its own process, exactly as `npm start` runs it. */
export interface RuntimeProcess {
  readonly outputsFile: string;
  /** Everything the process printed (for diagnostics). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** `kill -9` of the runtime's whole process group (as a crash or the OOM killer would); resolves once it is gone. */
  kill(): Promise<void>;
}

/** How to start the runtime process. */
export interface RuntimeProcessOptions {
  /** Start from empty queues and tables (`--reset`), as each test run expects. @default true */
  readonly reset?: boolean;
  /** `--port` and `--aws-port`; a restart on the same ports lets clients carry on. @default [0, 0] (free ports) */
  readonly ports?: readonly [api: number, aws: number];
  /**
   * Run it in a process group of its own, so that {@link RuntimeProcess.kill} ends the group as a
   * whole. Off by default: a group of its own does not get the terminal's Ctrl-C. @default false
   */
  readonly processGroup?: boolean;
  /**
   * The CLI to run: another checkout's `cli/conveyor.ts` runs that checkout's runtime on the project
   * in `projectDir` (a scratch copy of a project, say). @default `cli/conveyor.ts` of `projectDir`
   */
  readonly cli?: string;
}

/**
 * Starts the local runtime on free ports with its own state folder, waits until `local.json` is
 * written and `/_conveyor/health` answers, and returns. Fails with the process's output when it exits early.
 */
export async function startRuntimeProcess(projectDir: string, stateDir: string, extraArgs: string[] = [], options: RuntimeProcessOptions = {}): Promise<RuntimeProcess> {
  const outputsFile = join(stateDir, 'local.json');
  rmSync(outputsFile, { force: true });
  const [apiPort, awsPort] = options.ports ?? [0, 0];
  const args = ['--port', String(apiPort), '--aws-port', String(awsPort), '--state-dir', stateDir, '--quiet', ...(options.reset ?? true ? ['--reset'] : []), ...extraArgs];
  const child = spawn(process.execPath, ['--import', 'tsx', options.cli ?? 'cli/conveyor.ts', 'start', ...args], {
    cwd: projectDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
    detached: options.processGroup ?? false,
  });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-100_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 120_000;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the runtime exited with ${String(child.exitCode)} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the runtime was not ready within 120 s:\n${output}`);
    }
    ready = existsSync(outputsFile) && /is running locally/.test(output);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    outputsFile,
    output: () => output,
    stop: (timeoutMs = 15_000) => stopProcess(child, exited, timeoutMs),
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(options.processGroup ? -child.pid : child.pid, 'SIGKILL');
      await exited;
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
