/**
 * `GET /messages/{id}`: was a message processed? Asks the API (the same key the messages were sent
 * with: the answer is scoped to it) and returns the state the status function read from the
 * message's idempotency record.
 */
import { RequestFailedError } from './errors.js';

/** The states `GET /messages/{id}` answers (functions/status/message-status.ts). */
export type MessageState = 'completed' | 'in_progress' | 'dead_lettered' | 'unknown';

/** The API's answer for one idempotency key. */
export interface MessageStatusAnswer {
  readonly id: string;
  readonly status: MessageState;
  readonly outcome?: string;
  readonly completedAt?: string;
  readonly lockExpiresAt?: string;
  readonly deadLetteredAt?: string;
  readonly reason?: { readonly code: string; readonly message: string };
}

/** Asks the API for `id`'s state; throws {@link RequestFailedError} with the API's own error when it refuses. */
export async function getMessageStatus(api: { readonly apiUrl: string; readonly apiKey: string }, id: string, timeoutMs = 30_000): Promise<MessageStatusAnswer> {
  const url = new URL(`messages/${encodeURIComponent(id)}`, api.apiUrl.replace(/\/?$/, '/'));
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: { 'x-api-key': api.apiKey }, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new RequestFailedError(`GET ${url.href} failed: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new RequestFailedError(`GET ${url.pathname} answered ${response.status}${error ? ` ${error.code}: ${error.message}` : `: ${text.slice(0, 200)}`}`);
  }
  return body as MessageStatusAnswer;
}

/** One line for a terminal: `order-1  completed  applied at 2026-12-06T01:30:00.000Z`. */
export function describeMessageStatus(answer: MessageStatusAnswer): string {
  switch (answer.status) {
    case 'completed':
      return `${answer.id}  completed  ${answer.outcome ?? 'applied'} at ${answer.completedAt ?? '?'}`;
    case 'in_progress':
      return `${answer.id}  in_progress  being processed; its lock expires at ${answer.lockExpiresAt ?? '?'}`;
    case 'dead_lettered':
      return `${answer.id}  dead_lettered  at ${answer.deadLetteredAt ?? '?'}: ${answer.reason?.code ?? '?'} ${answer.reason?.message ?? ''}`.trimEnd();
    default:
      return `${answer.id}  unknown  not processed yet, never sent with this API key, or older than the idempotency TTL`;
  }
}
