import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardHistory } from './dashboard-history.js';
import type { ReloadReport } from '../reload/reload-report.js';
import type { DashboardSnapshot } from './dashboard-snapshot.js';
import { errorBody, sendJson } from './http.js';

/** A function's log line as the `log` event of `/_conveyor/events` carries it. */
export interface LogEvent {
  /** Epoch ms when the runtime saw the line. */
  readonly at: number;
  /** The function's short name, e.g. `Consumer`. */
  readonly function: string;
  /** The function's CloudWatch log group (what `conveyor tail --queue` picks a queue's consumer by), when known. */
  readonly logGroup?: string;
  /** `level` of a JSON log line (Powertools: `INFO`, `ERROR` …). */
  readonly level?: string;
  /** `message` of a JSON log line. */
  readonly message?: string;
  /** The line as written. */
  readonly line: string;
}

/** Subscribes to the functions' output lines; returns the unsubscribe. */
export type LogSubscription = (listener: (functionName: string, line: string) => void) => () => void;

/**
 * The runtime's reloads (`npm start --watch`): the last one, which each client gets when it connects,
 * and a subscription to the next ones.
 */
export interface ReloadSource {
  /** The last reload, if any. */
  readonly last: () => ReloadReport | undefined;
  /** Calls `listener` with each reload from now on; returns the unsubscribe. */
  readonly subscribe: (listener: (report: ReloadReport) => void) => () => void;
}

/** Options of {@link EventsStream}. */
export interface EventsStreamOptions {
  /** Builds a snapshot (it may fail; that tick is then skipped). */
  readonly snapshot: () => Promise<DashboardSnapshot>;
  /** The recent past of what the snapshots chart, sent first to each client that connects. @default none (no `history` event) */
  readonly history?: () => DashboardHistory;
  /** Where log lines come from. @default none (no `log` events) */
  readonly logs?: LogSubscription;
  /**
   * Each function's log group, by short name, which its `log` events carry, or a function returning
   * them as they are now (a reload may add functions). @default none (they carry none)
   */
  readonly logGroups?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** Where `reload` events come from. @default none (no `reload` events) */
  readonly reloads?: ReloadSource;
  /** Time between snapshots, ms. @default 1000 */
  readonly intervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * `GET /_conveyor/events`: a Server-Sent Events stream that opens with a `history` event (the last
 * minutes of the charted series, so a page opened mid-load draws them at once, and a page that
 * reconnects fills its gap), then a `snapshot` event at once and every `intervalMs` (one snapshot
 * per tick, shared by every client), and a `log` event per function log
 * line (EMF metric documents excluded: they are what the snapshots are made of), and a `reload` event
 * per reload of the stack's code (the last one also at once on connecting). Snapshots are built
 * and log lines listened to only while a client is connected. A client that does not keep up misses
 * log events rather than making the runtime buffer them. {@link close} ends every stream.
 */
export class EventsStream {
  readonly #options: EventsStreamOptions;
  readonly #clients = new Set<ServerResponse>();
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #unsubscribeReloads: (() => void) | undefined;
  #ticking = false;
  #closed = false;

  constructor(options: EventsStreamOptions) {
    this.#options = options;
  }

  /** Clients connected now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Answers a `GET /_conveyor/events` request; the response stays open until the client or {@link close} ends it. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.#closed) {
      sendJson(res, 503, errorBody('STOPPING', 'the runtime is stopping'));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    res.write('retry: 2000\n\n');
    const history = this.#history();
    if (history !== undefined) write(res, 'history', history);
    const reload = this.#options.reloads?.last();
    if (reload !== undefined) write(res, 'reload', reload);
    this.#clients.add(res);
    res.on('close', () => this.#remove(res));
    this.#start();
    void this.#options.snapshot().then((snapshot) => write(res, 'snapshot', snapshot), () => undefined);
  }

  /** Ends every stream and stops the snapshots; later requests get 503. */
  close(): void {
    this.#closed = true;
    for (const res of [...this.#clients]) {
      this.#remove(res);
      res.end();
    }
  }

  #history(): DashboardHistory | undefined {
    try {
      return this.#options.history?.();
    } catch {
      // A stream without its history still carries the live snapshots.
      return undefined;
    }
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#tick(), this.#options.intervalMs ?? 1_000);
    this.#timer.unref();
    this.#unsubscribe = this.#options.logs?.((functionName, line) => this.#log(functionName, line));
    this.#unsubscribeReloads = this.#options.reloads?.subscribe((report) => {
      for (const res of this.#clients) write(res, 'reload', report);
    });
  }

  #remove(res: ServerResponse): void {
    this.#clients.delete(res);
    if (this.#clients.size > 0) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#unsubscribeReloads?.();
    this.#unsubscribeReloads = undefined;
  }

  async #tick(): Promise<void> {
    // A slow snapshot (the queues' endpoint under load) skips ticks rather than piling them up.
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const snapshot = await this.#options.snapshot();
      for (const res of this.#clients) write(res, 'snapshot', snapshot);
    } catch {
      // Nothing to send this tick; the next one tries again.
    } finally {
      this.#ticking = false;
    }
  }

  #log(functionName: string, line: string): void {
    const given = this.#options.logGroups;
    const logGroups = typeof given === 'function' ? given() : given;
    const logGroup = logGroups !== undefined && Object.hasOwn(logGroups, functionName) ? logGroups[functionName] : undefined;
    const event = toLogEvent(functionName, line, (this.#options.now ?? Date.now)(), logGroup);
    if (event === undefined) return;
    for (const res of this.#clients) if (!res.writableNeedDrain) write(res, 'log', event);
  }
}

/** The `log` event for a line of the function `functionName` (writing to `logGroup`); undefined for blank lines and EMF documents. */
export function toLogEvent(functionName: string, line: string, at: number, logGroup?: string): LogEvent | undefined {
  if (line.trim() === '') return undefined;
  let level: string | undefined;
  let message: string | undefined;
  if (line.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const record = parsed as Record<string, unknown>;
        if ('_aws' in record) return undefined;
        if (typeof record.level === 'string') level = record.level;
        if (typeof record.message === 'string') message = record.message;
      }
    } catch {
      // Not JSON after all: a plain line.
    }
  }
  return {
    at,
    function: functionName,
    ...(logGroup !== undefined ? { logGroup } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(message !== undefined ? { message } : {}),
    line,
  };
}

function write(res: ServerResponse, event: string, data: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
