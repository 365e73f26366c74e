/**
 * The readable one-line form of a function's log line, for a terminal:
 * `12:03:04.123 Consumer INFO  batch done  req=6b026b2e records=10 processed=10 duplicates=0 …`.
 */

/** Options of {@link prettyLogLine}. */
export interface PrettyLogLineOptions {
  /** The time shown for a line without a `timestamp`. @default new Date() */
  readonly now?: Date;
  /** At most this many `key=value` fields after the message; the rest are counted (`+3 more`). @default 8 */
  readonly maxFields?: number;
  /** Longest value shown, characters; longer ones end with `…`. @default 80 */
  readonly maxValueChars?: number;
}

/** Width of the function column: the stack's functions are `Consumer` and `Producer`. */
const FUNCTION_WIDTH = 8;
/** Width of the level column (`ERROR`). */
const LEVEL_WIDTH = 5;
/** Characters of a request id shown (`req=6b026b2e`): enough to find it in the JSON lines. */
const SHORT_REQUEST_ID = 8;

/** Fields that say nothing per line (Powertools' context, the level and time already shown), or are shown otherwise. */
const HIDDEN = new Set([
  'level', 'message', 'timestamp', 'time', 'service', 'cold_start', 'function_arn', 'function_memory_size', 'function_name',
  'function_request_id', 'requestId', 'sampling_rate', 'xray_trace_id', 'stack', 'stackTrace', '_aws',
]);
/** Never printed, whatever a function logs: message contents stay out of the console. */
const PAYLOAD_KEYS = new Set(['payload', 'body', 'event', 'Records']);
/** Arrays of ids printed in full (which messages a crash hit), not as a count. */
const ID_LISTS = new Set(['messageIds', 'idempotencyKeys']);

/**
 * Formats one line a function wrote: time (UTC, from the line's `timestamp` when it has one),
 * function, level and message, then up to `maxFields` `key=value` fields, the request id shortened
 * to `req=<8 chars>`. Powertools' per-function context fields are left out, arrays are shown by
 * their length (`messages=[10]`), errors as `Name: message`, and payload-like fields (`payload`,
 * `body`, `event`, `Records`) never. A line that is not a JSON object is shown as it is after the
 * time and function; an EMF document gets the level `EMF`. Pure: the same input gives the same output.
 */
export function prettyLogLine(functionName: string, line: string, options: PrettyLogLineOptions = {}): string {
  const json = parseObject(line);
  const fn = functionName.padEnd(FUNCTION_WIDTH);
  if (json === undefined) return `${clock(options.now ?? new Date())} ${fn} ${''.padEnd(LEVEL_WIDTH)} ${line.trim()}`;
  const time = clock(dateOf(json.timestamp) ?? dateOf(json.time) ?? options.now ?? new Date());
  const level = typeof json.level === 'string' ? json.level.toUpperCase() : '_aws' in json ? 'EMF' : '';
  const message = typeof json.message === 'string' ? json.message : json.message === undefined ? '' : shorten(JSON.stringify(json.message), options.maxValueChars ?? 80);
  const fields = fieldsOf(json, functionName, options);
  return [`${time} ${fn} ${level.padEnd(LEVEL_WIDTH)} ${message}`.trimEnd(), fields].filter(Boolean).join('  ');
}

function fieldsOf(json: Record<string, unknown>, functionName: string, options: PrettyLogLineOptions): string {
  const maxChars = options.maxValueChars ?? 80;
  const requestId = [json.function_request_id, json.requestId].find((id): id is string => typeof id === 'string' && id !== '');
  const pairs = requestId === undefined ? [] : [`req=${requestId.slice(0, SHORT_REQUEST_ID)}`];
  for (const [key, value] of Object.entries(json)) {
    if (HIDDEN.has(key) || PAYLOAD_KEYS.has(key) || value === undefined) continue;
    if (key === 'function' && value === functionName) continue;
    pairs.push(`${key}=${valueText(key, value, maxChars)}`);
  }
  const max = options.maxFields ?? 8;
  const shown = pairs.slice(0, max);
  if (pairs.length > max) shown.push(`+${pairs.length - max} more`);
  return shown.join(' ');
}

function valueText(key: string, value: unknown, maxChars: number): string {
  if (Array.isArray(value)) {
    return ID_LISTS.has(key) && value.every((item) => typeof item === 'string') ? value.join(',') : `[${value.length}]`;
  }
  if (typeof value === 'string') return quoted(shorten(value, maxChars));
  if (value !== null && typeof value === 'object') {
    const error = value as { name?: unknown; message?: unknown };
    if (typeof error.message === 'string') return quoted(shorten(`${typeof error.name === 'string' ? `${error.name}: ` : ''}${error.message}`, maxChars));
    return '{…}';
  }
  return String(value);
}

/** A value with spaces, quotes or `=` in double quotes, so the fields stay apart. */
const quoted = (value: string): string => (/[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value);

const shorten = (value: string, max: number): string => {
  const flat = value.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** `HH:MM:SS.mmm` in UTC, as `conveyor tail` shows times. */
const clock = (date: Date): string => date.toISOString().slice(11, 23);

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
