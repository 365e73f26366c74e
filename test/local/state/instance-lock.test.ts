import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlreadyRunningError } from '../../../local/errors.js';
import { acquireInstanceLock } from '../../../local/state/instance-lock.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'conveyor-state-'));
const pidFile = (dir: string) => join(dir, 'runtime.pid.json');

describe('acquireInstanceLock', () => {
  it('writes this process id and removes the file on release', () => {
    const dir = stateDir();

    const lock = acquireInstanceLock(dir);
    lock.update('http://127.0.0.1:3000/');

    expect(JSON.parse(readFileSync(pidFile(dir), 'utf8'))).toMatchObject({ pid: process.pid, apiUrl: 'http://127.0.0.1:3000/' });
    lock.release();
    expect(existsSync(pidFile(dir))).toBe(false);
  });

  it('refuses while the recorded process is alive, naming its pid and URL', () => {
    const dir = stateDir();
    const parent = process.ppid;
    writeFileSync(pidFile(dir), JSON.stringify({ pid: parent, apiUrl: 'http://127.0.0.1:3000/' }));

    expect(() => acquireInstanceLock(dir)).toThrow(AlreadyRunningError);
    expect(() => acquireInstanceLock(dir)).toThrow(new RegExp(`already running \\(pid ${parent}, http://127\\.0\\.0\\.1:3000/`));
  });

  it('takes over a file left by a process that died', () => {
    const dir = stateDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(pidFile(dir), JSON.stringify({ pid: Number(dead) }));

    const lock = acquireInstanceLock(dir);

    expect(JSON.parse(readFileSync(pidFile(dir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an unreadable file', () => {
    const dir = stateDir();
    writeFileSync(pidFile(dir), 'garbage');

    expect(() => acquireInstanceLock(dir).release()).not.toThrow();
  });
});
