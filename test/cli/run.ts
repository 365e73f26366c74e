/** Running `conveyor` in the test process, and the fakes its commands talk to. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../cli/program.js';

/** What `conveyor <args>` exits with and prints. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `conveyor <args>` on a fresh program, capturing stdout and stderr. */
export async function run(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: string | Uint8Array) => {
    append(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture((text) => (stdout += text)));
  vi.spyOn(process.stderr, 'write').mockImplementation(capture((text) => (stderr += text)));
  try {
    const code = await main(['node', 'conveyor', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

/** Writes `{ Conveyor: outputs }` to the outputs file `name` in `dir`; returns its absolute path. */
export function outputsFile(dir: string, name: string, outputs: Readonly<Record<string, string>>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ Conveyor: outputs }));
  return path;
}

/**
 * A fake local runtime on loopback: it answers `/_conveyor/health`, hands every other request to
 * `handle`, and records the paths asked for. `stateDir` holds its `local.json` with `outputs`;
 * `close()` stops the server and removes it.
 */
export async function fakeRuntime(
  outputs: Readonly<Record<string, string>>,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ readonly stateDir: string; readonly asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/_conveyor/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    asked.push(req.url ?? '');
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const runtimeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'conveyor-state-'));
  writeFileSync(join(stateDir, 'local.json'), JSON.stringify({ Conveyor: { Region: 'us-east-1', ApiKey: 'local-key', ...outputs, RuntimeUrl: runtimeUrl } }));
  return {
    stateDir,
    asked,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).finally(() => rmSync(stateDir, { recursive: true, force: true })),
  };
}
