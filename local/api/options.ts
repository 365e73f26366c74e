import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invoke } from '../lambda/invocation.js';
import type { RestApiSpec } from '../template/specs.js';
import type { AccessLogEntry } from './access-log.js';
import { InvalidGatewayOptionsError } from '../errors.js';

/** Options of {@link createRestApiGateway}. */
export interface RestApiGatewayOptions {
  /** The API to serve: routes, gateway responses, keys, usage plans, stage. */
  readonly api: RestApiSpec;
  /** Returns the invoker for a function logical id; called per request, so the runtime may swap invokers. */
  readonly invokerFor: (functionLogicalId: string) => Invoke;
  /** Region, as `$context` and ARNs name it, e.g. `us-east-1`. */
  readonly region: string;
  /** Account id of `requestContext.accountId`, e.g. `000000000000`. */
  readonly accountId: string;
  /**
   * Extra routes handled before the API (the runtime's `/_conveyor/*` admin endpoints): called with the
   * whole body (when it is within the 10 MB limit); return true when it answered the request.
   * @default none
   */
  readonly admin?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean> | boolean;
  /** Called once per API request (not for admin requests) with what an access log line holds. @default none */
  readonly onRequest?: (entry: AccessLogEntry) => void;
  /** The clock for request times, throttling and quotas, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** {@link RestApiGatewayOptions} with defaults applied. */
export interface ResolvedGatewayOptions extends Required<Omit<RestApiGatewayOptions, 'admin' | 'onRequest'>> {
  readonly admin?: RestApiGatewayOptions['admin'];
  readonly onRequest?: RestApiGatewayOptions['onRequest'];
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(['api', 'invokerFor', 'region', 'accountId', 'admin', 'onRequest', 'now']);

/**
 * Validates the options in one place and applies defaults. Throws {@link InvalidGatewayOptionsError}
 * naming the option for an unknown key, a missing value or a wrong type.
 */
export function resolveGatewayOptions(options: RestApiGatewayOptions): ResolvedGatewayOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidGatewayOptionsError('options must be an object');
  const unknown = Object.keys(options).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new InvalidGatewayOptionsError(`Unknown option(s): ${unknown.join(', ')}`);
  const { api, invokerFor, region, accountId, admin, onRequest, now } = options;
  if (typeof api !== 'object' || api === null) throw new InvalidGatewayOptionsError('api must be a RestApiSpec');
  if (typeof api.id !== 'string' || api.id === '') throw new InvalidGatewayOptionsError('api.id must be a non-empty string');
  if (typeof api.stageName !== 'string' || !/^[A-Za-z0-9_-]+$/.test(api.stageName)) {
    throw new InvalidGatewayOptionsError('api.stageName must be letters, digits, "-" or "_"');
  }
  for (const list of ['routes', 'gatewayResponses', 'apiKeys', 'usagePlans'] as const) {
    if (!Array.isArray(api[list])) throw new InvalidGatewayOptionsError(`api.${list} must be an array`);
  }
  for (const throttle of [api.stageThrottle, ...api.usagePlans.map((plan) => plan.throttle)]) {
    if (throttle && !(throttle.rateLimit >= 0 && throttle.burstLimit >= 0)) {
      throw new InvalidGatewayOptionsError('throttle rateLimit and burstLimit must be numbers >= 0');
    }
  }
  if (typeof invokerFor !== 'function') throw new InvalidGatewayOptionsError('invokerFor must be a function');
  if (typeof region !== 'string' || region === '') throw new InvalidGatewayOptionsError('region must be a non-empty string');
  if (typeof accountId !== 'string' || accountId === '') throw new InvalidGatewayOptionsError('accountId must be a non-empty string');
  for (const [name, value] of [['admin', admin], ['onRequest', onRequest], ['now', now]] as const) {
    if (value !== undefined && typeof value !== 'function') throw new InvalidGatewayOptionsError(`${name} must be a function`);
  }
  return { api, invokerFor, region, accountId, now: now ?? Date.now, ...(admin ? { admin } : {}), ...(onRequest ? { onRequest } : {}) };
}
