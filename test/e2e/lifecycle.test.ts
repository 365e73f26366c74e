import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { target, unavailable } from './support/conveyor-client.js';

const embeddedOnly = unavailable() !== '' || target().runtimeUrl === undefined;
const projectDir = resolve(import.meta.dirname, '..', '..');

/** Runs `npm start`'s command with extra arguments and returns its exit code and output. */
function startAnother(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/conveyor.ts', 'start', '--no-synth', ...args], {
    cwd: projectDir, encoding: 'utf8', timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(embeddedOnly)('a second start while one runs (embedded runtime only)', () => {
  it('says Conveyor is already running, with its pid and URL, when the state folder is taken', () => {
    const stateDir = dirname(inject('e2eOutputsFile'));

    const { status, output } = startAnother(['--port', '0', '--aws-port', '0', '--state-dir', stateDir]);

    expect(status).toBe(1);
    expect(output).toMatch(/Conveyor is already running \(pid \d+, http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('names the port and the option when another program holds the port', () => {
    const port = new URL(target().runtimeUrl ?? '').port;

    const { status, output } = startAnother(['--port', port, '--aws-port', '0', '--state-dir', resolve(projectDir, '.conveyor', 'e2e-second')]);

    expect(status).toBe(1);
    expect(output).toMatch(new RegExp(`port ${port} is already in use.*--port`));
  });
});
