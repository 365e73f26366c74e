import { get, type IncomingHttpHeaders, type ClientRequest } from 'node:http';

/** One Server-Sent Event. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** An open event stream, read over a raw HTTP request. */
export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Every event received so far. */
  readonly received: readonly SseEvent[];
  /** The next event (from now on, or already received and not yet taken) named `event` whose JSON data passes `accept`. */
  next<T = unknown>(event: string, accept?: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `url` as an event stream. */
export function openSse(url: string): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const received: SseEvent[] = [];
    let taken = 0;
    const listeners = new Set<() => void>();
    const request: ClientRequest = get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      let buffer = '';
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((done) => { endedResolve = done; });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) received.push({ event, data: data.join('\n') });
        }
        for (const listener of listeners) listener();
      });
      response.on('end', endedResolve);
      response.on('close', endedResolve);
      response.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        received,
        ended,
        next<T>(event: string, accept: (data: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
          return new Promise<T>((found, fail) => {
            const check = () => {
              for (let i = taken; i < received.length; i += 1) {
                const candidate = received[i] as SseEvent;
                if (candidate.event !== event) continue;
                const data = JSON.parse(candidate.data) as T;
                if (!accept(data)) continue;
                taken = i + 1;
                listeners.delete(check);
                clearTimeout(timer);
                found(data);
                return;
              }
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`no ${event} event within ${timeoutMs} ms (got ${received.map((e) => e.event).join(', ')})`));
            }, timeoutMs);
            listeners.add(check);
            check();
          });
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
