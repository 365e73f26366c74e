import type { InvocationFailureReason, InvocationResult } from '../lambda/invocation.js';

/** What to do with a batch after its invocation. */
export type Settlement =
  /** Delete these message ids; the others failed and stay on the queue. */
  | { readonly ok: true; readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> }
  /** Delete nothing: the invocation failed, or its response was malformed. */
  | { readonly ok: false; readonly reason: InvocationFailureReason | 'malformed-response'; readonly detail: string };

/**
 * Decides, as Lambda does, which messages of a batch succeeded. A failed invocation fails the whole
 * batch. Without `ReportBatchItemFailures` a successful one succeeds it whole. With it, the payload
 * `{ batchItemFailures: [{ itemIdentifier }] }` names the failures; `null`, `{}`, or an empty or
 * null list mean none. Anything malformed — a payload that is not an object, `batchItemFailures`
 * not an array, an entry whose `itemIdentifier` is missing, empty, not a string or not a message
 * of the batch — fails the whole batch.
 */
export function settleBatch(result: InvocationResult, messageIds: readonly string[], reportBatchItemFailures: boolean): Settlement {
  if (!result.ok) return { ok: false, reason: result.reason, detail: `${result.error.errorType}: ${result.error.errorMessage}` };
  if (!reportBatchItemFailures) return { ok: true, succeeded: new Set(messageIds), failed: new Set() };
  const failures = itemFailures(result.payload, new Set(messageIds));
  if (typeof failures === 'string') return { ok: false, reason: 'malformed-response', detail: failures };
  return { ok: true, succeeded: new Set(messageIds.filter((id) => !failures.has(id))), failed: failures };
}

function itemFailures(payload: unknown, batch: ReadonlySet<string>): Set<string> | string {
  if (payload === null || payload === undefined) return new Set();
  if (typeof payload !== 'object' || Array.isArray(payload)) return `the response is not an object: ${describe(payload)}`;
  const list = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === null || list === undefined) return new Set();
  if (!Array.isArray(list)) return `batchItemFailures is not an array: ${describe(list)}`;
  const failed = new Set<string>();
  for (const entry of list as unknown[]) {
    const id = (entry as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') return `an entry of batchItemFailures has no itemIdentifier: ${describe(entry)}`;
    if (!batch.has(id)) return `itemIdentifier ${id} is not a message of the batch`;
    failed.add(id);
  }
  return failed;
}

function describe(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}
