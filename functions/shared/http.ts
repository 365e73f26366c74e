import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ConveyorError } from './errors.js';

/** A {@link ConveyorError} the API answers with its status and `{ "error": { "code", "message" } }`. */
export type HttpError = ConveyorError & { readonly status: number };

/**
 * The error constructor of an API function's code table (code → HTTP status): `httpErrors(TABLE)(code,
 * message)` is a {@link ConveyorError} answered with the table's status.
 */
export const httpErrors = <T extends Readonly<Record<string, number>>>(table: T) =>
  (code: keyof T & string, message: string, options?: ErrorOptions): HttpError =>
    new ConveyorError(code, message, { ...options, status: table[code] }) as HttpError;

/** Whether `error` is answered with its own status (anything else becomes a logged 500). */
export const isHttpError = (error: unknown): error is HttpError => error instanceof ConveyorError && error.status !== undefined;

/** The error body every 4xx/5xx carries. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: string };
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The response for a thrown {@link HttpError}. */
export function errorResponse(error: HttpError, requestId?: string): APIGatewayProxyResult {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(requestId ? { requestId } : {}) } };
  return json(error.status, body, error.status === 503 ? { 'retry-after': '1' } : {});
}

/** The response for anything unexpected: no details leak to the client. */
export function internalErrorResponse(requestId?: string): APIGatewayProxyResult {
  const body: ErrorBody = {
    error: { code: 'INTERNAL_ERROR', message: 'internal error', ...(requestId ? { requestId } : {}) },
  };
  return json(500, body);
}

/** Looks a header up case-insensitively (API Gateway keeps the client's casing). */
export function header(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
