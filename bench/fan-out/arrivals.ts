import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BenchError } from '../errors.js';

/** How long a message may take to reach every queue before the run is given up. */
const ARRIVAL_DEADLINE_MS = 30_000;

/**
 * Receives from every queue with long polls (ten at a time, deleting what it received) and records,
 * per message id (the body's `id`), when it has arrived in all of them (`performance.now()`).
 */
export class Arrivals {
  readonly #seen = new Map<string, number[]>();
  readonly #waiting = new Map<string, (at: number) => void>();
  readonly #loops: Promise<void>[];
  #running = true;

  constructor(private readonly sqs: SQSClient, private readonly queueUrls: readonly string[]) {
    this.#loops = queueUrls.map((queueUrl) => this.#receive(queueUrl));
  }

  /** When message `id` was in every queue (resolves at once when it already was). */
  all(id: string): Promise<number> {
    const done = this.#complete(id);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new BenchError('FAN_OUT_FAILED', `message ${id} did not reach every queue within ${ARRIVAL_DEADLINE_MS} ms`)), ARRIVAL_DEADLINE_MS);
      this.#waiting.set(id, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  /** Stops receiving once the long polls in progress end. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  #complete(id: string): number | undefined {
    const times = this.#seen.get(id) ?? [];
    return times.length === this.queueUrls.length ? Math.max(...times) : undefined;
  }

  async #receive(queueUrl: string): Promise<void> {
    while (this.#running) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const at = performance.now();
      for (const message of Messages) {
        const { id } = JSON.parse(message.Body ?? '{}') as { id?: string };
        if (id === undefined) continue;
        this.#seen.set(id, [...(this.#seen.get(id) ?? []), at]);
        const done = this.#complete(id);
        if (done !== undefined) this.#waiting.get(id)?.(done);
      }
      if (Messages.length > 0) {
        await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }));
      }
    }
  }
}

/** The `p`-th percentile of `values` by nearest rank (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
