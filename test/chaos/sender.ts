import { ORDER_TYPE, type PlannedMessage, type PlannedRequest } from './workload.js';

/** Where and how to send. */
export interface SenderTarget {
  /** Stage URL, ends with `/`. */
  readonly apiUrl: string;
  readonly apiKey: string;
}

/** What sending did. */
export interface SendStats {
  requests: number;
  /** Sends of messages that the API accepted (duplicates included). */
  acceptedSends: number;
  /** Requests sent again after a 429, a 5xx or a network error, and batch items sent again after a 207. */
  retries: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** 4xx answers other than 429, with the keys they refused: the workload only sends valid messages, so each one is a finding. */
  rejected: { status: number; body: string; keys: string[] }[];
}

/** A message as the API takes it: a credit (with its queue delay, if any), or an order grouped by its customer. */
const body = (message: PlannedMessage) =>
  message.type === ORDER_TYPE
    ? { type: message.type, payload: { customerId: message.customerId, lines: message.lines, totalCents: message.totalCents }, groupId: message.customerId }
    : {
      type: message.type,
      payload: { account: message.account, amount: message.amount },
      ...(message.delaySeconds !== undefined ? { delaySeconds: message.delaySeconds } : {}),
    };

/**
 * Sends every planned request with `concurrency` in flight, as a careful client would: a 429, 5xx
 * or network error is retried with the same idempotency keys after a short backoff, and the failed
 * items of a 207 are sent again. Resolves when every message was accepted.
 */
export async function sendAll(
  target: SenderTarget,
  requests: readonly PlannedRequest[],
  concurrency: number,
  onProgress: (stats: SendStats, done: number) => void = () => undefined,
): Promise<SendStats> {
  const stats: SendStats = { requests: 0, acceptedSends: 0, retries: 0, statuses: {}, rejected: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const request = requests[next];
      next += 1;
      if (request === undefined) return;
      await sendUntilAccepted(target, request, stats);
      done += 1;
      onProgress(stats, done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}

async function sendUntilAccepted(target: SenderTarget, request: PlannedRequest, stats: SendStats): Promise<void> {
  let pending: readonly PlannedMessage[] = request.route === 'batch' ? request.messages : [request.message];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0) {
      stats.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
    }
    const single = request.route === 'single';
    const message = pending[0] as PlannedMessage;
    let status: number;
    let text: string;
    try {
      stats.requests += 1;
      const response = await fetch(`${target.apiUrl}${single ? 'messages' : 'messages/batch'}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': target.apiKey,
          ...(single ? { 'Idempotency-Key': message.key } : {}),
        },
        body: JSON.stringify(single ? body(message) : { messages: pending.map((item) => ({ ...body(item), idempotencyKey: item.key })) }),
      });
      status = response.status;
      text = await response.text();
    } catch {
      stats.statuses.network = (stats.statuses.network ?? 0) + 1;
      continue;
    }
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    if (status === 202) {
      stats.acceptedSends += pending.length;
      return;
    }
    if (status === 207) {
      const { results } = JSON.parse(text) as { results: ({ id: string; messageId: string } | { id: string; error: unknown })[] };
      const failed = new Set(results.flatMap((result, index) => ('error' in result ? [index] : [])));
      stats.acceptedSends += pending.length - failed.size;
      pending = pending.filter((_, index) => failed.has(index));
      continue;
    }
    if (status === 429 || status >= 500) continue;
    stats.rejected.push({ status, body: text.slice(0, 500), keys: pending.map((item) => item.key) });
    return;
  }
}
