import { INVOCATION_FAILURE_MESSAGES, type InvocationFailureKind } from '../../ops/log-events.js';
import type { InvocationError, InvocationFailureReason } from './invocation.js';
import { SHUTDOWN_ERROR } from './run-invocation.js';

/** An invocation that did not run to a result, as the host saw it. */
export interface InvocationFailure {
  /** The function's short name (`Consumer`). */
  readonly functionName: string;
  readonly requestId: string;
  /** The event the invocation was given (only its SQS message ids are read). */
  readonly event: unknown;
  readonly reason: InvocationFailureReason;
  readonly error: InvocationError;
  /** The function's timeout, seconds (shown for a timeout). */
  readonly timeoutSeconds: number;
  /** When it happened. @default now */
  readonly at?: Date;
}

/** Longest `reason` kept: an exit reason may carry a long error message. */
const MAX_REASON_CHARS = 500;

/**
 * The one WARN line for an invocation that crashed, timed out, could not load its handler, or was
 * abandoned by a stop, as Lambda writes its own platform lines (`Task timed out after 3.00 seconds`,
 * `Runtime.ExitError`) to the function's log stream. A JSON line like the functions' own, e.g.
 * `{"level":"WARN","message":"invocation timed out","timestamp":…,"function":"Consumer","requestId":…,
 * "messageIds":[…],"errorType":"Sandbox.Timedout","reason":"Task timed out after 30.00 seconds","timeoutSeconds":30}`.
 * Undefined for a handler error (`reason` `error`): the function reports those itself.
 * Never holds the event's bodies, only its SQS message ids.
 */
export function invocationFailureLine(failure: InvocationFailure): string | undefined {
  const kind = failureKind(failure);
  if (kind === undefined) return undefined;
  const messageIds = sqsMessageIds(failure.event);
  const reason = failure.error.errorMessage;
  return JSON.stringify({
    level: 'WARN',
    message: INVOCATION_FAILURE_MESSAGES[kind],
    timestamp: (failure.at ?? new Date()).toISOString(),
    function: failure.functionName,
    requestId: failure.requestId,
    ...(messageIds.length > 0 ? { messageIds } : {}),
    errorType: failure.error.errorType,
    reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason,
    ...(kind === 'timeout' ? { timeoutSeconds: failure.timeoutSeconds } : {}),
  });
}

function failureKind(failure: InvocationFailure): InvocationFailureKind | undefined {
  if (failure.reason === 'error') return undefined;
  if (failure.error.errorType === SHUTDOWN_ERROR.errorType) return 'shutdown';
  return failure.reason;
}

/** The `messageId` of each record of an SQS event (`Records[].eventSource === 'aws:sqs'`); [] for any other event. */
export function sqsMessageIds(event: unknown): string[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) return [];
  return records.flatMap((record: { eventSource?: unknown; messageId?: unknown } | null) =>
    record?.eventSource === 'aws:sqs' && typeof record.messageId === 'string' ? [record.messageId] : []);
}
