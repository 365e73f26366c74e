/** Pure arithmetic of the ceiling: request counts, per-message ratios, summaries over repeats. */

/** Request counts by service, then operation: `{ sqs: { SendMessageBatch: 12 }, dynamodb: { GetItem: 120 } }`. */
export type OperationCounts = Record<string, Record<string, number>>;

/** Median, min and max of a series. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median (mean of the two middle values for an even count), min and max; NaN for an empty series. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Live counters the workload increments; `snapshot()` copies them. */
export class OperationCounter {
  readonly #counts = new Map<string, Map<string, number>>();

  /** Adds `by` to (service, operation). */
  add(service: string, operation: string, by = 1): void {
    let byOperation = this.#counts.get(service);
    if (byOperation === undefined) this.#counts.set(service, (byOperation = new Map()));
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + by);
  }

  /** A copy of the counts. */
  snapshot(): OperationCounts {
    const result: OperationCounts = {};
    for (const [service, byOperation] of this.#counts) result[service] = Object.fromEntries(byOperation);
    return result;
  }
}

/** `after - before` per (service, operation); zero differences are left out. */
export function diffCounts(after: OperationCounts, before: OperationCounts): OperationCounts {
  const result: OperationCounts = {};
  for (const [service, byOperation] of Object.entries(after)) {
    for (const [operation, count] of Object.entries(byOperation)) {
      const delta = count - (before[service]?.[operation] ?? 0);
      if (delta !== 0) (result[service] ??= {})[operation] = delta;
    }
  }
  return result;
}

/** `a + b` per (service, operation). */
export function addCounts(a: OperationCounts, b: OperationCounts): OperationCounts {
  const result: OperationCounts = structuredClone(a);
  for (const [service, byOperation] of Object.entries(b)) {
    for (const [operation, count] of Object.entries(byOperation)) {
      const target = (result[service] ??= {});
      target[operation] = (target[operation] ?? 0) + count;
    }
  }
  return result;
}

/** Operations counted per message sent rather than per message processed. */
const PER_MESSAGE_SENT = new Set(['SendMessage', 'SendMessageBatch']);

/**
 * Requests per message, rounded to 3 decimals: sends are divided by the messages sent, everything
 * else by the messages processed and deleted (the two differ by the change in backlog over the window).
 */
export function perMessage(counts: OperationCounts, messages: { readonly sent: number; readonly processed: number }): OperationCounts {
  const result: OperationCounts = {};
  for (const [service, byOperation] of Object.entries(counts)) {
    for (const [operation, count] of Object.entries(byOperation)) {
      const divisor = PER_MESSAGE_SENT.has(operation) ? messages.sent : messages.processed;
      (result[service] ??= {})[operation] = divisor > 0 ? Math.round((count / divisor) * 1000) / 1000 : Number.NaN;
    }
  }
  return result;
}

/** The entry with the highest rate; ties go to the lower concurrency. Undefined for an empty list. */
export function pickBest<T extends { readonly concurrency: number; readonly messagesPerSecond: number }>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (best === undefined || entry.messagesPerSecond > best.messagesPerSecond
      || (entry.messagesPerSecond === best.messagesPerSecond && entry.concurrency < best.concurrency)) best = entry;
  }
  return best;
}
