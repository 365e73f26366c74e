/** Options of the emulator ceiling, validated and resolved in one place. */
import { BenchError } from '../errors.js';

/** How the load reaches the emulators: straight to fauxqs and dynalite, or through the runtime's AWS proxy. */
export type CeilingVia = 'direct' | 'proxy';

/** Where the emulators keep their data: on disk (the runtime's default) or in memory (`--in-memory`). */
export type CeilingStorage = 'disk' | 'memory';

/** Where the functions' SDK clients run: on the main thread, or in one worker thread (see `function-side.ts`). */
export type ClientThread = 'main' | 'worker';

/** Options of `measureCeiling`. */
export interface CeilingOptions {
  /** Measured time of each repeat, in seconds (after the warm-up). @default 10 */
  readonly seconds?: number;
  /** Measured runs per path at the chosen concurrency; the result reports their median, min and max. @default 3 */
  readonly repeats?: number;
  /**
   * Consumer workers (each receives up to 10 messages, processes them concurrently, deletes them).
   * An array is swept first (one run of `sweepSeconds` per value and path) and the best value is
   * used for the repeats; a single value skips the sweep. @default [4, 8, 16, 32]
   */
  readonly concurrency?: number | readonly number[];
  /** Paths to measure. @default ['direct', 'proxy'] */
  readonly via?: readonly CeilingVia[];
  /**
   * Where the emulators keep their data: `'disk'` (a fresh temporary folder, as `npm start` keeps
   * it under `.conveyor/data`) or `'memory'` (`npm start -- --in-memory`). Several values start one
   * set of emulators each; the sweep runs on the first, and the repeats are interleaved over
   * storages and paths at the concurrency the sweep chose. @default ['disk']
   */
  readonly storage?: CeilingStorage | readonly CeilingStorage[];
  /** Unmeasured time at the start of every run, in seconds. @default 2 */
  readonly warmupSeconds?: number;
  /** Measured time of each sweep run, in seconds. @default min(5, seconds) */
  readonly sweepSeconds?: number;
  /**
   * Producer workers sending SendMessageBatch of 10; they stop at a backlog of 20 messages per
   * consumer, so more producers only make sure the consumers never find the queue empty.
   * @default max(2, ceil(consumers / 4))
   */
  readonly producers?: number;
  /** Distinct ledger accounts the messages are spread over. @default 1000 */
  readonly accounts?: number;
  /** Target size of one serialized envelope, in bytes (160–380). @default 300 */
  readonly messageBytes?: number;
  /**
   * Where the producers' and consumers' SDK clients run: `'main'`, on the main thread with the
   * emulators and the proxy; `'worker'`, in one worker thread, as the runtime runs its functions
   * (the poller's receives and deletes stay on the main thread either way, as in the runtime). @default 'main'
   */
  readonly clientThread?: ClientThread;
  /** Progress in seconds of load run so far: `(done, total, label)`. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** {@link CeilingOptions} with defaults applied. */
export interface ResolvedCeilingOptions {
  readonly seconds: number;
  readonly repeats: number;
  readonly concurrency: readonly number[];
  readonly via: readonly CeilingVia[];
  readonly storage: readonly CeilingStorage[];
  readonly warmupSeconds: number;
  readonly sweepSeconds: number;
  /** Undefined: chosen per run from the concurrency ({@link producersFor}). */
  readonly producers: number | undefined;
  readonly accounts: number;
  readonly messageBytes: number;
  readonly clientThread: ClientThread;
  readonly onProgress: (done: number, total: number, label: string) => void;
}

/** Default consumer concurrency sweep. */
export const DEFAULT_CONCURRENCY: readonly number[] = [4, 8, 16, 32];

const KEYS = new Set(['seconds', 'repeats', 'concurrency', 'via', 'storage', 'warmupSeconds', 'sweepSeconds', 'producers', 'accounts', 'messageBytes', 'clientThread', 'onProgress']);
const VIAS: readonly CeilingVia[] = ['direct', 'proxy'];
const STORAGES: readonly CeilingStorage[] = ['disk', 'memory'];

/** Validates `options` (unknown keys rejected) and applies defaults. @throws BenchError `INVALID_CEILING_OPTIONS` naming the option. */
export function resolveCeilingOptions(options: CeilingOptions = {}): ResolvedCeilingOptions {
  const unknown = Object.keys(options).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) throw new BenchError('INVALID_CEILING_OPTIONS', `unknown ceiling option(s) ${unknown.join(', ')} (allowed: ${[...KEYS].join(', ')})`);
  const seconds = number('seconds', options.seconds ?? 10, 0.5, 3600);
  const concurrency = typeof options.concurrency === 'number' ? [options.concurrency] : [...(options.concurrency ?? DEFAULT_CONCURRENCY)];
  if (concurrency.length === 0) throw new BenchError('INVALID_CEILING_OPTIONS', 'concurrency must list at least one value');
  concurrency.forEach((value) => integer('concurrency', value, 1, 256));
  const via = [...new Set(options.via ?? VIAS)];
  if (via.length === 0 || via.some((value) => !VIAS.includes(value))) {
    throw new BenchError('INVALID_CEILING_OPTIONS', `via must be a non-empty list of ${VIAS.map((value) => `'${value}'`).join(', ')} (got ${JSON.stringify(options.via)})`);
  }
  const storage = [...new Set(typeof options.storage === 'string' ? [options.storage] : options.storage ?? ['disk' as const])];
  if (storage.length === 0 || storage.some((value) => !STORAGES.includes(value))) {
    throw new BenchError('INVALID_CEILING_OPTIONS', `storage must be ${STORAGES.map((value) => `'${value}'`).join(' or ')}, or a non-empty list of them (got ${JSON.stringify(options.storage)})`);
  }
  const clientThread = options.clientThread ?? 'main';
  if (clientThread !== 'main' && clientThread !== 'worker') throw new BenchError('INVALID_CEILING_OPTIONS', `clientThread must be 'main' or 'worker' (got ${JSON.stringify(clientThread)})`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new BenchError('INVALID_CEILING_OPTIONS', 'onProgress must be a function');
  return {
    seconds,
    repeats: integer('repeats', options.repeats ?? 3, 1, 100),
    concurrency: [...new Set(concurrency)],
    via,
    storage,
    warmupSeconds: number('warmupSeconds', options.warmupSeconds ?? 2, 0, 600),
    sweepSeconds: number('sweepSeconds', options.sweepSeconds ?? Math.min(5, seconds), 0.5, 3600),
    producers: options.producers === undefined ? undefined : integer('producers', options.producers, 1, 64),
    accounts: integer('accounts', options.accounts ?? 1000, 1, 1_000_000),
    messageBytes: integer('messageBytes', options.messageBytes ?? 300, 160, 380),
    clientThread,
    onProgress: options.onProgress ?? (() => undefined),
  };
}

/** Producers of a run with `consumers` consumers: the option's value, or max(2, ceil(consumers / 4)). */
export function producersFor(options: Pick<ResolvedCeilingOptions, 'producers'>, consumers: number): number {
  return options.producers ?? Math.max(2, Math.ceil(consumers / 4));
}

function number(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) throw new BenchError('INVALID_CEILING_OPTIONS', `${name} must be a number in ${min}..${max} (got ${String(value)})`);
  return value;
}

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new BenchError('INVALID_CEILING_OPTIONS', `${name} must be an integer in ${min}..${max} (got ${String(value)})`);
  return value;
}
