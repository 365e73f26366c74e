/**
 * The one error type of the operator tooling (`ops/`): resolving a target, talking to the API, the
 * runtime or AWS, reading input. What went wrong is its {@link OpsErrorCode}; callers (the
 * `conveyor` CLI) branch on `code`, never on the message.
 */

/** Every code an {@link OpsError} can carry, with what it means. */
export const OPS_ERRORS = {
  /** The target cannot be resolved: no region, or the API key's value cannot be read. */
  TARGET: 'the target cannot be resolved',
  /** The local runtime is not running (no `local.json`, or its health endpoint does not answer). */
  NOT_RUNNING: 'the local runtime is not running',
  /**
   * The outputs file is missing, unreadable or not an outputs file, its stack cannot be chosen, or an
   * output in it is malformed; `file` names it, and `output` the malformed output.
   */
  OUTPUTS_FILE: 'the outputs file cannot be used',
  /** A stack output the command needs is not in the outputs file; `output` and `file` name them. */
  MISSING_OUTPUT: 'a stack output is missing',
  /** No queue of that name in the outputs (`--queue`); `queue` is the name asked for, `queues` the names there are. */
  UNKNOWN_QUEUE: 'no queue of that name',
  /** The API or the runtime answered 4xx/5xx; `status`, `apiCode` and `body` say how. */
  API: 'the API answered with an error',
  /** A request to the API, the runtime or AWS could not be made or did not complete (network, timeout, a broken stream). */
  REQUEST_FAILED: 'a request could not be made or did not complete',
  /** A message-move task is already running on the dead-letter queue (AWS allows one per queue); `taskHandle` names it. */
  MOVE_TASK_RUNNING: 'a message-move task is already running',
  /** An input (a JSON lines file, a payload, a count or rate) could not be read, parsed or is out of range. */
  INPUT: 'an input is invalid',
} as const;

/** What went wrong; see {@link OPS_ERRORS}. */
export type OpsErrorCode = keyof typeof OPS_ERRORS;

/** The facts some errors carry besides their message. */
export interface OpsErrorDetails {
  /** `OUTPUTS_FILE`, `MISSING_OUTPUT`: the outputs file, as the user named it. */
  readonly file?: string;
  /** `MISSING_OUTPUT`, `OUTPUTS_FILE` (a malformed output): the output's key, e.g. `DeadLetterQueueUrl`. */
  readonly output?: string;
  /** `UNKNOWN_QUEUE`: the queue name asked for. */
  readonly queue?: string;
  /** `UNKNOWN_QUEUE`: every queue name the outputs know, the default queue first. */
  readonly queues?: readonly string[];
  /** `API`: the HTTP status of the answer. */
  readonly status?: number;
  /** `API`: the `error.code` of the body, or `HTTP_<status>` when the body has none. */
  readonly apiCode?: string;
  /** `API`: the answer's JSON error (or its raw text). */
  readonly body?: unknown;
  /** `MOVE_TASK_RUNNING`: the running task's handle, when SQS said it. */
  readonly taskHandle?: string;
}

/** Every error `ops/` raises. `details` holds what {@link OpsErrorDetails} lists for its code. */
export class OpsError extends Error {
  /** What went wrong, for callers that branch on it. */
  readonly code: OpsErrorCode;
  /** The facts the error carries besides its message (see {@link OpsErrorDetails}). */
  readonly details: OpsErrorDetails;

  constructor(code: OpsErrorCode, message: string, options?: ErrorOptions & { readonly details?: OpsErrorDetails }) {
    super(message, options);
    this.name = 'OpsError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** Whether `error` is an {@link OpsError}, with `code` when one is given. */
export function isOpsError(error: unknown, code?: OpsErrorCode): error is OpsError {
  return error instanceof OpsError && (code === undefined || error.code === code);
}

/** `OUTPUTS_FILE`: `file` (as the user named it) cannot be used. */
export function outputsFileError(file: string, message: string, options?: ErrorOptions): OpsError {
  return new OpsError('OUTPUTS_FILE', message, { ...options, details: { file } });
}

/** `OUTPUTS_FILE`: `<file>: output <output> is malformed: <reason>`. */
export function malformedOutputError(output: string, file: string, reason: string): OpsError {
  return new OpsError('OUTPUTS_FILE', `${file}: output ${output} is malformed: ${reason}`, { details: { file, output } });
}

/** `MISSING_OUTPUT`: `<file> has no output <output>[; <hint>]`. */
export function missingOutputError(output: string, file: string, hint?: string): OpsError {
  return new OpsError('MISSING_OUTPUT', `${file} has no output ${output}${hint === undefined ? '' : `; ${hint}`}`, { details: { file, output } });
}

/** `API`: the answer was `status`, with the body's `apiCode` and message: `<status> <apiCode>: <message>`. */
export function apiError(status: number, apiCode: string, message: string, body: unknown): OpsError {
  return new OpsError('API', `${status} ${apiCode}: ${message}`, { details: { status, apiCode, body } });
}
