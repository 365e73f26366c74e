import type { RecordState } from '../shared/idempotency/index.js';

/** What `GET /messages/{id}` answers: the state of one idempotency key, as its record tells it. */
export type MessageStatus =
  /** The effect was applied, once, at `completedAt`. */
  | { readonly id: string; readonly status: 'completed'; readonly outcome: 'applied'; readonly completedAt: string }
  /**
   * An invocation holds the key's lock until `lockExpiresAt` (locked handlers only); or, without
   * `lockExpiresAt`, a fan-out message some of whose queues have applied it and others not yet.
   */
  | { readonly id: string; readonly status: 'in_progress'; readonly lockExpiresAt?: string }
  /** A copy was sent to the dead-letter queue, or failed its last receive, for `reason`. */
  | { readonly id: string; readonly status: 'dead_lettered'; readonly deadLetteredAt: string; readonly reason: { readonly code: string; readonly message: string } }
  /** Never seen, not processed yet (still queued, or its lock was abandoned), or forgotten after the idempotency TTL. */
  | { readonly id: string; readonly status: 'unknown' };


/**
 * The answer for key `id` whose record was classified (`classifyRecord`, without a payload hash)
 * the way the consumer reads it: an expired record, or an abandoned lock, does not count (the key
 * would be taken anew), so it is `unknown`.
 */
export function messageStatus(id: string, state: RecordState): MessageStatus {
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (state.kind) {
    case 'completed':
      return { id, status: 'completed', outcome: 'applied', completedAt: iso(state.completedAt) };
    case 'in-progress':
      return { id, status: 'in_progress', lockExpiresAt: iso(state.lockExpiresAt) };
    case 'dead-lettered':
      return { id, status: 'dead_lettered', deadLetteredAt: iso(state.deadLetteredAt), reason: state.reason };
    // Only with a payload hash, which the status function never gives.
    case 'mismatch':
    case 'free':
      return { id, status: 'unknown' };
  }
}

/** A fan-out message's answer: each queue's own status, and the message's: the least advanced of them. */
export type FanOutStatus = MessageStatus & { readonly queues: Readonly<Record<string, Omit<MessageStatus, 'id'>>> };

/**
 * The answer for a message found under fan-out records (`byQueue`, queue → its record's state):
 * completed when every queue of one of the `sets` (a fan-out type's queues) has applied it;
 * dead-lettered when a queue dead-lettered it; otherwise in progress.
 */
export function fanOutStatus(id: string, byQueue: ReadonlyMap<string, RecordState>, sets: readonly (readonly string[])[]): FanOutStatus {
  const queues = Object.fromEntries([...byQueue].map(([queue, state]) => {
    const { id: _id, ...status } = messageStatus(id, state);
    return [queue, status];
  }));
  const statuses = Object.values(queues);
  const dead = statuses.find((status) => status.status === 'dead_lettered');
  if (dead !== undefined) return { ...(dead as MessageStatus), id, queues };
  const applied = [...byQueue].filter(([, state]) => state.kind === 'completed').map(([queue]) => queue);
  const whole = sets.some((set) => set.every((queue) => applied.includes(queue)));
  if (whole && applied.length === byQueue.size) {
    const last = Math.max(...[...byQueue.values()].map((state) => (state.kind === 'completed' ? state.completedAt : 0)));
    return { id, status: 'completed', outcome: 'applied', completedAt: new Date(last).toISOString(), queues };
  }
  const locked = statuses.find((status) => status.status === 'in_progress');
  return { ...(locked as MessageStatus | undefined ?? { status: 'in_progress' as const }), id, queues } as FanOutStatus;
}
