import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { RequestCounters } from '../aws-proxy/request-counters.js';
import { handleFaultsRequest } from '../faults/faults-endpoint.js';
import type { FaultStore } from '../faults/fault-store.js';
import type { FunctionHostStats } from '../lambda/options.js';
import type { MetricsAggregator } from '../metrics/metrics-aggregator.js';
import { createDashboardRoutes, type DashboardFiles } from './dashboard-routes.js';
import { metricHistory } from './dashboard-history.js';
import { type DashboardSnapshot, functionFigures, messageBalance, metricFigures } from './dashboard-snapshot.js';
import { createDlqRoutes, type DeadLetterQueuesByName } from './dlq-routes.js';
import { EventsStream, type LogSubscription, type ReloadSource } from './events-stream.js';
import { errorBody, methodNotAllowed, sendJson } from './http.js';
import type { QueueInspector } from './fauxqs-inspection.js';
import { createQueueStats, type DashboardQueue, type InspectingProbe, type OldestMessageProbe } from './queue-stats.js';

/** What the dashboard, its event stream and the DLQ endpoints read. */
export interface DashboardSources {
  /** A client on the local AWS endpoint (queue depths, DLQ operations). */
  readonly sqs: SQSClient;
  /** The stack's queues, in display order; a function returns them as they are now (a reload may add queues). */
  readonly queues: readonly DashboardQueue[] | (() => readonly DashboardQueue[]);
  /**
   * The DLQs the `/_conveyor/dlq` endpoints work on, by queue name, the default first (or a function
   * returning them as they are now). @default none (they answer 404)
   */
  readonly deadLetters?: DeadLetterQueuesByName | (() => DeadLetterQueuesByName);
  /** Each function's host stats, by short name. */
  readonly functions: () => Readonly<Record<string, FunctionHostStats | undefined>>;
  /** The functions' output lines, for `log` events. @default none */
  readonly logs?: LogSubscription;
  /** Each function's log group, by short name, named in its `log` events (or a function returning them as they are now). @default none */
  readonly logGroups?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** The stack's reloads, for `reload` events. @default none */
  readonly reloads?: ReloadSource;
  /** How to read a queue's oldest message without receiving it. @default none (`oldestAgeSeconds` is null) */
  readonly oldestMessage?: OldestMessageProbe;
  /**
   * How to read a queue's messages without receiving them, for the DLQ list and peek.
   * @default the `inspect` of `oldestMessage` when it is a `fauxqsOldestMessage` probe; else
   *   none (list and peek use ReceiveMessage: each look counts as a receive)
   */
  readonly inspect?: QueueInspector;
  /** Time between snapshots, ms. @default 1000 */
  readonly snapshotIntervalMs?: number;
  /** Where the page's files are. @default `local/dashboard/assets/` and the `uplot` package */
  readonly files?: DashboardFiles;
}

/** What the admin endpoints read and change. */
export interface AdminRoutesOptions {
  readonly faults: FaultStore;
  readonly metrics: MetricsAggregator;
  readonly requests: RequestCounters;
  /** Live state for `/_conveyor/health`. */
  readonly health: () => unknown;
  /** The dashboard, `/_conveyor/events` and `/_conveyor/dlq`. @default none (the page is served; the rest answers 404) */
  readonly dashboard?: DashboardSources;
}

/** The admin request handler (true when it answered), and `close()`, which ends event streams and aborts redrives. */
export interface AdminRoutes {
  (req: IncomingMessage, res: ServerResponse, body: Buffer): boolean;
  close(): void;
}

/** Prefix of the runtime's own endpoints; API stages never start with `_`. */
export const ADMIN_PREFIX = '/_conveyor';

const ENDPOINTS = `${ADMIN_PREFIX}/ (dashboard), /events, /health, /metrics, /requests, /faults or /dlq`;

/**
 * The runtime's own endpoints, next to the API on the same port:
 * - `GET /_conveyor/` — the dashboard page; `GET /_conveyor/assets/<file>` — its files and uPlot;
 * - `GET /_conveyor/events` — Server-Sent Events: a `history` of the last 5 minutes first, then a `snapshot` every second, a `log` per function log line, a `reload` per reload of the stack;
 * - `GET /_conveyor/dlq?queue=&max=50`, `GET /_conveyor/dlq/<messageId>?queue=`, `POST /_conveyor/dlq/redrive` — a queue's dead-letter queue;
 * - `GET|POST|PATCH|DELETE /_conveyor/faults` — fault rules (modelled on LocalStack's chaos API);
 * - `GET /_conveyor/faults/stats` — how often each rule matched and fired;
 * - `GET /_conveyor/metrics?window=60` — the CloudWatch metrics the functions emitted (EMF), aggregated;
 * - `GET|DELETE /_conveyor/requests` — AWS requests counted per service, operation and caller (DELETE resets);
 * - `GET /_conveyor/health` — functions, event source mappings and endpoints.
 */
export function createAdminRoutes(options: AdminRoutesOptions): AdminRoutes {
  const dashboard = options.dashboard;
  const page = createDashboardRoutes(dashboard?.files);
  const inspect = dashboard?.inspect ?? (dashboard?.oldestMessage as Partial<InspectingProbe> | undefined)?.inspect;
  const dlq = dashboard
    ? createDlqRoutes({ sqs: dashboard.sqs, ...(dashboard.deadLetters ? { deadLetters: dashboard.deadLetters } : {}), ...(inspect ? { inspect } : {}) })
    : undefined;
  const events = dashboard ? createEventsStream(options.metrics, dashboard) : undefined;

  const handler = (req: IncomingMessage, res: ServerResponse, body: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== ADMIN_PREFIX && !url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return false;
    const route = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (url.pathname === ADMIN_PREFIX && (method === 'GET' || method === 'HEAD')) {
      // The page's relative links resolve against the folder, so the folder is the address.
      res.writeHead(302, { location: `${ADMIN_PREFIX}/${url.search}` }).end();
      return true;
    }
    if (route === '/' || route.startsWith('/assets/')) return answer(res, page(req, res, route));
    if (route === '/dlq' || route.startsWith('/dlq/')) {
      if (dlq === undefined) return sendJson(res, 404, errorBody('NOT_FOUND', 'the dead-letter queue endpoints are not available here'));
      return answer(res, dlq(req, res, route, url, body));
    }
    switch (route) {
      case '/events':
        if (method !== 'GET') return methodNotAllowed(res, method);
        if (events === undefined) return sendJson(res, 404, errorBody('NOT_FOUND', 'the event stream is not available here'));
        events.handle(req, res);
        return true;
      case '/faults': {
        const result = handleFaultsRequest(options.faults, method, body.length > 0 ? body.toString('utf8') : undefined);
        return sendJson(res, result.status, result.body);
      }
      case '/faults/stats':
        if (method !== 'GET') return methodNotAllowed(res, method);
        return sendJson(res, 200, { stats: options.faults.stats() });
      case '/metrics': {
        if (method !== 'GET') return methodNotAllowed(res, method);
        const window = Number(url.searchParams.get('window') ?? 60);
        if (!Number.isInteger(window) || window < 1 || window > 86_400) {
          return sendJson(res, 400, errorBody('INVALID_WINDOW', 'window must be an integer number of seconds from 1 to 86400'));
        }
        return sendJson(res, 200, { ...options.metrics.snapshot({ windowSeconds: window }), totals: options.metrics.totals() });
      }
      case '/requests':
        if (method === 'DELETE') {
          options.requests.reset();
          return sendJson(res, 204, undefined);
        }
        if (method !== 'GET') return methodNotAllowed(res, method);
        return sendJson(res, 200, options.requests.snapshot());
      case '/health':
        if (method !== 'GET') return methodNotAllowed(res, method);
        return sendJson(res, 200, options.health());
      default:
        return sendJson(res, 404, errorBody('NOT_FOUND', `no runtime endpoint ${url.pathname.slice(0, 200)}; try ${ENDPOINTS}`));
    }
  };
  return Object.assign(handler, {
    close() {
      events?.close();
      dlq?.close();
    },
  });
}

function createEventsStream(metrics: MetricsAggregator, sources: DashboardSources): EventsStream {
  const queueStats = createQueueStats({ sqs: sources.sqs, queues: sources.queues, ...(sources.oldestMessage ? { oldestMessage: sources.oldestMessage } : {}) });
  const snapshot = async (): Promise<DashboardSnapshot> => {
    const queues = await queueStats();
    const figures = metricFigures(metrics);
    return { at: Date.now(), ...figures, queues, functions: functionFigures(sources.functions()), balance: messageBalance(figures.totals, queues) };
  };
  return new EventsStream({
    snapshot,
    history: () => metricHistory(metrics),
    ...(sources.logs ? { logs: sources.logs } : {}),
    ...(sources.logGroups ? { logGroups: sources.logGroups } : {}),
    ...(sources.reloads ? { reloads: sources.reloads } : {}),
    ...(sources.snapshotIntervalMs !== undefined ? { intervalMs: sources.snapshotIntervalMs } : {}),
  });
}

/** Runs an async route to completion; a failure it did not answer becomes a 500. */
function answer(res: ServerResponse, work: Promise<void>): true {
  work.catch(() => sendJson(res, 500, errorBody('INTERNAL_ERROR', 'the runtime failed to answer')));
  return true;
}
