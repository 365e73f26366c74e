/**
 * Turns the consumer's log lines into what `conveyor tail` shows: one event per message processed
 * or skipped (from the consumer's one `batch done` line per batch), one per failure (its `warn`
 * lines carry the reason), and errors. Works on the local runtime's lines and CloudWatch's alike.
 */

/** What happened, as `tail` shows it. */
export type TailKind = 'processed' | 'duplicate' | 'dead-lettered' | 'retry' | 'error' | 'log';

/** One line of `tail` output. */
export interface TailEvent {
  /** Epoch ms. */
  readonly at: number;
  /** The function's short name (`Consumer`). */
  readonly function: string;
  readonly kind: TailKind;
  readonly messageId?: string;
  readonly idempotencyKey?: string;
  /** The dead-letter code, or the retried error's name. */
  readonly code?: string;
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
 * The `tail` events of one log line. By default only the consumer's processed, duplicate,
 * dead-lettered and retried messages and its errors; with `all`, every line of every function
 * as a `log` event (EMF metric documents included).
 */
export function tailEvents(input: LogLine, options: { readonly all?: boolean } = {}): TailEvent[] {
  const base = { at: input.at, function: input.function, line: input.line };
  const json = parseJsonLogLine(input.line);
  const level = text(json?.level)?.toUpperCase();
  if (options.all) return [{ ...base, kind: 'log', ...(level ? { level } : {}) }];
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
        ...(text(json.reason) ? { code: text(json.reason) } : {}), ...(text(json.detail) ? { reason: text(json.detail) } : {}),
      }];
    default:
      if (level !== undefined && ERROR_LEVELS.has(level)) {
        return [{ ...base, kind: 'error', level, ...ids(json), ...(text(json.message) ? { reason: text(json.message) } : {}) }];
      }
      return [];
  }
}

/** One line of text for a tail event: time, what, message id, key, and the reason of a failure. */
export function formatTailEvent(event: TailEvent): string {
  const time = new Date(event.at).toISOString().slice(11, 23);
  if (event.kind === 'log') return `${time} [${event.function}] ${event.line}`;
  const parts = [time, event.kind.padEnd(13)];
  if (event.messageId) parts.push(event.messageId);
  if (event.idempotencyKey) parts.push(`key=${event.idempotencyKey}`);
  if (event.code) parts.push(event.code);
  if (event.reason) parts.push(`— ${event.reason}`);
  return parts.join('  ');
}
