/** What every command shares: the global options, the target they resolve to, and the queue a command works on. */
import { type Command, Option } from 'commander';
import { isOpsError } from '../ops/errors.js';
import { findProjectRoot } from '../ops/project-root.js';
import type { TargetQueue } from '../ops/stack-resources.js';
import { resolveTarget, type Target, type TargetName } from '../ops/targets.js';
import { usageError } from './errors.js';

/** The program-wide options (see `conveyor --help`). */
export interface GlobalOptions {
  /** @default 'local' */
  readonly target: TargetName;
  /** Outputs file for localstack/aws, relative to the project root. @default 'cdk-outputs.json' */
  readonly outputs: string;
  /** The local runtime's state folder, relative to the project root. @default '.conveyor' */
  readonly stateDir: string;
  readonly stack?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly apiKey?: string;
}

/** The global options as seen from `command` (they may be given before or after the command name). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * Resolves the target the global options name (reads the outputs file, checks the local runtime is
 * up). Relative `--state-dir` and `--outputs` are taken from the project root — the nearest folder
 * with a package.json above the working directory, where `npm start` and `npm run deploy` write
 * them — so the CLI works from any subfolder of the project (`cd functions && npx conveyor …`).
 */
export function targetOf(command: Command, cwd: string = process.cwd()): Promise<Target> {
  const options = globalOptions(command);
  return resolveTarget({
    target: options.target,
    cwd,
    projectDir: findProjectRoot(cwd),
    outputsFile: options.outputs,
    stateDir: options.stateDir,
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
  });
}

/** `--queue <name>`, for the commands that work on one queue (`dlq`, `stats`, `tail`). */
export function queueOption(): Option {
  return new Option('--queue <name>', 'the queue, by its name in conveyor.config.ts (default: the first queue there, the default queue)');
}

/**
 * The queue `name` of `target` (`--queue`), or its default queue when no name is given.
 * @throws CliError `USAGE` (exit 2) naming the known queues when the outputs have no queue `name`.
 */
export function queueOf(target: Target, name: string | undefined): TargetQueue {
  try {
    return target.queue(name);
  } catch (error) {
    if (isOpsError(error, 'UNKNOWN_QUEUE')) throw usageError(`--queue: ${error.message}`, { cause: error });
    throw error;
  }
}

/** An AbortSignal that fires on the first Ctrl-C / SIGTERM; a second one exits at once (130). */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
