import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { InvocationResult } from '../lambda/invocation.js';
import type { HttpReply } from './gateway-responses.js';

/** What became of a Lambda proxy integration. */
export type IntegrationOutcome =
  /** The function returned a well-formed proxy response. */
  | { readonly kind: 'response'; readonly reply: HttpReply }
  /**
   * The function failed (error, timeout, crash, init) or returned something that is not a proxy
   * response: API Gateway answers 502 `Internal server error`. `detail` says why, for logs.
   */
  | { readonly kind: 'failure'; readonly detail: string };

/**
 * Response headers API Gateway does not pass through as named: it sends them as
 * `x-amzn-Remapped-<name>` (it owns the connection, the framing and the date).
 */
export const REMAPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'connection',
  'content-length',
  'date',
  'keep-alive',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'www-authenticate',
]);

/**
 * Maps an invocation result to the HTTP response API Gateway would send. A proxy response is an object
 * with an integer `statusCode` (200–599: an informational status cannot end a response) and optional
 * `headers` (scalar values), `multiValueHeaders` (arrays of scalars; they win over `headers` for the same name), string `body` and boolean
 * `isBase64Encoded` (the body is then decoded). Without a `Content-Type` the response is
 * `application/json`, as on AWS.
 */
export function mapIntegrationResult(result: InvocationResult): IntegrationOutcome {
  if (!result.ok) return { kind: 'failure', detail: `${result.reason}: ${result.error.errorType}: ${result.error.errorMessage}` };
  const payload = result.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { kind: 'failure', detail: 'Malformed Lambda proxy response: not an object' };
  }
  const response = payload as Record<string, unknown>;
  const { statusCode, body, isBase64Encoded } = response;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599) {
    return { kind: 'failure', detail: 'Malformed Lambda proxy response: statusCode must be an integer from 200 to 599' };
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return { kind: 'failure', detail: 'Malformed Lambda proxy response: body must be a string' };
  }
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return { kind: 'failure', detail: 'Malformed Lambda proxy response: isBase64Encoded must be a boolean' };
  }
  const headers = collectResponseHeaders(response.headers, response.multiValueHeaders);
  if (typeof headers === 'string') return { kind: 'failure', detail: `Malformed Lambda proxy response: ${headers}` };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = ['application/json'];
  const bytes = typeof body === 'string' ? Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { kind: 'response', reply: { statusCode, headers, body: bytes } };
}

/** Merges `headers` and `multiValueHeaders`; a string when either is malformed. */
function collectResponseHeaders(single: unknown, multi: unknown): Record<string, string[]> | string {
  const merged = new Map<string, { name: string; values: string[] }>();
  const add = (name: string, values: string[], replace: boolean): void => {
    const remapped = REMAPPED_RESPONSE_HEADERS.has(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name;
    const key = remapped.toLowerCase();
    const existing = merged.get(key);
    if (existing && !replace) return;
    merged.set(key, { name: existing?.name ?? remapped, values });
  };
  if (multi !== undefined && multi !== null) {
    if (!isRecord(multi)) return 'multiValueHeaders must be an object';
    for (const [name, values] of Object.entries(multi)) {
      if (values === null || values === undefined) continue;
      if (!Array.isArray(values) || !values.every(isScalar)) return `multiValueHeaders.${name} must be an array of strings`;
      add(name, values.map(String), true);
    }
  }
  if (single !== undefined && single !== null) {
    if (!isRecord(single)) return 'headers must be an object';
    for (const [name, value] of Object.entries(single)) {
      if (value === null || value === undefined) continue;
      if (!isScalar(value)) return `headers.${name} must be a string`;
      add(name, [String(value)], false);
    }
  }
  const headers: Record<string, string[]> = {};
  for (const { name, values } of merged.values()) {
    try {
      validateHeaderName(name);
      for (const value of values) validateHeaderValue(name, value);
    } catch {
      return `invalid header ${JSON.stringify(name)}`;
    }
    Object.defineProperty(headers, name, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
