import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runtimeOptionsOf } from '../../cli/commands/start.js';
import { createProgram, main } from '../../cli/program.js';
import type { RuntimeOptions } from '../../local/options.js';

const projectDir = join(import.meta.dirname, '..', '..');

/** The `start` command of a fresh `conveyor` program. */
function startOf(program: Command): Command {
  const start = program.commands.find((command) => command.name() === 'start');
  if (!start) throw new Error('conveyor has no start command');
  return start;
}

/** The runtime options `conveyor <args>` would start the runtime with (the runtime is not started). */
async function optionsFor(args: readonly string[]): Promise<RuntimeOptions> {
  const program = createProgram();
  let options: RuntimeOptions | undefined;
  startOf(program).action((_flags: unknown, command: Command) => {
    options = runtimeOptionsOf(command, projectDir);
  });
  await program.parseAsync(args as string[], { from: 'user' });
  if (!options) throw new Error(`conveyor ${args.join(' ')} did not reach start`);
  return options;
}

/**
 * What `conveyor <args>` exits with and prints on stderr, with start's action reduced to what it
 * does before starting anything (reading and checking its options): the runtime is never started.
 */
async function exitOf(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const program = createProgram();
  startOf(program).action((_flags: unknown, command: Command) => {
    runtimeOptionsOf(command, projectDir);
  });
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await main(['node', 'conveyor', ...args], program);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('conveyor start', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is listed in conveyor --help', () => {
    const help = createProgram().helpInformation();

    expect(help).toMatch(/^ {2}start \[options\] +run the synthesized stack on this machine/m);
  });

  it('lists the runtime options in its --help', () => {
    const help = startOf(createProgram()).helpInformation();

    expect(help).toContain('Usage: conveyor start [options]');
    for (const flag of ['-p, --port <port>', '--aws-port <port>', '--endpoint <url>', '--stack <name>', '-c, --context <key=value>', '--no-synth', '--force-synth',
      '-o, --output <dir>', '--state-dir <dir>', '--in-memory', '--reset', '--max-instances <n>', '--idle-timeout <seconds>', '--pollers <n>', '-q, --quiet',
      '-v, --verbose', '--json-logs', '--function-code <name=dir>']) {
      expect(help).toContain(flag);
    }
    expect(help).toMatch(/env:\s+CONVEYOR_STATE_DIR/);
    expect(help).toMatch(/env:\s+CONVEYOR_ENDPOINT/);
  });

  it('turns its flags into runtime options, with the defaults of npm start', async () => {
    const options = await optionsFor(['start', '--port', '0', '-c', 'fifo=true', '-c', 'maxReceiveCount=2', '--force-synth', '--idle-timeout', '0', '--json-logs', '--function-code', 'Consumer=./build']);

    expect(options).toEqual({
      projectDir, port: 0, awsPort: 3001, context: ['fifo=true', 'maxReceiveCount=2'], synth: 'force', stateDir: '.conveyor', inMemory: false, reset: false,
      maxInstances: 10, idleInstanceSeconds: 0, pollers: 5, quiet: false, verbose: false, logFormat: 'json', functionCode: { Consumer: './build' },
    });
  });

  it('takes --state-dir, --stack and --endpoint after start, though the program declares them too', async () => {
    const options = await optionsFor(['start', '--state-dir', '.conveyor-fifo', '--stack', 'Fifo', '--endpoint', 'http://localhost:4566']);

    expect(options).toMatchObject({ stateDir: '.conveyor-fifo', stack: 'Fifo', endpoint: 'http://localhost:4566' });
  });

  it.each([
    [['start', '--port', '3100', '--aws-port', '3100'], ['--port', '--aws-port']],
    [['start', '--endpoint', 'ftp://localhost:4566'], ['--endpoint']],
    [['start', '--endpoint', 'localhost:4566'], ['--endpoint']],
    [['start', '--endpoint', 'http://localhost:4566', '--in-memory'], ['--in-memory', '--endpoint']],
    [['--endpoint', 'http://localhost:4566', 'start', '--reset'], ['--reset', '--endpoint']],
    [['start', '--max-instances', '2000'], ['--max-instances']],
    [['start', '--idle-timeout', '100000'], ['--idle-timeout']],
  ])('refuses options the runtime refuses as wrong usage, naming the flags: conveyor %j', async (args, flags) => {
    const { code, stderr } = await exitOf(args);

    expect(code).toBe(2);
    for (const flag of flags) expect(stderr).toContain(flag);
    // Named as the user typed them, not as the runtime's option keys.
    expect(stderr).not.toMatch(/\b(awsPort|inMemory|maxInstances|idleInstanceSeconds)\b/);
  });

  it.each([
    [['start', '--endpoint', 'https://localhost:4566']],
    [['--endpoint', 'https://localhost:4566', 'start']],
  ])('refuses an https endpoint as wrong usage, saying the local proxy forwards plain http: conveyor %j', async (args) => {
    const { code, stderr } = await exitOf(args);

    expect(code).toBe(2);
    expect(stderr).toContain('--endpoint');
    expect(stderr).toContain('plain http');
  });

  it.each([
    [['start', '--state-dir', '--in-memory'], '--state-dir', '--in-memory'],
    [['--state-dir', '--in-memory', 'start'], '--state-dir', '--in-memory'],
    [['start', '-o', '--reset'], '--output', '--reset'],
    [['start', '--function-code', '--output=build'], '--function-code', '--output=build'],
  ])('refuses an option taken as a folder, naming the flag: conveyor %j', async (args, flag, value) => {
    const { code, stderr } = await exitOf(args);

    expect(code).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).toContain(value);
  });

  it('refuses program-wide options that do not apply to it', async () => {
    const { code, stderr } = await exitOf(['--target', 'aws', 'start']);

    expect(code).toBe(2);
    expect(stderr).toContain('--target');
  });

  it('refuses a malformed -c as wrong usage, before starting anything', async () => {
    const program = createProgram().configureOutput({ writeErr: () => undefined });

    await expect(program.parseAsync(['start', '-c', 'fifo'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
