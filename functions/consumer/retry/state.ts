import type { SQSRecord } from 'aws-lambda';
import { MAX_RETRY_HISTORY, RETRY_ATTRIBUTE, SQS_MAX_DELAY_SECONDS } from '../../../contract/index.js';

/** One failed attempt: when (epoch ms) and its error code. */
export type FailedAttempt = readonly [at: number, code: string];

/** Where a message stands in its retry schedule. */
export interface RetryState {
  /** The number of the attempt this delivery is (1 for a message that never failed). */
  readonly attempt: number;
  /** When the first attempt failed, epoch ms (undefined before any failure). */
  readonly firstFailedAt?: number;
  /** The failures so far, oldest first (the last {@link MAX_RETRY_HISTORY}). */
  readonly history: readonly FailedAttempt[];
}

/** How a failed message comes back. */
export interface RetryPlan {
  /**
   * `copy`: a delayed copy carrying the next attempt's state is sent and the original deleted
   * (standard queues: the receive count starts again, so only the budget limits the attempts);
   * `visibility`: the same message becomes visible again after the delay (FIFO queues, which keep a
   * group's order; in-flight duplicates; and a copy that could not be sent).
   */
  readonly via: 'copy' | 'visibility';
  readonly delaySeconds: number;
  /** What the copy carries (`copy` only). */
  readonly state?: RetryState;
}

/**
 * A state older than this (its last failure this long ago) belongs to an earlier life of the
 * message — it was dead-lettered, by SQS's redrive policy with its attributes, and redriven — so its
 * budget starts again. No scheduled delay comes near it.
 */
export const STALE_STATE_MS = 2 * SQS_MAX_DELAY_SECONDS * 1000;

/**
 * The retry state a record carries. On a standard queue it is the delayed copy's `Conveyor.Retry`
 * attribute (absent: the first attempt); on a FIFO queue, where a message is retried in place, the
 * attempt is SQS's receive count and the first failure is taken as its first receive.
 */
export function retryStateOf(record: SQSRecord, fifo: boolean, now: number): RetryState {
  if (fifo) {
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    const firstReceive = Number(record.attributes.ApproximateFirstReceiveTimestamp);
    return { attempt, history: [], ...(attempt > 1 && Number.isFinite(firstReceive) ? { firstFailedAt: firstReceive } : {}) };
  }
  const carried = parse(record.messageAttributes?.[RETRY_ATTRIBUTE]?.stringValue);
  const last = carried?.history.at(-1)?.[0];
  if (!carried || last === undefined || now - last > STALE_STATE_MS) return { attempt: 1, history: [] };
  return carried;
}

/** The state after the current attempt failed with `code` at `now`. */
export function afterFailure(state: RetryState, code: string, now: number): RetryState & { readonly firstFailedAt: number } {
  return {
    attempt: state.attempt + 1,
    firstFailedAt: state.firstFailedAt ?? now,
    history: [...state.history, [now, code] as const].slice(-MAX_RETRY_HISTORY),
  };
}

/** The `Conveyor.Retry` attribute value for `state`. */
export const serializeRetryState = (state: RetryState): string => JSON.stringify(state);

function parse(raw: string | undefined): RetryState | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RetryState>;
    const attempt = value.attempt;
    if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 1) return undefined;
    const history = Array.isArray(value.history)
      ? value.history.filter((entry): entry is FailedAttempt => Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'string')
      : [];
    return { attempt, history, ...(typeof value.firstFailedAt === 'number' ? { firstFailedAt: value.firstFailedAt } : {}) };
  } catch {
    // A state that does not parse is ignored: the message starts a fresh schedule rather than failing.
    return undefined;
  }
}
