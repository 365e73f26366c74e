/**
 * `GET /messages/{id}`: was a message processed? Asks the API (the same key the messages were sent
 * with: the answer is scoped to it) and returns the state the status function read from the
 * message's idempotency record.
 */
import { ConveyorApi, errorOf, isSuccess } from './api-client.js';
import { OpsError } from './errors.js';

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

/** Asks the API for `id`'s state; throws an {@link OpsError} `REQUEST_FAILED` with the API's own error when it refuses. */
export async function getMessageStatus(api: { readonly apiUrl: string; readonly apiKey: string }, id: string, timeoutMs = 30_000): Promise<MessageStatusAnswer> {
  const answer = await new ConveyorApi({ ...api, timeoutMs }).getMessage(id);
  if (!isSuccess(answer)) {
    const error = errorOf(answer.body);
    const detail = error ? `${error.code}: ${error.message}` : String(answer.body).slice(0, 200);
    throw new OpsError('REQUEST_FAILED', `GET /messages/{id} answered ${answer.status} ${detail}`);
  }
  return answer.body as MessageStatusAnswer;
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
