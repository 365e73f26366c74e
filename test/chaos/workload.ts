import { seededRandom } from '../support/random.js';
import type { ChaosOptions } from './options.js';

/** One `ledger.credit` message of the plan; duplicates share the key and payload of their original. */
export interface PlannedMessage {
  readonly key: string;
  readonly account: string;
  readonly amount: number;
  /** Queue delay for a late duplicate, seconds. */
  readonly delaySeconds?: number;
}

/** A request to send: one message on the single route, or several on the batch route. */
export type PlannedRequest =
  | { readonly route: 'single'; readonly message: PlannedMessage }
  | { readonly route: 'batch'; readonly messages: readonly PlannedMessage[] };

/** What the run sends, and what the ledger must show afterwards. */
export interface Workload {
  readonly requests: readonly PlannedRequest[];
  /** Unique messages (without duplicates), by key. */
  readonly unique: ReadonlyMap<string, PlannedMessage>;
  /** Raw bodies put straight onto the queue, each carrying its token. */
  readonly malformed: readonly { readonly token: string; readonly body: string }[];
  readonly duplicates: number;
}

const MALFORMED = [
  (token: string) => `not json ${token}`,
  (token: string) => JSON.stringify({ v: 1, id: token }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: 'ledger.unknown', payload: {}, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 1, id: token, type: 'ledger.credit', payload: { account: token, amount: -1 }, acceptedAt: 1 }),
  (token: string) => JSON.stringify({ v: 7, id: token, type: 'ledger.credit', payload: { account: token, amount: 1 }, acceptedAt: 1 }),
];

/**
 * Plans the run: unique messages over the accounts, duplicates (some next to their original, some
 * later with a queue delay), a mix of single and batch requests in shuffled order, malformed bodies.
 */
export function planWorkload(options: ChaosOptions, runId: string): Workload {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const unique = new Map<string, PlannedMessage>();
  const sends: PlannedMessage[][] = [];
  let duplicates = 0;
  for (let i = 0; i < options.messages; i += 1) {
    const message: PlannedMessage = { key: `${runId}-${i}`, account: `${runId}-acct-${pick(options.accounts)}`, amount: 1 + pick(1000) };
    unique.set(message.key, message);
    if (random() >= options.duplicateRatio) {
      sends.push([message]);
      continue;
    }
    duplicates += 1;
    if (random() < options.concurrentDuplicateShare) {
      sends.push([message], [message]);
    } else {
      const [min, max] = options.lateDuplicateDelaySeconds;
      sends.push([message], [{ ...message, delaySeconds: min + pick(max - min + 1) }]);
    }
  }
  const requests: PlannedRequest[] = [];
  const pending = sends.flat();
  // Concurrent duplicates are adjacent in `pending`, so they go out in the same request or wave.
  for (let at = 0; at < pending.length;) {
    if (random() < options.batchShare) {
      const size = 10 + pick(41);
      requests.push({ route: 'batch', messages: pending.slice(at, at + size) });
      at += size;
    } else {
      requests.push({ route: 'single', message: pending[at] as PlannedMessage });
      at += 1;
    }
  }
  const malformed = Array.from({ length: Math.round(options.messages * options.malformedRatio) }, (_, index) => {
    const token = `${runId}-bad-${index}`;
    return { token, body: (MALFORMED[index % MALFORMED.length] as (t: string) => string)(token) };
  });
  return { requests: shuffleNearby(requests, random), unique, malformed, duplicates };
}

/** Shuffles within small windows, so requests overlap in time but duplicates stay close. */
function shuffleNearby<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.max(0, i - Math.floor(random() * 8));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
