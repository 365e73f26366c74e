import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestCounters } from '../aws-proxy/request-counters.js';
import { handleFaultsRequest } from '../faults/faults-endpoint.js';
import type { FaultStore } from '../faults/fault-store.js';
import type { MetricsAggregator } from '../metrics/metrics-aggregator.js';

/** What the admin endpoints read and change. */
export interface AdminRoutesOptions {
  readonly faults: FaultStore;
  readonly metrics: MetricsAggregator;
  readonly requests: RequestCounters;
  /** Live state for `/_conveyor/health`. */
  readonly health: () => unknown;
}

/** Prefix of the runtime's own endpoints; API stages never start with `_`. */
export const ADMIN_PREFIX = '/_conveyor';

/**
 * The runtime's own endpoints, next to the API on the same port:
 * - `GET|POST|PATCH|DELETE /_conveyor/faults` — fault rules (modelled on LocalStack's chaos API);
 * - `GET /_conveyor/faults/stats` — how often each rule matched and fired;
 * - `GET /_conveyor/metrics?window=60` — the CloudWatch metrics the functions emitted (EMF), aggregated;
 * - `GET|DELETE /_conveyor/requests` — AWS requests counted per service, operation and caller (DELETE resets);
 * - `GET /_conveyor/health` — functions, event source mappings and endpoints.
 */
export function createAdminRoutes(options: AdminRoutesOptions): (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean {
  return (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== ADMIN_PREFIX && !url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return false;
    const route = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    switch (route) {
      case '/faults': {
        const result = handleFaultsRequest(options.faults, method, body.length > 0 ? body.toString('utf8') : undefined);
        return send(res, result.status, result.body);
      }
      case '/faults/stats':
        if (method !== 'GET') return methodNotAllowed(res, method);
        return send(res, 200, { stats: options.faults.stats() });
      case '/metrics': {
        if (method !== 'GET') return methodNotAllowed(res, method);
        const window = Number(url.searchParams.get('window') ?? 60);
        if (!Number.isInteger(window) || window < 1 || window > 86_400) {
          return send(res, 400, error('INVALID_WINDOW', 'window must be an integer number of seconds from 1 to 86400'));
        }
        return send(res, 200, { ...options.metrics.snapshot({ windowSeconds: window }), totals: options.metrics.totals() });
      }
      case '/requests':
        if (method === 'DELETE') {
          options.requests.reset();
          return send(res, 204, undefined);
        }
        if (method !== 'GET') return methodNotAllowed(res, method);
        return send(res, 200, options.requests.snapshot());
      case '/health':
        if (method !== 'GET') return methodNotAllowed(res, method);
        return send(res, 200, options.health());
      default:
        return send(res, 404, error('NOT_FOUND', `no runtime endpoint ${url.pathname}; try ${ADMIN_PREFIX}/health, /faults, /metrics or /requests`));
    }
  };
}

function methodNotAllowed(res: ServerResponse, method: string): true {
  return send(res, 405, error('METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed here`));
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

function send(res: ServerResponse, status: number, body: unknown): true {
  if (body === undefined) {
    res.writeHead(status).end();
    return true;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  return true;
}
