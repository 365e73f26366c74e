import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AccessLogEntry } from './access-log.js';
import { readBody } from './body-reader.js';
import { answerClientError } from './client-errors.js';
import { GatewayStateError } from '../errors.js';
import type { HttpReply } from './gateway-responses.js';
import type { RestApiSpec } from '../template/specs.js';
import { readGatewayRequest } from './http-request.js';
import { resolveGatewayOptions, type RestApiGatewayOptions } from './options.js';
import { createRequestPipeline, type PipelineResult } from './pipeline.js';

/** A local REST API (API Gateway v1, Lambda proxy) serving one `RestApiSpec`. */
export interface RestApiGateway {
  /** The request listener, for mounting on a server of your own (`listen` uses it too). */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Starts an HTTP server. `url` is the stage's invoke URL, as the CloudFormation output names it:
   * `http://127.0.0.1:<port>/<stage>/`. Rejects when the port is taken or the gateway already listens.
   * @param port TCP port; 0 picks a free one.
   * @param host @default '127.0.0.1'
   */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /**
   * Stops accepting connections and closes idle ones; requests in flight get `graceMs` to finish,
   * then every connection is closed. Safe to call more than once.
   * @param graceMs @default 0 (close everything at once)
   */
  close(graceMs?: number): Promise<void>;
  /**
   * Serves `api` from the next request on, on the same server (a reload of the stack): its routes,
   * models, keys and usage plans. Requests in progress finish with the API they started with; the
   * throttles' buckets and the quotas' counts start afresh. Throws as the constructor does for a bad spec.
   */
  setApi(api: RestApiSpec): void;
}

const INTERNAL_ERROR_BODY = Buffer.from(JSON.stringify({ message: 'Internal server error' }));

/**
 * Creates the gateway for one API. URLs are `/<stageName>/<resource path>`, as on AWS. Requests go
 * first to `options.admin` (when set), then through the API's pipeline (see `createRequestPipeline`).
 * A client can cause only 4xx answers; no client behaviour (aborts, malformed requests, socket errors)
 * throws out of the handler. Throws `InvalidGatewayOptionsError` or `InvalidApiSpecError` for bad input.
 */
export function createRestApiGateway(options: RestApiGatewayOptions): RestApiGateway {
  let resolved = resolveGatewayOptions(options);
  let pipeline = createRequestPipeline(resolved);
  let server: Server | undefined;
  let closed = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    res.on('error', () => undefined);
    const body = await readBody(req);
    if (body.kind === 'aborted') return;
    if (resolved.admin && body.kind === 'complete') {
      let handled: boolean;
      try {
        handled = await resolved.admin(req, res, body.body);
      } catch {
        await send(res, { statusCode: 500, headers: { 'Content-Type': 'application/json' }, body: INTERNAL_ERROR_BODY });
        return;
      }
      if (handled) return;
    }
    const request = readGatewayRequest(req);
    const result = await pipeline(request, body);
    const sent = await send(res, result.reply);
    report(resolved.onRequest, accessLogEntry(result, request.method, request.target.fullPath, request.sourceIp, sent, started));
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      // Only a bug in the gateway lands here; answer rather than leave the client hanging.
      void send(res, { statusCode: 500, headers: { 'Content-Type': 'application/json' }, body: INTERNAL_ERROR_BODY });
    });
  };

  return {
    handler,
    setApi(api) {
      const next = resolveGatewayOptions({ ...options, api });
      pipeline = createRequestPipeline(next);
      resolved = next;
    },
    async listen(port, host = '127.0.0.1') {
      if (closed) throw new GatewayStateError('The gateway was closed');
      if (server) throw new GatewayStateError('The gateway is already listening');
      // A request without Host is served (the context falls back to the execute-api domain name)
      // rather than refused with Node's body-less 400.
      const created = createServer({ requireHostHeader: false }, handler);
      created.on('clientError', answerClientError);
      server = created;
      try {
        await new Promise<void>((resolve, reject) => {
          created.once('error', reject);
          created.listen(port, host, () => {
            created.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        server = undefined;
        throw error;
      }
      created.on('error', () => undefined);
      const address = created.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
      return { url: `http://${urlHost}:${address.port}/${resolved.api.stageName}/`, port: address.port };
    },
    async close(graceMs = 0) {
      closed = true;
      const running = server;
      server = undefined;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeIdleConnections();
        if (graceMs <= 0) running.closeAllConnections();
        else setTimeout(() => running.closeAllConnections(), graceMs).unref();
      });
    },
  };
}

/** Writes a reply unless the response is already gone; resolves with the status and body bytes sent. */
function send(res: ServerResponse, reply: HttpReply): Promise<{ status: number; bytes: number }> {
  if (res.headersSent || res.writableEnded || res.destroyed) return Promise.resolve({ status: res.statusCode, bytes: 0 });
  let status = reply.statusCode;
  let body = reply.body;
  try {
    res.statusCode = status;
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    if (status !== 204 && status !== 304) res.setHeader('Content-Length', body.length);
  } catch {
    // A header the API's own configuration made invalid: a configuration error, answered as such.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    status = 500;
    body = INTERNAL_ERROR_BODY;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', body.length);
  }
  // Node sends no body for HEAD, 204 and 304, whatever end() is given.
  const bytes = res.req?.method === 'HEAD' || status === 204 || status === 304 ? 0 : body.length;
  return new Promise((resolve) => {
    const done = (): void => resolve({ status, bytes });
    res.once('finish', done);
    res.once('close', done);
    res.end(body);
  });
}

function accessLogEntry(
  result: PipelineResult,
  httpMethod: string,
  path: string,
  sourceIp: string,
  sent: { status: number; bytes: number },
  started: number,
): AccessLogEntry {
  return {
    requestId: result.requestId,
    httpMethod,
    ...(result.resourcePath !== undefined ? { resourcePath: result.resourcePath } : {}),
    path,
    status: sent.status,
    responseLength: sent.bytes,
    latency: Math.round(performance.now() - started),
    ...(result.integrationLatency !== undefined ? { integrationLatency: result.integrationLatency } : {}),
    ...(result.apiKeyId !== undefined ? { apiKeyId: result.apiKeyId } : {}),
    ...(result.errorMessage !== undefined ? { errorMessage: result.errorMessage } : {}),
    ...(result.errorDetail !== undefined ? { errorDetail: result.errorDetail } : {}),
    sourceIp,
    requestTimeEpoch: result.requestTimeEpoch,
  };
}

function report(onRequest: ((entry: AccessLogEntry) => void) | undefined, entry: AccessLogEntry): void {
  try {
    onRequest?.(entry);
  } catch {
    // A failing log sink must not fail the request that was already answered.
  }
}
