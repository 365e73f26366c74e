/**
 * The proxy's own calls to the DynamoDB emulator: whole-body HTTP exchanges and single JSON 1.0
 * operations, made outside the fault policy and the request counters.
 */
import { type Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';
import type { Upstream } from './options.js';

/** A complete upstream response. */
export interface UpstreamResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends one request with a complete body and reads the complete response. Not cancellable on
 * purpose: a write the proxy started must land (or fail) before the proxy lets go of its item.
 * @throws the socket error when the upstream is unreachable or the connection breaks.
 */
export function exchange(agent: Agent, to: Upstream, path: string, method: string, headers: OutgoingHttpHeaders, body: Buffer): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, hostname: to.hostname, port: to.port, method, path: to.basePath + path, headers: { ...headers, 'content-length': body.length } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A DynamoDB attribute value in the wire format (`{ S: 'a' }`, `{ N: '1' }`, `{ M: {…} }`, …). */
export type AttributeValue = Record<string, unknown>;

/** An item or key: attribute name → value. */
export type AttributeMap = Record<string, AttributeValue>;

/** The outcome of one inner DynamoDB call. */
export type DynamoDbResult =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | {
      readonly ok: false;
      /** The error's short name (`ConditionalCheckFailedException`, `ValidationException`, …). */
      readonly code: string;
      readonly message: string;
      /** The upstream's response, to pass on unchanged. */
      readonly response: UpstreamResponse;
    };

/** Calls one DynamoDB operation on the upstream; signs nothing, reuses the client's credentials headers. */
export type DynamoDbCall = (operation: string, input: Record<string, unknown>) => Promise<DynamoDbResult>;

/** Headers of the client's request that the emulator (or LocalStack) reads for account, region and auth. */
const CREDENTIAL_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'user-agent'];

/** Builds a {@link DynamoDbCall} that carries the original request's credential headers. */
export function dynamoDbCaller(agent: Agent, to: Upstream, clientHeaders: IncomingHttpHeaders): DynamoDbCall {
  const base: OutgoingHttpHeaders = { 'content-type': 'application/x-amz-json-1.0' };
  for (const name of CREDENTIAL_HEADERS) {
    const value = clientHeaders[name];
    if (value !== undefined) base[name] = value;
  }
  return async (operation, input) => {
    const response = await exchange(agent, to, '/', 'POST', { ...base, 'x-amz-target': `DynamoDB_20120810.${operation}` }, Buffer.from(JSON.stringify(input)));
    const parsed = parseJson(response.body);
    if (response.statusCode < 300) return { ok: true, output: parsed ?? {} };
    const type = String(parsed?.__type ?? parsed?.code ?? response.headers['x-amzn-errortype'] ?? 'InternalServerError');
    const code = type.slice(type.lastIndexOf('#') + 1).split(':')[0] as string;
    const message = String(parsed?.message ?? parsed?.Message ?? '');
    return { ok: false, code, message, response };
  };
}

/** Parses a JSON object body; undefined when it is not one. */
export function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Hop-by-hop headers the proxy does not pass on; each side manages its own connection. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** A copy of `headers` without the hop-by-hop ones. */
export function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (!HOP_BY_HOP.has(name)) result[name] = headers[name];
  }
  return result;
}
