/**
 * fauxqs' non-destructive inspection endpoint, `GET /_fauxqs/queues/<name>` on the emulator itself:
 * every message of a queue (ready, delayed and in flight) with its attributes and receive count,
 * read without receiving anything, so no receive count changes and no message is hidden. Only the
 * embedded emulator has it; LocalStack and SQS have no way to look at a message without receiving it.
 */

/** A message attribute as fauxqs keeps it (binary values as base64). */
export interface InspectedAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** A message as the inspection shows it (fauxqs 2.4.1's `SqsMessage`). */
export interface InspectedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, InspectedAttribute>>;
  /** Epoch ms. */
  readonly sentTimestamp?: number;
  readonly approximateReceiveCount?: number;
  /** Epoch ms; absent or 0 until the first receive. */
  readonly approximateFirstReceiveTimestamp?: number;
  /** Epoch ms when a delayed message becomes visible. */
  readonly delayUntil?: number;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly sequenceNumber?: string;
}

/** Every message of a queue, by state. */
export interface QueueInspection {
  readonly ready: readonly InspectedMessage[];
  readonly delayed: readonly InspectedMessage[];
  readonly inflight: readonly { readonly message: InspectedMessage; readonly visibilityDeadline?: number }[];
}

/** Reads a queue's messages without receiving them; undefined when there is no such queue. */
export type QueueInspector = (queueName: string) => Promise<QueueInspection | undefined>;

/**
 * The inspector of the fauxqs at `emulatorUrl` (the emulator itself, not the runtime's AWS endpoint,
 * which forwards AWS requests only). `timeoutMs` bounds one inspection, which serializes the whole
 * queue (about 50 µs a message). @default 10000
 * @throws Error when the emulator does not answer in time, or answers something other than 200 or 404.
 */
export function fauxqsInspector(emulatorUrl: string, timeoutMs = 10_000): QueueInspector {
  const base = emulatorUrl.replace(/\/+$/, '');
  return async (queueName) => {
    const response = await fetch(`${base}/_fauxqs/queues/${encodeURIComponent(queueName)}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    if (!response.ok) throw new Error(`fauxqs' inspection of ${queueName} answered ${response.status}`);
    const { messages = {} } = (await response.json()) as { messages?: Partial<QueueInspection> };
    return { ready: messages.ready ?? [], delayed: messages.delayed ?? [], inflight: messages.inflight ?? [] };
  };
}

/**
 * Every message of an inspection with its state. fauxqs returns a message whose visibility timeout
 * ran out to the ready ones only when the queue is next received from, so the inspection may still
 * list it in flight: by its deadline it is visible, and is called so. Likewise a delayed message
 * whose delay is over.
 */
export function inspectedMessages(inspection: QueueInspection, now: number = Date.now()): { message: InspectedMessage; state: 'visible' | 'delayed' | 'in-flight' }[] {
  return [
    ...inspection.ready.map((message) => ({ message, state: 'visible' as const })),
    ...inspection.delayed.map((message) => ({ message, state: (message.delayUntil ?? Number.POSITIVE_INFINITY) > now ? 'delayed' as const : 'visible' as const })),
    ...inspection.inflight.map((entry) => ({ message: entry.message, state: (entry.visibilityDeadline ?? Number.POSITIVE_INFINITY) > now ? 'in-flight' as const : 'visible' as const })),
  ];
}
