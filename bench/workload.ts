import { randomUUID } from 'node:crypto';
import { type Envelope, serializeEnvelope } from '../functions/shared/envelope.js';

/** Options of {@link planEnvelopes}. */
export interface EnvelopeWorkloadOptions {
  /** Unique messages. */
  readonly messages: number;
  /** Accounts the credits are spread over. @default 200 */
  readonly accounts?: number;
  /** Share of messages delivered a second time with the same idempotency key. @default 0.1 */
  readonly duplicateRatio?: number;
  /** Prefix of the account ids (one per run, to count this run's credits). */
  readonly prefix: string;
}

/** Queue bodies in send order, and how many of them are duplicates. */
export interface EnvelopeWorkload {
  readonly bodies: readonly string[];
  readonly unique: number;
  readonly duplicates: number;
}

/**
 * `ledger.credit` envelopes as the producer would enqueue them (scoped to one API key), with
 * `duplicateRatio` of them sent twice: every other duplicate right after its original (same batch,
 * in flight at the same time), the rest at the end. Deterministic apart from the ids.
 */
export function planEnvelopes(options: EnvelopeWorkloadOptions): EnvelopeWorkload {
  const accounts = options.accounts ?? 200;
  const every = Math.round(1 / (options.duplicateRatio ?? 0.1));
  const bodies: string[] = [];
  const late: string[] = [];
  for (let i = 0; i < options.messages; i += 1) {
    const envelope: Envelope = {
      v: 1,
      id: randomUUID(),
      type: 'ledger.credit',
      payload: { account: `${options.prefix}-${i % accounts}`, amount: 1 + (i % 97) },
      acceptedAt: Date.now(),
      scope: 'bench',
    };
    const body = serializeEnvelope(envelope);
    bodies.push(body);
    if (Number.isFinite(every) && i % every === 0) {
      if ((i / every) % 2 === 0) bodies.push(body);
      else late.push(body);
    }
  }
  return { bodies: [...bodies, ...late], unique: options.messages, duplicates: bodies.length + late.length - options.messages };
}
