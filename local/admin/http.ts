import type { ServerResponse } from 'node:http';

/** The error body every `/_conveyor` endpoint answers with: `{ "error": { "code", "message" } }`. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** Answers with `body` as JSON (no body when undefined); returns true, as a route that answered does. */
export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  if (res.headersSent || res.destroyed) return true;
  if (body === undefined) {
    res.writeHead(status).end();
    return true;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  return true;
}

/** Answers 405 with a JSON error naming the method. */
export function methodNotAllowed(res: ServerResponse, method: string): true {
  return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed here`));
}
