#!/usr/bin/env node
/** `npm start`: runs Conveyor locally from `cdk.out` until Ctrl-C / SIGTERM. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { LocalRuntimeError } from './errors.js';
import { startLocalRuntime } from './runtime.js';
import { banner, stoppedLine } from './banner.js';
import { SynthError } from './synth/errors.js';

const port = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new InvalidArgumentError('a port from 0 to 65535');
  return parsed;
};
const positive = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive integer');
  return parsed;
};
const collect = (value: string, previous: string[]) => [...previous, value];
const codePair = (value: string, previous: Record<string, string>) => {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`expected <name>=<dir>, e.g. Consumer=./build, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

const program = new Command('conveyor-local')
  .description('Run the synthesized Conveyor stack on this machine: REST API, Lambda functions, SQS and DynamoDB emulators.')
  .addOption(new Option('-p, --port <port>', 'port of the REST API and the /_conveyor endpoints (0: any free port)').argParser(port).default(3000).env('CONVEYOR_PORT'))
  .addOption(new Option('--aws-port <port>', 'port of the local AWS endpoint for SQS and DynamoDB (0: any free port)').argParser(port).default(3001).env('CONVEYOR_AWS_PORT'))
  .addOption(new Option('--endpoint <url>', 'use this AWS-compatible endpoint (e.g. LocalStack, http://localhost:4566) instead of the embedded emulators').env('CONVEYOR_ENDPOINT'))
  .option('--stack <name>', 'stack to run when the app has several')
  .option('-c, --context <key=value>', 'CDK context for synth, e.g. -c fifo=true (repeatable)', collect, [])
  .option('--no-synth', 'run cdk.out as it is, without synthesizing')
  .option('--force-synth', 'synthesize even when the sources did not change')
  .option('-o, --output <dir>', 'cloud assembly folder (default: cdk.out, or cdk.out.<hash of the context> with -c, one per context set)')
  .addOption(new Option('--state-dir <dir>', 'where the queues, tables, API key, local.json and the pid file are kept').default('.conveyor').env('CONVEYOR_STATE_DIR'))
  .option('--in-memory', 'keep queues and tables in memory only: nothing survives a stop')
  .option('--reset', 'delete the kept queues and tables before starting (says what it deleted)')
  .addOption(new Option('--max-instances <n>', 'concurrent instances per function at most').argParser(positive).default(10))
  .addOption(new Option('--idle-timeout <seconds>', 'stop a function instance idle this long (0: never); the next invocation is a cold start').argParser((value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a number of seconds ≥ 0');
    return parsed;
  }).default(300))
  .addOption(new Option('--pollers <n>', 'pollers per SQS event source mapping without a maximum concurrency').argParser(positive).default(5))
  .option('-q, --quiet', 'print only warnings and errors from the functions')
  .option('-v, --verbose', 'also print REPORT lines and EMF metric documents')
  .option('--json-logs', 'print the functions\' log lines as the JSON they write (the default when stdout is not a terminal)')
  .option('--function-code <name=dir>', 'run this folder instead of the function\'s bundle from cdk.out, e.g. Consumer=./build (repeatable; for reference builds)', codePair, {})
  .showHelpAfterError();

program.parse();
const flags = program.opts<{
  port: number; awsPort: number; endpoint?: string; stack?: string; context: string[]; synth: boolean; forceSynth?: boolean;
  output?: string; stateDir: string; inMemory?: boolean; reset?: boolean; maxInstances: number; idleTimeout: number; pollers: number; quiet?: boolean; verbose?: boolean;
  jsonLogs?: boolean;
  functionCode: Record<string, string>;
}>();

try {
  const runtime = await startLocalRuntime({
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
  });
  const queues = await runtime.queueFigures().catch(() => []);
  process.stdout.write(banner(runtime, { endpoint: flags.endpoint, readyMs: performance.now(), queues }));
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      process.stdout.write('stopping now\n');
      process.exit(130);
    }
    process.stdout.write(`\n${signal}: stopping (in-flight invocations get 2 s; press Ctrl-C again to stop at once) …\n`);
    runtime.stop({ graceMs: 2_000 }).then((left) => {
      process.stdout.write(`Conveyor stopped. ${stoppedLine(runtime, left)}\n`);
      process.exit(0);
    }, (error: unknown) => {
      process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof SynthError) process.stderr.write(`${error.output.trim()}\n`);
  const known = error instanceof LocalRuntimeError;
  process.stderr.write(`error: ${known ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
