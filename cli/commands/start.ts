/** `conveyor start` (`npm start`): runs Conveyor locally from `cdk.out` until Ctrl-C / SIGTERM. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { RuntimeOptions } from '../../local/options.js';
import type { LocalRuntime } from '../../local/runtime.js';
import { findProjectRoot } from '../../ops/project-root.js';
import { CommandFailedError, UsageError } from '../errors.js';
import { httpUrl, keyValue, namedDir, nonNegativeInteger, port, positiveInteger } from '../parse.js';

/** `start`'s options as commander parses them. */
interface StartFlags {
  port: number;
  awsPort: number;
  endpoint?: string;
  stack?: string;
  context: string[];
  synth: boolean;
  forceSynth?: boolean;
  output?: string;
  stateDir: string;
  inMemory?: boolean;
  reset?: boolean;
  maxInstances: number;
  idleTimeout: number;
  pollers: number;
  quiet?: boolean;
  verbose?: boolean;
  jsonLogs?: boolean;
  functionCode: Record<string, string>;
}

/**
 * `start` options that are also program-wide options. Commander hands such an option to the program
 * wherever it stands (`conveyor start --state-dir x` included), so `start` reads it from there when
 * it was typed there.
 */
const SHARED = ['stateDir', 'stack', 'endpoint'] as const;

/** Program-wide options that mean nothing to `start`: typed with it, they are a usage error. */
const NOT_FOR_START = { target: '--target', outputs: '--outputs', region: '--region', apiKey: '--api-key' } as const;

/** Grace period in-flight invocations get on the first Ctrl-C / SIGTERM, ms. */
const STOP_GRACE_MS = 2_000;

/** Registers `start`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .summary('run the synthesized stack on this machine (npm start)')
    .description('Run the synthesized Conveyor stack on this machine: REST API, Lambda functions, SQS and DynamoDB emulators. Runs until Ctrl-C or SIGTERM (a second one stops at once).')
    .addOption(new Option('-p, --port <port>', 'port of the REST API and the /_conveyor endpoints (0: any free port)').argParser(port).default(3000).env('CONVEYOR_PORT'))
    .addOption(new Option('--aws-port <port>', 'port of the local AWS endpoint for SQS and DynamoDB (0: any free port)').argParser(port).default(3001).env('CONVEYOR_AWS_PORT'))
    .addOption(new Option('--endpoint <url>', 'use this AWS-compatible endpoint (e.g. LocalStack, http://localhost:4566) instead of the embedded emulators').argParser(httpUrl).env('CONVEYOR_ENDPOINT'))
    .option('--stack <name>', 'stack to run when the app has several')
    .option('-c, --context <key=value>', 'CDK context for synth, e.g. -c fifo=true (repeatable)', keyValue, [])
    .option('--no-synth', 'run cdk.out as it is, without synthesizing')
    .option('--force-synth', 'synthesize even when the sources did not change')
    .option('-o, --output <dir>', 'cloud assembly folder (default: cdk.out, or cdk.out.<hash of the context> with -c, one per context set)')
    .addOption(new Option('--state-dir <dir>', 'where the queues, tables, API key, local.json and the pid file are kept').default('.conveyor').env('CONVEYOR_STATE_DIR'))
    .option('--in-memory', 'keep queues and tables in memory only: nothing survives a stop')
    .option('--reset', 'delete the kept queues and tables before starting (says what it deleted)')
    .addOption(new Option('--max-instances <n>', 'concurrent instances per function at most').argParser(positiveInteger).default(10))
    .addOption(new Option('--idle-timeout <seconds>', 'stop a function instance idle this long (0: never); the next invocation is a cold start').argParser(nonNegativeInteger).default(300))
    .addOption(new Option('--pollers <n>', 'pollers per SQS event source mapping without a maximum concurrency').argParser(positiveInteger).default(5))
    .option('-q, --quiet', 'print only warnings and errors from the functions')
    .option('-v, --verbose', 'also print REPORT lines and EMF metric documents')
    .option('--json-logs', 'print the functions\' log lines as the JSON they write (the default when stdout is not a terminal)')
    .option('--function-code <name=dir>', 'run this folder instead of the function\'s bundle from cdk.out, e.g. Consumer=./build (repeatable; for reference builds)', namedDir, {})
    .addHelpText('after', `
Relative paths (--state-dir, -o, --function-code) are taken from the project root, the nearest
folder with a package.json (where npm runs \`npm start\`).

Examples:
  $ npm start                                   # the same as conveyor start
  $ conveyor start --port 0 --aws-port 0 --in-memory
  $ conveyor start -c fifo=true --port 3100 --aws-port 3101 --state-dir .conveyor-fifo
  $ conveyor start --reset --quiet`)
    .action(async (_flags: StartFlags, command: Command) => {
      const options = runtimeOptionsOf(command);
      // The runtime (emulators, function host) loads only when start runs, not for every conveyor command.
      const { banner, stoppedLine } = await import('../../local/banner.js');
      const runtime = await startOrExplain(options);
      const queues = await runtime.queueFigures().catch(() => []);
      process.stdout.write(banner(runtime, { endpoint: options.endpoint, readyMs: performance.now(), queues }));
      await untilStopped(runtime, stoppedLine);
    });
}

/**
 * The runtime options `start`'s command line asks for, validated by the option parsers; the
 * project root (see `findProjectRoot`) is the runtime's project folder, as for `npm start`.
 * @throws UsageError when a program-wide option that means nothing to `start` was typed, or
 * options conflict.
 */
export function runtimeOptionsOf(command: Command, cwd: string = process.cwd()): RuntimeOptions {
  const parent = command.parent;
  for (const [name, flag] of Object.entries(NOT_FOR_START)) {
    if (parent?.getOptionValueSource(name) === 'cli') throw new UsageError(`${flag} does not apply to start: it runs the local runtime from this project`);
  }
  const flags = { ...command.opts<StartFlags>() };
  for (const name of SHARED) {
    if (parent?.getOptionValueSource(name) === 'cli') (flags as Record<string, unknown>)[name] = parent.getOptionValue(name);
  }
  checkConflicts(flags);
  return {
    projectDir: findProjectRoot(cwd),
    port: flags.port,
    awsPort: flags.awsPort,
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    ...(flags.stack ? { stack: flags.stack } : {}),
    context: flags.context,
    synth: flags.forceSynth ? 'force' : flags.synth,
    ...(flags.output === undefined ? {} : { outputDir: flags.output }),
    stateDir: flags.stateDir,
    inMemory: flags.inMemory ?? false,
    reset: flags.reset ?? false,
    maxInstances: flags.maxInstances,
    idleInstanceSeconds: flags.idleTimeout,
    pollers: flags.pollers,
    quiet: flags.quiet ?? false,
    verbose: flags.verbose ?? false,
    ...(flags.jsonLogs ? { logFormat: 'json' as const } : {}),
    functionCode: flags.functionCode,
  };
}

/** The checks between options (each option's own value is checked by its parser). @throws UsageError */
function checkConflicts(flags: StartFlags): void {
  if (flags.port !== 0 && flags.port === flags.awsPort) throw new UsageError(`--port and --aws-port are both ${flags.port}; they must differ`);
  if (flags.endpoint === undefined) return;
  try {
    // Typed after `start`, --endpoint reached the program's option, which has no parser of its own.
    httpUrl(flags.endpoint);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(`--endpoint must be ${error.message}`);
    throw error;
  }
  // With an external endpoint the queues and tables live there; nothing of them is kept here.
  for (const flag of ['inMemory', 'reset'] as const) {
    if (flags[flag]) throw new UsageError(`--${flag === 'inMemory' ? 'in-memory' : 'reset'} applies to the embedded emulators; with --endpoint the state lives in that endpoint`);
  }
}

/** Starts the runtime; a failure to start is printed (synth's output first) and exits 1. */
async function startOrExplain(options: RuntimeOptions): Promise<LocalRuntime> {
  const [{ startLocalRuntime }, { LocalRuntimeError, SynthError }] = await Promise.all([
    import('../../local/runtime.js'), import('../../local/errors.js'),
  ]);
  try {
    return await startLocalRuntime(options);
  } catch (error) {
    if (error instanceof SynthError) process.stderr.write(`${error.output.trim()}\n`);
    // The runtime's own errors (a taken port, a second start) say what to do; anything else keeps its stack.
    if (error instanceof LocalRuntimeError) throw new CommandFailedError(error.message, { cause: error });
    throw error;
  }
}

/**
 * Resolves once the runtime has stopped on the first SIGINT / SIGTERM (in-flight invocations get
 * {@link STOP_GRACE_MS}); a second signal exits at once with 130.
 * @throws CommandFailedError (exit 1) when stopping fails, after saying so.
 */
function untilStopped(runtime: LocalRuntime, stoppedLine: (runtime: LocalRuntime, left: Awaited<ReturnType<LocalRuntime['stop']>>) => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let signals = 0;
    const shutdown = (signal: string) => {
      signals += 1;
      if (signals > 1) {
        process.stdout.write('stopping now\n');
        process.exit(130);
      }
      process.stdout.write(`\n${signal}: stopping (in-flight invocations get ${STOP_GRACE_MS / 1000} s; press Ctrl-C again to stop at once) …\n`);
      runtime.stop({ graceMs: STOP_GRACE_MS }).then((left) => {
        process.stdout.write(`Conveyor stopped. ${stoppedLine(runtime, left)}\n`);
        resolve();
      }, (error: unknown) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        reject(new CommandFailedError('', { cause: error }));
      });
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}
