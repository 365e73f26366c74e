/**
 * Turns the consumer's log lines into what `conveyor tail` shows: one event per message processed
 * or skipped (from the consumer's one `batch done` line per batch), one per failure (its `warn`
 * lines carry the reason), and errors. Works on the local runtime's lines and CloudWatch's alike;
 * invocations that crashed or timed out come from the local runtime's WARN line or, deployed, from
 * Lambda's own platform lines (`Task timed out after …`, `REPORT … Status: timeout`, `Runtime.ExitError`,
 * `Invoke Error {"errorType":…}`).
 */

/** What happened, as `tail` shows it. */
export type TailKind = 'processed' | 'duplicate' | 'dead-lettered' | 'retry' | 'error' | 'crashed' | 'timed-out' | 'log';

/**
 * `message` of the WARN line the local runtime writes, once per invocation, when an invocation does
 * not run to a result, by why: the instance died (`crash`), it ran past the function's timeout
 * (`timeout`), the handler module could not be loaded (`init`), or the runtime stopped with it in
 * flight (`shutdown`). The line also carries `function`, `requestId`, `messageIds` (SQS batches),
 * `errorType`, `reason` and, for a timeout, `timeoutSeconds`.
 */
export const INVOCATION_FAILURE_MESSAGES = {
  crash: 'invocation crashed',
  timeout: 'invocation timed out',
  init: 'function init failed',
  shutdown: 'invocation abandoned at stop',
} as const;

/** Why an invocation did not run to a result, as the local runtime's WARN line says. */
export type InvocationFailureKind = keyof typeof INVOCATION_FAILURE_MESSAGES;

/** One line of `tail` output. */
export interface TailEvent {
  /** Epoch ms. */
  readonly at: number;
  /** The function's short name (`Consumer`). */
  readonly function: string;
  readonly kind: TailKind;
  readonly messageId?: string;
  readonly idempotencyKey?: string;
  /** The dead-letter code, the retried error's name, or a failed invocation's `errorType`. */
  readonly code?: string;
  /** The invocation's request id (crashed, timed out, errors). */
  readonly requestId?: string;
  /** The SQS message ids of a crashed or timed-out invocation's batch (local runtime only). */
  readonly messageIds?: readonly string[];
  readonly reason?: string;
  /** The log level of the line, when it is a JSON log line. */
  readonly level?: string;
  /** The raw line (for `log` events and `--json`). */
  readonly line: string;
}

/** A log line as it arrives: when, from which function, the text. */
export interface LogLine {
  readonly at: number;
  readonly function: string;
  readonly line: string;
}

/**
 * The JSON object in a log line: the whole line, or from its first `{` (Lambda's text prefix
 * `<time>\t<request id>\tINFO\t` may precede it); undefined when there is none.
 */
export function parseJsonLogLine(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(start));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `name` is the consumer function (its short name, logical id or physical name). */
export const isConsumer = (name: string): boolean => /consumer/i.test(name);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL', 'FATAL']);

/**
 * The `tail` events of one log line. By default the consumer's processed, duplicate,
 * dead-lettered and retried messages and its errors, and any function's crashed or timed-out
 * invocations and uncaught errors (the local runtime's WARN line, Lambda's platform lines); with
 * `all`, every line of every function as a `log` event (EMF metric documents included).
 */
export function tailEvents(input: LogLine, options: { readonly all?: boolean } = {}): TailEvent[] {
  const base = { at: input.at, function: input.function, line: input.line };
  const json = parseJsonLogLine(input.line);
  const level = text(json?.level)?.toUpperCase();
  if (options.all) return [{ ...base, kind: 'log', ...(level ? { level } : {}) }];
  // Crashes and timeouts of any function: they are rare, and invisible otherwise.
  const failed = json === undefined ? platformTextEvent(input.line) : invocationFailureEvent(json, input.line);
  if (failed !== undefined) return [{ ...base, ...failed }];
  if (!isConsumer(input.function) || json === undefined || '_aws' in json) return [];
  const ids = (source: Record<string, unknown>) => ({
    ...(text(source.messageId) ? { messageId: text(source.messageId) } : {}),
    ...(text(source.idempotencyKey) ? { idempotencyKey: text(source.idempotencyKey) } : {}),
  });
  switch (json.message) {
    case 'batch done': {
      const messages = Array.isArray(json.messages) ? json.messages as Record<string, unknown>[] : [];
      // Failures are shown from their own warn lines, which carry the reason.
      return messages
        .filter((entry) => entry?.outcome === 'processed' || entry?.outcome === 'duplicate')
        .map((entry) => ({ ...base, kind: entry.outcome as 'processed' | 'duplicate', level: level ?? 'INFO', ...ids(entry) }));
    }
    case 'message sent to the dead-letter queue':
      return [{
        ...base, kind: 'dead-lettered', level: level ?? 'WARN', ...ids(json),
        ...(text(json.code) ? { code: text(json.code) } : {}), ...(text(json.reason) ? { reason: text(json.reason) } : {}),
      }];
    case 'message will be retried':
      return [{
        ...base, kind: 'retry', level: level ?? 'WARN', ...ids(json),
        ...(text(json.reason) ? { code: text(json.reason) } : {}), ...(retryReason(json) ? { reason: retryReason(json) } : {}),
      }];
    default:
      if (level !== undefined && ERROR_LEVELS.has(level)) {
        return [{ ...base, kind: 'error', level, ...ids(json), ...(text(json.message) ? { reason: text(json.message) } : {}) }];
      }
      return [];
  }
}

/** A retry line's reason: the error, then when and as which attempt it comes back (`again in 4 s as attempt 3`). */
function retryReason(json: Record<string, unknown>): string | undefined {
  const detail = text(json.detail);
  const seconds = typeof json.inSeconds === 'number' ? json.inSeconds : undefined;
  if (seconds === undefined) return detail;
  const when = `again in ${seconds} s${typeof json.attempt === 'number' ? ` as attempt ${json.attempt}` : ''}`;
  return detail ? `${detail}; ${when}` : when;
}

type FailureFields = Pick<TailEvent, 'kind' | 'level' | 'code' | 'reason' | 'requestId' | 'messageIds'>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const FAILURE_KINDS = new Map<string, TailKind>(Object.entries(INVOCATION_FAILURE_MESSAGES).map(([kind, message]) => [message, kind === 'timeout' ? 'timed-out' : 'crashed']));

/**
 * A JSON line saying an invocation failed: the local runtime's WARN line; Lambda's uncaught-error
 * line in JSON log format (`{"level":"ERROR","requestId":…,"message":"Invoke Error","errorType":…}`,
 * or the error as `message`); or Lambda's JSON `platform.report` with a failed status.
 */
function invocationFailureEvent(json: Record<string, unknown>, line: string): FailureFields | undefined {
  const local = FAILURE_KINDS.get(String(json.message));
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
  if (local !== undefined && text(json.requestId) !== undefined) {
    const messageIds = strings(json.messageIds);
    return {
      kind: local, level: text(json.level)?.toUpperCase() ?? 'WARN', requestId: text(json.requestId),
      ...(messageIds.length > 0 ? { messageIds } : {}), ...(text(json.errorType) ? { code: text(json.errorType) } : {}), ...(text(json.reason) ? { reason: text(json.reason) } : {}),
    };
  }
  if (json.type === 'platform.report' && typeof json.record === 'object' && json.record !== null) {
    const record = json.record as Record<string, unknown>;
    const status = text(record.status);
    if (status === undefined || status === 'success') return undefined;
    return reportFields(status, text(record.errorType), text(record.requestId));
  }
  // Lambda's runtime writes an uncaught error as JSON with `errorType`; Powertools' lines carry `error` instead.
  const error = typeof json.message === 'object' && json.message !== null && 'errorType' in json.message ? json.message as Record<string, unknown> : json;
  const errorType = text(error.errorType);
  if (errorType === undefined) return undefined;
  const requestId = text(json.requestId) ?? UUID.exec(line.slice(0, line.indexOf('{')))?.[0];
  return {
    kind: 'error', level: 'ERROR', code: errorType,
    ...(requestId ? { requestId } : {}), ...(text(error.errorMessage) ? { reason: firstLine(text(error.errorMessage) as string) } : {}),
  };
}

/** Lambda's text platform lines for a timeout, a crash, or a failed invocation's `REPORT`; undefined for any other line. */
function platformTextEvent(line: string): FailureFields | undefined {
  const requestId = UUID.exec(line)?.[0];
  const ids = requestId ? { requestId } : {};
  const timedOut = /Task timed out after ([\d.]+) seconds/.exec(line);
  if (timedOut) return { kind: 'timed-out', level: 'ERROR', code: 'Sandbox.Timedout', reason: timedOut[0], ...ids };
  // `RequestId: <id> Error: Runtime exited with error: signal: killed` and, on the next line, `Runtime.ExitError`.
  const exited = /^RequestId: \S+\s+Error: (.*)(?:\n\s*(Runtime\.\w+))?/.exec(line);
  if (exited) return { kind: 'crashed', level: 'ERROR', code: exited[2] ?? 'Runtime.ExitError', reason: exited[1]!.trim(), ...ids };
  if (line.startsWith('REPORT ')) {
    const status = /\bStatus: (\w+)/.exec(line)?.[1];
    if (status === undefined || status === 'success') return undefined;
    return reportFields(status, /\bError Type: (\S+)/.exec(line)?.[1], requestId, /\bDuration: ([\d.]+ ms)/.exec(line)?.[1]);
  }
  return undefined;
}

/** A failed `REPORT`: a timeout, a crash (the runtime died: `Runtime.ExitError`, `Runtime.OutOfMemory`, status `failure`), else an error. */
function reportFields(status: string, errorType: string | undefined, requestId: string | undefined, duration?: string): FailureFields {
  const crashed = status === 'failure' || errorType?.startsWith('Runtime.') === true;
  return {
    kind: status === 'timeout' ? 'timed-out' : crashed ? 'crashed' : 'error', level: 'ERROR',
    ...(errorType ? { code: errorType } : {}), ...(requestId ? { requestId } : {}),
    reason: `REPORT Status: ${status}${duration ? `, Duration: ${duration}` : ''}`,
  };
}

const firstLine = (value: string) => value.split('\n', 1)[0] ?? value;

/** One line of text for a tail event: time, what, message id, key, and the reason of a failure. */
export function formatTailEvent(event: TailEvent): string {
  const time = new Date(event.at).toISOString().slice(11, 23);
  if (event.kind === 'log') return `${time} [${event.function}] ${event.line}`;
  const parts = [time, event.kind.padEnd(13)];
  if (event.kind === 'crashed' || event.kind === 'timed-out' || (event.kind === 'error' && event.requestId)) {
    parts.push(event.function);
    if (event.requestId) parts.push(`req=${event.requestId}`);
    if (event.messageIds?.length) parts.push(`messages=${event.messageIds.join(',')}`);
  }
  if (event.messageId) parts.push(event.messageId);
  if (event.idempotencyKey) parts.push(`key=${event.idempotencyKey}`);
  if (event.code) parts.push(event.code);
  if (event.reason) parts.push(`— ${event.reason}`);
  return parts.join('  ');
}
