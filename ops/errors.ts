/**
 * Errors of the operator tooling (`ops/`): resolving a target, talking to the API, the runtime or
 * AWS. Callers (the `conveyor` CLI) tell them apart with `instanceof`, never by message.
 */

/** Root of every `ops/` error. */
export class OpsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpsError';
  }
}

/** The target's settings could not be resolved (file missing, output missing, bad option). */
export class TargetError extends OpsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TargetError';
  }
}

/** The local runtime is not running (no `local.json`, or its health endpoint does not answer). */
export class NotRunningError extends TargetError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotRunningError';
  }
}

/** The outputs file is missing, unreadable or not an outputs file. */
export class OutputsFileError extends TargetError {
  /** The file that was read. */
  readonly file: string;
  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutputsFileError';
    this.file = file;
  }
}

/** A stack output the command needs is not in the outputs file. */
export class MissingOutputError extends TargetError {
  /** The output's key, e.g. `DeadLetterQueueUrl`. */
  readonly output: string;
  constructor(output: string, file: string, hint?: string) {
    super(`${file} has no output ${output}${hint === undefined ? '' : `; ${hint}`}`);
    this.name = 'MissingOutputError';
    this.output = output;
  }
}

/** The API answered with a 4xx/5xx; `body` is its JSON error (or the raw text). */
export class ApiError extends OpsError {
  readonly status: number;
  /** The `error.code` of the body, or `HTTP_<status>` when the body has none. */
  readonly code: string;
  readonly body: unknown;
  constructor(status: number, code: string, message: string, body: unknown) {
    super(`${status} ${code}: ${message}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** A request to the API, the runtime or AWS could not be made or did not complete (network, timeout). */
export class RequestFailedError extends OpsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RequestFailedError';
  }
}

/** A message-move task is already running on the dead-letter queue (AWS allows one per queue). */
export class MoveTaskRunningError extends OpsError {
  readonly taskHandle: string | undefined;
  constructor(message: string, taskHandle: string | undefined) {
    super(message);
    this.name = 'MoveTaskRunningError';
    this.taskHandle = taskHandle;
  }
}

/** An input file (JSON lines, payload) could not be read or parsed. */
export class InputError extends OpsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}
