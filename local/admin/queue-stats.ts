import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { fauxqsInspector, inspectedMessages, type QueueInspector } from './fauxqs-inspection.js';

/** A queue the dashboard shows. */
export interface DashboardQueue {
  readonly name: string;
  readonly url: string;
  /** `dead-letter` when another queue's redrive policy targets it, `source` otherwise. */
  readonly role: 'source' | 'dead-letter';
  /** A FIFO queue. @default false */
  readonly fifo?: boolean;
}

/** A queue's figures in a snapshot. */
export interface QueueFigures {
  readonly name: string;
  readonly role: 'source' | 'dead-letter';
  /** A FIFO queue (SQS drops copies with a MessageDeduplicationId it saw in the last 5 minutes). @default false */
  readonly fifo?: boolean;
  /** ApproximateNumberOfMessages. */
  readonly visible: number;
  /** ApproximateNumberOfMessagesNotVisible. */
  readonly inFlight: number;
  /** ApproximateNumberOfMessagesDelayed. */
  readonly delayed: number;
  /** Seconds since the oldest message (visible, in flight or delayed) was sent; null when empty or unknown. */
  readonly oldestAgeSeconds: number | null;
  /** Why the figures are the last known ones: the last GetQueueAttributes failed. */
  readonly error?: string;
}

/**
 * Returns the epoch ms SentTimestamp of a queue's oldest message, without touching any message;
 * `null` when the queue is empty or this cannot be known.
 */
export type OldestMessageProbe = (queueName: string) => Promise<number | null>;

/** An {@link OldestMessageProbe} that can also read a queue's messages without receiving them (the dashboard's DLQ panel uses it). */
export interface InspectingProbe extends OldestMessageProbe {
  readonly inspect: QueueInspector;
}

/** Options of {@link createQueueStats}. */
export interface QueueStatsOptions {
  /** A client on the local AWS endpoint. */
  readonly sqs: SQSClient;
  /** The queues, or a function that returns them as they are now (a reloaded stack may add queues). */
  readonly queues: readonly DashboardQueue[] | (() => readonly DashboardQueue[]);
  /** Where the oldest message's age comes from. @default none: `oldestAgeSeconds` is null */
  readonly oldestMessage?: OldestMessageProbe;
  /** @default Date.now */
  readonly now?: () => number;
}

const DEPTH_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

/**
 * How long an oldest-message reading is reused, per message in the queue, ms. Reading it through
 * fauxqs' inspection costs about 50 µs per message in the runtime's own process (1 s for 20,000), so
 * a deep queue is inspected less often: every second up to 1,000 messages, every 20 s at 20,000.
 * Until then the age is counted from the last reading (it can only overstate, if the oldest went).
 */
const PROBE_REUSE_MS_PER_MESSAGE = 1;

/**
 * Reads every queue's depth (GetQueueAttributes) and the age of its oldest message (re-read at most
 * once per {@link PROBE_REUSE_MS_PER_MESSAGE} ms per message in the queue). A queue whose attributes
 * cannot be read keeps its last known figures, with `error` set.
 */
export function createQueueStats(options: QueueStatsOptions): () => Promise<QueueFigures[]> {
  const now = options.now ?? Date.now;
  const last = new Map<string, QueueFigures>();
  const probes = new Map<string, { oldest: number | null; at: number }>();
  const oldestOf = async (queue: DashboardQueue, depth: number): Promise<number | null> => {
    if (depth === 0 || options.oldestMessage === undefined) {
      probes.delete(queue.url);
      return null;
    }
    const previous = probes.get(queue.url);
    if (previous !== undefined && now() - previous.at < depth * PROBE_REUSE_MS_PER_MESSAGE) return previous.oldest;
    const oldest = await options.oldestMessage(queue.name).catch(() => null);
    probes.set(queue.url, { oldest, at: now() });
    return oldest;
  };
  const read = async (queue: DashboardQueue): Promise<QueueFigures> => {
    try {
      const output = await options.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: [...DEPTH_ATTRIBUTES] }));
      const attributes = output.Attributes ?? {};
      const visible = Number(attributes.ApproximateNumberOfMessages ?? 0);
      const inFlight = Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      const delayed = Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      const oldest = await oldestOf(queue, visible + inFlight + delayed);
      const figures: QueueFigures = {
        name: queue.name,
        role: queue.role,
        fifo: queue.fifo ?? false,
        visible,
        inFlight,
        delayed,
        oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now() - oldest) / 100) / 10),
      };
      last.set(queue.url, figures);
      return figures;
    } catch (error) {
      const known = last.get(queue.url) ?? { name: queue.name, role: queue.role, fifo: queue.fifo ?? false, visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: null };
      return { ...known, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
  const { queues } = options;
  const current = typeof queues === 'function' ? queues : () => queues;
  return () => Promise.all(current().map(read));
}

/** How long an oldest-message reading may take, ms; a slower one leaves the age unknown for that tick. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * The oldest message of a queue from fauxqs' non-destructive inspection endpoint
 * (`GET /_fauxqs/queues/<name>` on the emulator itself): exact, and no receive counts change. Only
 * the embedded emulator has it; LocalStack and SQS do not (there, peeking would count as a receive
 * and could push messages toward the DLQ, so the age is left unknown). The probe carries the
 * inspector as `inspect`, for the DLQ endpoints.
 */
export function fauxqsOldestMessage(emulatorUrl: string): InspectingProbe {
  const timed = fauxqsInspector(emulatorUrl, PROBE_TIMEOUT_MS);
  const probe = async (queueName: string): Promise<number | null> => {
    const inspection = await timed(queueName).catch(() => undefined);
    if (inspection === undefined) return null;
    let oldest = Number.POSITIVE_INFINITY;
    for (const { message } of inspectedMessages(inspection)) {
      if (typeof message.sentTimestamp === 'number' && message.sentTimestamp < oldest) oldest = message.sentTimestamp;
    }
    return Number.isFinite(oldest) ? oldest : null;
  };
  return Object.assign(probe, { inspect: fauxqsInspector(emulatorUrl) });
}
