/** `conveyor start` (`npm start`): runs Conveyor locally from `cdk.out` until Ctrl-C / SIGTERM. */
import { type Command, Option } from 'commander';
import { LocalRuntimeError, RuntimeOptionsError, SynthError } from '../../local/errors.js';
import { type RuntimeOptions, resolveRuntimeOptions } from '../../local/options.js';
import type { LocalRuntime } from '../../local/runtime.js';
import { findProjectRoot } from '../../ops/project-root.js';
import { commandFailed, usageError } from '../errors.js';
import { dirPath, keyValue, namedDir, nonNegativeInteger, port, positiveInteger } from '../parse.js';

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
  watch?: boolean;
}

/**
 * `start` options that are also program-wide options. Commander hands such an option to the program
 * wherever it stands (`conveyor start --state-dir x` included), so `start` reads it from there when
 * it was typed there.
 */
const SHARED = ['stateDir', 'stack', 'endpoint'] as const;

/** Program-wide options that mean nothing to `start`: typed with it, they are a usage error. */
const NOT_FOR_START = { target: '--target', outputs: '--outputs', region: '--region', apiKey: '--api-key' } as const;

/**
 * The flag that sets each runtime option, to name it in messages (the runtime names its options by
 * key); null for the options `start` sets itself.
 */
const FLAGS: { readonly [K in keyof RuntimeOptions]-?: string | null } = {
  projectDir: null,
  port: '--port',
  awsPort: '--aws-port',
  endpoint: '--endpoint',
  outputDir: '--output',
  stack: '--stack',
  context: '--context',
  synth: '--no-synth / --force-synth',
  stateDir: '--state-dir',
  inMemory: '--in-memory',
  reset: '--reset',
  maxInstances: '--max-instances',
  idleInstanceSeconds: '--idle-timeout',
  pollers: '--pollers',
  log: null,
  quiet: '--quiet',
  verbose: '--verbose',
  logFormat: '--json-logs',
  functionCode: '--function-code',
  watch: '--watch',
};

/** The flag that sets the runtime option `key`, or the key itself when none does. */
const flagOf = (key: string): string => (FLAGS as Readonly<Record<string, string | null | undefined>>)[key] ?? key;

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
    .addOption(new Option('--endpoint <url>', 'use this AWS-compatible endpoint (e.g. LocalStack, http://localhost:4566) instead of the embedded emulators').env('CONVEYOR_ENDPOINT'))
    .option('--stack <name>', 'stack to run when the app has several')
    .option('-c, --context <key=value>', 'CDK context for synth, e.g. -c fifo=true (repeatable)', keyValue, [])
    .option('--no-synth', 'run cdk.out as it is, without synthesizing')
    .option('--force-synth', 'synthesize even when the sources did not change')
    .option('-o, --output <dir>', 'cloud assembly folder (default: cdk.out, or cdk.out.<hash of the context> with -c, one per context set)', dirPath)
    .addOption(new Option('--state-dir <dir>', 'where the queues, tables, API key, local.json and the pid file are kept').argParser(dirPath).default('.conveyor').env('CONVEYOR_STATE_DIR'))
    .option('--in-memory', 'keep queues and tables in memory only: nothing survives a stop')
    .option('--reset', 'delete the kept queues and tables before starting (says what it deleted)')
    .addOption(new Option('--max-instances <n>', 'concurrent instances per function at most').argParser(positiveInteger).default(10))
    .addOption(new Option('--idle-timeout <seconds>', 'stop a function instance idle this long (0: never); the next invocation is a cold start').argParser(nonNegativeInteger).default(300))
    .addOption(new Option('--pollers <n>', 'pollers per SQS event source mapping without a maximum concurrency').argParser(positiveInteger).default(5))
    .option('-q, --quiet', 'print only warnings and errors from the functions')
    .option('-v, --verbose', 'also print REPORT lines and EMF metric documents')
    .option('--json-logs', 'print the functions\' log lines as the JSON they write (the default when stdout is not a terminal)')
    .option('--function-code <name=dir>', 'run this folder instead of the function\'s bundle from cdk.out, e.g. Consumer=./build (repeatable; for reference builds)', namedDir, {})
    .option('--watch', 'on a change to conveyor.config.ts, cdk.json, handlers/ or the engine (functions/, infra/, contract/): synthesize again and reload the code, queues and tables without restarting (messages and items are kept)')
    .addHelpText('after', `
Relative paths (--state-dir, -o, --function-code) are taken from the project root, the nearest
folder with a package.json (where npm runs \`npm start\`).

Examples:
  $ npm start                                   # the same as conveyor start
  $ conveyor start --port 0 --aws-port 0 --in-memory
  $ conveyor start -c fifo=true --port 3100 --aws-port 3101 --state-dir .conveyor-fifo
  $ conveyor start --reset --quiet
  $ npm start -- --watch                        # reload on every change to the config or a handler`)
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
 * The runtime options `start`'s command line asks for, checked before anything starts: each flag by
 * its parser, and all of them by the runtime's own `resolveRuntimeOptions` (ranges, and the options
 * against each other). The project root (see `findProjectRoot`) is the runtime's project folder, as
 * for `npm start`.
 * @throws CliError `USAGE` when a program-wide option that means nothing to `start` was typed, or
 *   the runtime refuses the options (the message names their flags).
 */
export function runtimeOptionsOf(command: Command, cwd: string = process.cwd()): RuntimeOptions {
  const parent = command.parent;
  for (const [name, flag] of Object.entries(NOT_FOR_START)) {
    if (parent?.getOptionValueSource(name) === 'cli') throw usageError(`${flag} does not apply to start: it runs the local runtime from this project`);
  }
  const flags = { ...command.opts<StartFlags>() };
  for (const name of SHARED) {
    if (parent?.getOptionValueSource(name) === 'cli') (flags as Record<string, unknown>)[name] = parent.getOptionValue(name);
  }
  const options: RuntimeOptions = {
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
    ...(flags.watch ? { watch: true } : {}),
  };
  try {
    // Only to check: the runtime resolves the options it is given itself (it is the boundary of the
    // programmatic API too), and resolving is a pure function of them.
    resolveRuntimeOptions(options);
  } catch (error) {
    if (error instanceof RuntimeOptionsError) throw usageError(error.messageNaming(flagOf), { cause: error });
    throw error;
  }
  return options;
}

/** Starts the runtime; a failure to start is printed (synth's output first) and exits 1. */
async function startOrExplain(options: RuntimeOptions): Promise<LocalRuntime> {
  const { startLocalRuntime } = await import('../../local/runtime.js');
  try {
    return await startLocalRuntime(options);
  } catch (error) {
    if (error instanceof SynthError) process.stderr.write(`${error.output.trim()}\n`);
    // The runtime's own errors (a taken port, a second start) say what to do; anything else keeps its stack.
    if (error instanceof LocalRuntimeError) throw commandFailed(error.message, { cause: error });
    throw error;
  }
}

/**
 * Resolves once the runtime has stopped on the first SIGINT / SIGTERM (in-flight invocations get
 * {@link STOP_GRACE_MS}); a second signal exits at once with 130.
 * @throws CliError `COMMAND_FAILED` (exit 1) when stopping fails, after saying so.
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
        reject(commandFailed('', { cause: error }));
      });
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}
