/** The `conveyor` command line's one error type; `ops/errors.ts` holds those of the operations it runs. */

/** Every code a {@link CliError} can carry, with the process's exit code for it. */
export const CLI_ERRORS = {
  /** The command was used wrongly (options that conflict, a missing input): nothing was done. */
  USAGE: 2,
  /** The command ran and failed, after printing what it had to say (an API error, a partial batch). */
  COMMAND_FAILED: 1,
} as const;

/** What went wrong; see {@link CLI_ERRORS}. */
export type CliErrorCode = keyof typeof CLI_ERRORS;

/** An error of the command line itself; an empty message prints nothing (the command already said it). */
export class CliError extends Error {
  /** What went wrong, for callers that branch on it. */
  readonly code: CliErrorCode;
  /** The process's exit code for this error, from {@link CLI_ERRORS}. */
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = CLI_ERRORS[code];
  }
}

/** A `USAGE` error (exit 2). */
export const usageError = (message: string, options?: ErrorOptions): CliError => new CliError('USAGE', message, options);

/** A `COMMAND_FAILED` error (exit 1). */
export const commandFailed = (message: string, options?: ErrorOptions): CliError => new CliError('COMMAND_FAILED', message, options);
