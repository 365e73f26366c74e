import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlreadyRunningError } from '../errors.js';

/** Held while a runtime runs; `release()` removes the pid file. */
export interface InstanceLock {
  /** Records the API URL once it is known, for the message another start prints. */
  update(apiUrl: string): void;
  release(): void;
}

const PID_FILE = 'runtime.pid.json';

/**
 * Takes the state folder for this process: writes `runtime.pid.json`, or throws
 * {@link AlreadyRunningError} when the pid recorded there is still a live Node process. A file left
 * by a process that died (or whose pid now belongs to another program) is taken over.
 */
export function acquireInstanceLock(stateDir: string): InstanceLock {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, PID_FILE);
  const current = readPidFile(path);
  if (current !== undefined && current.pid !== process.pid && isAlive(current.pid)) {
    throw new AlreadyRunningError(current.pid, current.apiUrl, stateDir);
  }
  const write = (apiUrl?: string) => writeFileSync(path, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...(apiUrl ? { apiUrl } : {}) })}\n`);
  write();
  return {
    update: (apiUrl) => write(apiUrl),
    release() {
      if (readPidFile(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}

function readPidFile(path: string): { pid: number; apiUrl?: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; apiUrl?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, ...(typeof parsed.apiUrl === 'string' ? { apiUrl: parsed.apiUrl } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a live Node process; a reused pid that now runs something else does not count. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return /node/.test(readFileSync(cmdline, 'utf8'));
  } catch {
    return true;
  }
}
