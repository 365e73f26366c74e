/**
 * Emulator ceiling (issue 5, point 1): the best rate at which this machine's emulators can carry
 * Conveyor's minimal request mix, with no API or Lambda host in the way.
 *
 * fauxqs and dynalite run in this process on 127.0.0.1 as the local runtime starts them, with the
 * runtime's AWS proxy in front. Per 10 messages: one SendMessageBatch of 10 envelopes, one
 * ReceiveMessage (10), one BatchGetItem of the 10 records (the peeks), per message one
 * TransactWriteItems (completed record with its `keyIsFree` condition + the ledger `ADD`), then one
 * DeleteMessageBatch. The
 * "direct" path talks to the emulators themselves; dynalite has no transactions, so it gets the
 * record's conditional PutItem and the ledger's UpdateItem instead. The "proxy" path goes through
 * the proxy, which runs the transaction itself (as it does for the pipeline).
 *
 * By default everything (emulators, proxy, load generator) shares this process's main thread, as
 * the runtime's emulators and proxy share its main thread; the runtime's functions, however, run
 * their SDK clients in worker threads, which `clientThread: 'worker'` reproduces.
 *
 * The emulators keep their data on disk in a fresh temporary folder, as `npm start` does by default,
 * or in memory (`--in-memory`); `storage: ['disk', 'memory']` measures both, interleaved.
 *
 * Run alone: `node --import tsx bench/ceiling.ts [--quick] [--worker] [--memory | --both]` prints the result as JSON.
 */
import { pathToFileURL } from 'node:url';
import { type CeilingEnvironment, startCeilingEnvironment } from './ceiling/environment.js';
import type { ClientThread } from './ceiling/function-side.js';
import { type CeilingOptions, type CeilingStorage, type CeilingVia, producersFor, resolveCeilingOptions, type ResolvedCeilingOptions } from './ceiling/options.js';
import { addCounts, type OperationCounts, perMessage, pickBest, type Summary, summarize } from './ceiling/stats.js';
import { type RunMeasurement, runLoad } from './ceiling/workload.js';
import { BenchError } from './errors.js';

export type { ClientThread } from './ceiling/function-side.js';
export type { CeilingOptions, CeilingStorage, CeilingVia } from './ceiling/options.js';

/** One sweep run: a concurrency tried on one path. */
export interface CeilingSweepPoint {
  /** Consumer workers. */
  readonly concurrency: number;
  /** Messages processed and deleted per second. */
  readonly messagesPerSecond: number;
  /** Busy share of the main thread, 0–1. */
  readonly mainThreadUtilization: number;
}

/** The figures of one path. */
export interface CeilingPathResult {
  /** How a message is committed on this path. */
  readonly commit: 'TransactWriteItems (emulated by the proxy)' | 'PutItem + UpdateItem (dynalite has no transactions)';
  /** Consumer workers of the repeats: the best of the sweep, or the only value given. */
  readonly concurrency: number;
  /** Producer workers. */
  readonly producers: number;
  /** Messages processed and deleted per second, over the repeats. */
  readonly messagesPerSecond: Summary;
  /** Rate of each repeat, messages/s, in run order. */
  readonly repeats: readonly number[];
  /** Busy share of the main thread during the repeats (median), 0–1: near 1 means CPU-bound on one core. */
  readonly mainThreadUtilization: number;
  /** CPU time of this process per message (median over repeats), in ms. */
  readonly cpuMsPerMessage: number;
  /** The concurrency sweep; absent when one concurrency was given. */
  readonly sweep?: readonly CeilingSweepPoint[];
  /** Failed messages and requests over all runs of this path (expected 0). */
  readonly errors: number;
  /** First error seen, if any. */
  readonly firstError?: string;
}

/** Requests per message of one path (summed over its repeats), by service and operation. */
export interface CeilingRequests {
  /** As the clients issued them (retries included). */
  readonly issued: OperationCounts;
  /** As fauxqs and dynalite received them: on the proxy path, one TransactWriteItems becomes the proxy's own single-item calls. */
  readonly atEmulators: OperationCounts;
}

/** Result of {@link measureCeiling}; plain JSON. */
export interface CeilingResult {
  /** Storage of `via`, `best` and `requestsPerMessage`: the first one measured. */
  readonly storage: CeilingStorage;
  /** Per path. */
  readonly via: { readonly direct?: CeilingPathResult; readonly proxy?: CeilingPathResult };
  /** The path with the highest median rate. */
  readonly best: { readonly via: CeilingVia; readonly messagesPerSecond: number; readonly concurrency: number };
  /**
   * Requests per message per path, over whole repeats (warm-up and final batches included): sends
   * per message sent, everything else per message processed and deleted.
   */
  readonly requestsPerMessage: { readonly direct?: CeilingRequests; readonly proxy?: CeilingRequests };
  /** Per path, for every storage measured (`disk`: data in a temporary folder; `memory`: `--in-memory`). */
  readonly byStorage: Partial<Record<CeilingStorage, { readonly direct?: CeilingPathResult; readonly proxy?: CeilingPathResult }>>;
  /** What was run. */
  readonly settings: {
    readonly seconds: number;
    readonly warmupSeconds: number;
    readonly sweepSeconds: number;
    readonly repeats: number;
    readonly accounts: number;
    readonly messageBytes: number;
    /** Where the producers' and consumers' SDK clients ran. */
    readonly clientThread: ClientThread;
    /** Storages measured, in order. */
    readonly storage: readonly CeilingStorage[];
  };
  /** How to read the figures. */
  readonly notes: readonly string[];
}

/**
 * Measures the emulator ceiling: starts fauxqs, dynalite and the AWS proxy, sweeps the consumer
 * concurrency (when several values are given), repeats the best one `repeats` times per path
 * (paths interleaved, so background load hits both alike), and stops everything it started.
 * @throws BenchError `INVALID_CEILING_OPTIONS` for invalid options, `CEILING_RUN_FAILED` when a run cannot be measured.
 */
export async function measureCeiling(options: CeilingOptions = {}): Promise<CeilingResult> {
  const settings = resolveCeilingOptions(options);
  const sweeping = settings.concurrency.length > 1;
  const runSeconds = (measure: number) => settings.warmupSeconds + measure;
  const cells = settings.storage.flatMap((storage) => settings.via.map((via) => ({ storage, via, key: cellKey(storage, via) })));
  const total = settings.via.length * (sweeping ? settings.concurrency.length * runSeconds(settings.sweepSeconds) : 0) + cells.length * settings.repeats * runSeconds(settings.seconds);
  let done = 0;
  let runs = 0;
  const environments = new Map<CeilingStorage, CeilingEnvironment>();
  try {
    // One set of emulators per storage, all started before the first run: an idle set costs nothing.
    for (const storage of settings.storage) environments.set(storage, await startCeilingEnvironment({ storage }));
    const run = async (storage: CeilingStorage, via: CeilingVia, consumers: number, measureSeconds: number, label: string): Promise<RunMeasurement> => {
      settings.onProgress(done, total, label);
      const base = done;
      const measurement = await runLoad(environments.get(storage)!, {
        via,
        consumers,
        producers: producersFor(settings, consumers),
        clientThread: settings.clientThread,
        warmupSeconds: settings.warmupSeconds,
        measureSeconds,
        accounts: settings.accounts,
        messageBytes: settings.messageBytes,
        name: `ceiling${++runs}${storage[0]}${via}c${consumers}`,
        onTick: (elapsed) => settings.onProgress(Math.min(base + elapsed, base + runSeconds(measureSeconds)), total, label),
      });
      done = base + runSeconds(measureSeconds);
      if (measurement.processed === 0) throw new BenchError('CEILING_RUN_FAILED', `no message was processed (${label})${measurement.firstError ? `: ${measurement.firstError}` : ''}`);
      return measurement;
    };

    const sweeps = new Map<CeilingVia, CeilingSweepPoint[]>(settings.via.map((via) => [via, []]));
    const errors = new Map<string, { count: number; first?: string }>(cells.map((cell) => [cell.key, { count: 0 }]));
    const noteErrors = (key: string, measurement: RunMeasurement) => {
      const entry = errors.get(key)!;
      entry.count += measurement.errors;
      entry.first ??= measurement.firstError;
    };
    // The sweep runs on the first storage; every storage is then repeated at the concurrency it chose.
    const sweepStorage = settings.storage[0]!;
    if (sweeping) {
      for (const concurrency of settings.concurrency) {
        for (const via of settings.via) {
          const measurement = await run(sweepStorage, via, concurrency, settings.sweepSeconds, `ceiling sweep: ${storageLabel(settings, sweepStorage)}${via}, ${concurrency} consumers`);
          noteErrors(cellKey(sweepStorage, via), measurement);
          sweeps.get(via)!.push({ concurrency, messagesPerSecond: round(measurement.messagesPerSecond), mainThreadUtilization: round(measurement.mainThreadUtilization, 3) });
        }
      }
    }
    const chosen = new Map(settings.via.map((via) => [via, pickBest(sweeps.get(via)!)?.concurrency ?? settings.concurrency[0]!]));

    // Interleaved over storages and paths, so that background load hits all of them alike.
    const repeats = new Map<string, RunMeasurement[]>(cells.map((cell) => [cell.key, []]));
    for (let repeat = 1; repeat <= settings.repeats; repeat++) {
      for (const { storage, via, key } of cells) {
        const concurrency = chosen.get(via)!;
        const measurement = await run(storage, via, concurrency, settings.seconds, `ceiling: ${storageLabel(settings, storage)}${via}, ${concurrency} consumers, repeat ${repeat}/${settings.repeats}`);
        noteErrors(key, measurement);
        repeats.get(key)!.push(measurement);
      }
    }
    settings.onProgress(total, total, 'ceiling: done');
    return assemble(settings, { chosen, sweeps: sweeping ? sweeps : undefined, sweepStorage, repeats, errors });
  } finally {
    for (const environment of environments.values()) await environment.stop();
  }
}

const cellKey = (storage: CeilingStorage, via: CeilingVia) => `${storage}:${via}`;
const storageLabel = (settings: ResolvedCeilingOptions, storage: CeilingStorage) => (settings.storage.length > 1 ? `${storage}, ` : '');

interface Collected {
  readonly chosen: ReadonlyMap<CeilingVia, number>;
  readonly sweeps: ReadonlyMap<CeilingVia, readonly CeilingSweepPoint[]> | undefined;
  readonly sweepStorage: CeilingStorage;
  /** By {@link cellKey}. */
  readonly repeats: ReadonlyMap<string, readonly RunMeasurement[]>;
  readonly errors: ReadonlyMap<string, { count: number; first?: string }>;
}

type PathResults = { direct?: CeilingPathResult; proxy?: CeilingPathResult };

function assemble(settings: ResolvedCeilingOptions, collected: Collected): CeilingResult {
  const byStorage: Partial<Record<CeilingStorage, PathResults>> = {};
  const requestsByStorage: Partial<Record<CeilingStorage, { direct?: CeilingRequests; proxy?: CeilingRequests }>> = {};
  for (const storage of settings.storage) {
    const via: PathResults = {};
    const requestsPerMessage: { direct?: CeilingRequests; proxy?: CeilingRequests } = {};
    for (const path of settings.via) {
      const runs = collected.repeats.get(cellKey(storage, path)) ?? [];
      const rates = runs.map((measurement) => measurement.messagesPerSecond);
      const errors = collected.errors.get(cellKey(storage, path)) ?? { count: 0 };
      const sweep = storage === collected.sweepStorage ? collected.sweeps?.get(path) : undefined;
      via[path] = {
        commit: path === 'proxy' ? 'TransactWriteItems (emulated by the proxy)' : 'PutItem + UpdateItem (dynalite has no transactions)',
        concurrency: collected.chosen.get(path) ?? 0,
        producers: producersFor(settings, collected.chosen.get(path) ?? 0),
        messagesPerSecond: roundSummary(summarize(rates)),
        repeats: rates.map((rate) => round(rate)),
        mainThreadUtilization: round(summarize(runs.map((measurement) => measurement.mainThreadUtilization)).median, 3),
        cpuMsPerMessage: round(summarize(runs.map((measurement) => measurement.cpuMsPerMessage)).median, 3),
        ...(sweep === undefined ? {} : { sweep }),
        errors: errors.count,
        ...(errors.first === undefined ? {} : { firstError: errors.first }),
      };
      const requests = runs.map((measurement) => measurement.requests);
      const messages = { sent: sum(requests.map((entry) => entry.sent)), processed: sum(requests.map((entry) => entry.processed)) };
      requestsPerMessage[path] = {
        issued: perMessage(requests.map((entry) => entry.issued).reduce(addCounts, {}), messages),
        atEmulators: perMessage(requests.map((entry) => entry.atEmulators).reduce(addCounts, {}), messages),
      };
    }
    byStorage[storage] = via;
    requestsByStorage[storage] = requestsPerMessage;
  }
  const storage = settings.storage[0]!;
  const via = byStorage[storage]!;
  const best = settings.via
    .map((path) => ({ via: path, messagesPerSecond: via[path]!.messagesPerSecond.median, concurrency: via[path]!.concurrency }))
    .reduce((a, b) => (b.messagesPerSecond > a.messagesPerSecond ? b : a));
  return {
    storage,
    via,
    best,
    requestsPerMessage: requestsByStorage[storage]!,
    byStorage,
    settings: {
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      sweepSeconds: settings.sweepSeconds,
      repeats: settings.repeats,
      accounts: settings.accounts,
      messageBytes: settings.messageBytes,
      clientThread: settings.clientThread,
      storage: settings.storage,
    },
    notes: [
      settings.clientThread === 'main'
        ? 'fauxqs, dynalite, the AWS proxy and the load generator all share this process\'s main thread. The runtime\'s emulators and proxy share its main thread too, but its functions\' SDK clients run in worker threads, so this ceiling also carries their CPU (clientThread \'worker\' moves them off).'
        : 'fauxqs, dynalite, the AWS proxy and the poller (receives, deletes) run on the main thread; the producers\' and consumers\' SDK clients run in one worker thread, as the runtime runs its functions.',
      'direct: dynalite has no transactions, so a message costs a conditional PutItem + an UpdateItem instead of one TransactWriteItems.',
      'proxy: the proxy runs each TransactWriteItems as single-item calls to dynalite under item locks (see requestsPerMessage.proxy.atEmulators).',
      'storage: disk keeps the emulators\' data in a fresh temporary folder (fauxqs SQLite with synchronous = NORMAL, dynalite LevelDB), as npm start does by default; memory is npm start -- --in-memory. via, best and requestsPerMessage are of the first storage measured; byStorage has every one.',
    ],
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundSummary = (summary: Summary): Summary => ({ median: round(summary.median), min: round(summary.min), max: round(summary.max) });

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const clientThread = process.argv.includes('--worker') ? 'worker' : 'main';
  const storage: CeilingStorage[] = process.argv.includes('--memory') ? ['memory'] : process.argv.includes('--both') ? ['disk', 'memory'] : ['disk'];
  const result = await measureCeiling(quick ? { seconds: 4, repeats: 3, concurrency: 16, clientThread, storage } : { clientThread, storage });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
