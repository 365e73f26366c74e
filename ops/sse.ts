/**
 * A minimal server-sent-events reader over `fetch`, for the runtime's `/_conveyor/events`: named
 * events and their data, no reconnection (the caller decides what a dropped stream means).
 */
import { OpsError } from './errors.js';

/** One event of the stream. */
export interface ServerSentEvent {
  /** The `event:` field, `message` when absent. */
  readonly event: string;
  /** The `data:` lines, joined with newlines. */
  readonly data: string;
}

/**
 * Splits SSE text into events. Feed it chunks as they arrive; it keeps an unfinished event until
 * the blank line that ends it. Comments (`:`), `id:` and `retry:` are ignored.
 */
export class EventStreamParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  /** Adds a chunk of text; returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.#buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + (this.#buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (this.#data.length > 0) events.push({ event: this.#event || 'message', data: this.#data.join('\n') });
        this.#event = '';
        this.#data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.#event = value;
      else if (field === 'data') this.#data.push(value);
    }
    return events;
  }
}

/**
 * Reads `url` as an event stream and calls `onEvent` for each event until the stream ends, the
 * signal aborts (resolves), or `onEvent` returns `false` (resolves: the caller has what it wanted).
 * @throws OpsError `REQUEST_FAILED` when the server cannot be reached or does not answer an event stream.
 */
export async function readEventStream(
  url: string,
  onEvent: (event: ServerSentEvent) => boolean | void,
  options: { readonly signal?: AbortSignal; /** Called once the stream is open. */ readonly onOpen?: () => void } = {},
): Promise<'ended' | 'stopped'> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'text/event-stream' }, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (options.signal?.aborted) return 'stopped';
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new OpsError('REQUEST_FAILED', `cannot reach ${url}: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  if (!response.ok || response.body === null || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await response.text().catch(() => '');
    throw new OpsError('REQUEST_FAILED', `${url} answered ${response.status} ${response.headers.get('content-type') ?? ''}, not an event stream${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
  options.onOpen?.();
  const parser = new EventStreamParser();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'ended';
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        if (onEvent(event) === false) return 'stopped';
      }
    }
  } catch (error) {
    if (options.signal?.aborted) return 'stopped';
    throw new OpsError('REQUEST_FAILED', `the event stream ${url} broke: ${(error as Error).message}`, { cause: error });
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
