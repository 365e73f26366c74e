import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminRoutes } from '../../../local/admin/admin-routes.js';

/** Admin routes on a loopback server of their own; anything they do not answer gets 418. */
export async function serveRoutes(routes: AdminRoutes): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!routes(req, res, Buffer.concat(chunks))) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      routes.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A request's status, headers and body (JSON when it parses). */
export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
