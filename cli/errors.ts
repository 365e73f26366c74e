/** Errors of the `conveyor` command line; `ops/errors.ts` holds those of the operations it runs. */

/** Root of the CLI's own errors. */
export class CliError extends Error {
  /** The process's exit code for this error. */
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The command was used wrongly (options that conflict, a missing input): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.name = 'UsageError';
  }
}

/** The command ran and failed, after printing what it had to say (an API error, a partial batch): exit code 1. */
export class CommandFailedError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
    this.name = 'CommandFailedError';
  }
}
