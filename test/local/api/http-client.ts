import { request as httpRequest, type Agent } from 'node:http';
import { connect } from 'node:net';
import { afterEach } from 'vitest';
import type { AccessLogEntry } from '../../../local/api/access-log.js';
import { createRestApiGateway, type RestApiGateway } from '../../../local/api/rest-api-gateway.js';
import type { RestApiGatewayOptions } from '../../../local/api/options.js';
import { API_KEY_VALUE } from './conveyor-api.js';
import { recordingInvoker, restApiSpec } from './factories.js';

/** A response as the tests read it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
  json(): any;
}

/** Sends a request with `http.request`; `headers` as pairs keeps casing, and a repeated name is sent on several lines. */
export function send(
  url: string,
  init: { method?: string; headers?: readonly (readonly [string, string])[]; body?: string | Buffer; agent?: Agent; chunked?: boolean } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of init.headers ?? []) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : [existing, value].flat();
    }
    const req = httpRequest(url, { method: init.method ?? 'POST', headers, agent: init.agent ?? false });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8'), json: () => JSON.parse(body.toString('utf8')) });
      });
    });
    if (init.chunked) {
      req.setHeader('Transfer-Encoding', 'chunked');
      const body = Buffer.from(init.body ?? '');
      const step = 64 * 1024;
      for (let offset = 0; offset < body.length; offset += step) req.write(body.subarray(offset, offset + step));
      req.end();
    } else {
      req.end(init.body);
    }
  });
}

/** Writes raw bytes to the server and resolves with everything it answers before closing (or `timeoutMs`). */
export function sendRaw(port: number, bytes: string | Buffer, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

/** JSON request headers with the Conveyor key. */
export const jsonHeaders = (extra: readonly (readonly [string, string])[] = []): (readonly [string, string])[] => [
  ['Content-Type', 'application/json'],
  ['x-api-key', API_KEY_VALUE],
  ...extra,
];

/** A running gateway for one test. */
export interface TestGateway {
  readonly gateway: RestApiGateway;
  readonly port: number;
  /** `http://127.0.0.1:<port>` + `path`. */
  url(path: string): string;
  readonly logs: AccessLogEntry[];
}

const running: RestApiGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
});

/** Starts a gateway on 127.0.0.1:0 with the synthesized Conveyor API and a recording invoker unless overridden; closed after the test. */
export async function startGateway(overrides: Partial<RestApiGatewayOptions> = {}): Promise<TestGateway> {
  const logs: AccessLogEntry[] = [];
  const invoker = recordingInvoker();
  const gateway = createRestApiGateway({
    api: restApiSpec(),
    invokerFor: () => invoker,
    region: 'us-east-1',
    accountId: '000000000000',
    onRequest: (entry) => logs.push(entry),
    ...overrides,
  });
  running.push(gateway);
  const { port } = await gateway.listen(0);
  return { gateway, port, url: (path) => `http://127.0.0.1:${port}${path}`, logs };
}
