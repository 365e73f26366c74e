import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A runtime started with `local/cli.ts` in its own process, exactly as `npm start` runs it. */
export interface RuntimeProcess {
  readonly outputsFile: string;
  /** Everything the process printed (for diagnostics). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts the local runtime on free ports with its own state folder, waits until `local.json` is
 * written and `/_conveyor/health` answers, and returns. Fails with the process's output when it exits early.
 */
export async function startRuntimeProcess(projectDir: string, stateDir: string, extraArgs: string[] = []): Promise<RuntimeProcess> {
  const outputsFile = join(stateDir, 'local.json');
  rmSync(outputsFile, { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/cli.ts', '--port', '0', '--aws-port', '0', '--state-dir', stateDir, '--quiet', ...extraArgs], {
    cwd: projectDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
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
