/** What every command shares: the global options, and the target they resolve to. */
import type { Command } from 'commander';
import { resolveTarget, type Target, type TargetName } from '../ops/targets.js';

/** The program-wide options (see `conveyor --help`). */
export interface GlobalOptions {
  /** @default 'local' */
  readonly target: TargetName;
  /** Outputs file for localstack/aws. @default 'cdk-outputs.json' */
  readonly outputs: string;
  /** The local runtime's state folder. @default '.conveyor' */
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

/** Resolves the target the global options name (reads the outputs file, checks the local runtime is up). */
export function targetOf(command: Command): Promise<Target> {
  const options = globalOptions(command);
  return resolveTarget({
    target: options.target,
    outputsFile: options.outputs,
    stateDir: options.stateDir,
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
  });
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
