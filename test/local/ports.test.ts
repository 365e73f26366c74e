import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../local/runtime.js';
import { PortInUseError } from '../../local/errors.js';
import { miniTemplate, writeAssembly } from './support/assembly.js';

const projectDir = resolve(import.meta.dirname, '..', '..');

/** Runs `npm start`'s command (`conveyor start`) with `args`; resolves with its exit code and output. */
function start(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/conveyor.ts', 'start', ...args], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('a taken port', () => {
  let holder: Server;
  let taken: number;
  const assembly = writeAssembly(miniTemplate(), { stackName: 'Ports' });
  const stateDir = () => mkdtempSync(join(tmpdir(), 'conveyor-state-'));

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    taken = (holder.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((done) => holder.close(() => done()));
  });

  it('fails the start with a message naming --aws-port when the AWS port is taken', async () => {
    const attempt = startLocalRuntime({ outputDir: assembly, synth: false, port: 0, awsPort: taken, inMemory: true, stateDir: stateDir(), log: () => undefined });

    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(`port ${taken} is already in use by another program; choose another with --aws-port <port>`);
  });

  it('says so on npm start, as for --port, and exits 1', async () => {
    const aws = await start(['--no-synth', '-o', assembly, '--port', '0', '--aws-port', String(taken), '--in-memory', '--state-dir', stateDir()]);
    const api = await start(['--no-synth', '-o', assembly, '--port', String(taken), '--aws-port', '0', '--in-memory', '--state-dir', stateDir()]);

    expect(aws).toMatchObject({ code: 1, output: expect.stringContaining(`error: port ${taken} is already in use by another program; choose another with --aws-port <port> (0 picks a free one)`) });
    expect(aws.output).not.toMatch(/EADDRINUSE|at .*\.ts:\d+/);
    expect(api).toMatchObject({ code: 1, output: expect.stringContaining(`error: port ${taken} is already in use by another program; choose another with --port <port>`) });
  });
});
