import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runtimeOptionsOf } from '../../cli/commands/start.js';
import { UsageError } from '../../cli/errors.js';
import { createProgram } from '../../cli/program.js';
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

describe('conveyor start', () => {
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
    [['start', '--port', '3100', '--aws-port', '3100'], '--port and --aws-port are both 3100; they must differ'],
    [['start', '--endpoint', 'ftp://localhost:4566'], '--endpoint must be an http(s) URL'],
    [['start', '--endpoint', 'http://localhost:4566', '--in-memory'], '--in-memory applies to the embedded emulators'],
    [['--endpoint', 'http://localhost:4566', 'start', '--reset'], '--reset applies to the embedded emulators'],
  ])('refuses options that conflict: conveyor %j', async (args, message) => {
    const attempt = optionsFor(args);

    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses program-wide options that do not apply to it', async () => {
    await expect(optionsFor(['--target', 'aws', 'start'])).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a malformed -c as wrong usage, before starting anything', async () => {
    const program = createProgram().configureOutput({ writeErr: () => undefined });

    await expect(program.parseAsync(['start', '-c', 'fifo'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
