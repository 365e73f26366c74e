/**
 * The cost of persistence: the emulator ceiling and the pipeline's sustained rates with the
 * emulators' data on disk (the runtime's default: fauxqs' SQLite, dynalite's LevelDB) against the
 * same in memory (`--in-memory`), both measured interleaved in the same run. `latest.json`'s
 * `persistence`.
 */
import type { CeilingResult } from './ceiling.js';
import type { StorageRates } from './pipeline.js';

/** Messages per second of one storage, and disk ÷ memory. */
export interface StorageComparison<Key extends string> {
  readonly disk: Record<Key, number>;
  readonly memory: Record<Key, number>;
  /** disk ÷ memory per figure: 1 means persistence costs nothing, 0.75 means it costs 25 %. */
  readonly diskOverMemory: Record<Key, number>;
}

/** `latest.json`'s `persistence`; a half is absent when its section was skipped or measured one storage only. */
export interface PersistenceFigures {
  /** Emulator ceiling medians, msg/s: through the runtime's AWS endpoint (`proxy`) and straight to the emulators (`direct`). */
  readonly ceiling?: StorageComparison<'proxy' | 'direct'>;
  /** Pipeline sustained medians, msg/s: batch and single ingest; `runs` has every run's rate, in run order. */
  readonly pipeline?: StorageComparison<'batch' | 'single'> & { readonly runs: Record<'disk' | 'memory', { readonly batch: readonly number[]; readonly single: readonly number[] }> };
  /** The target: persistence costs at most 25 % of the pipeline's rate, i.e. disk ÷ memory ≥ this. */
  readonly targetDiskOverMemory: number;
}

/** disk ÷ memory of the pipeline rate the target asks for (persistence costs at most 25 %). */
export const PERSISTENCE_TARGET = 0.75;

/** Builds {@link PersistenceFigures} from the ceiling's `byStorage` and the pipeline's storage rates. */
export function persistenceFigures(ceiling: CeilingResult | undefined, pipeline: { disk: StorageRates; memory?: StorageRates } | undefined): PersistenceFigures | undefined {
  const disk = ceiling?.byStorage.disk;
  const memory = ceiling?.byStorage.memory;
  const ceilingFigures = disk && memory
    ? compare({ proxy: disk.proxy?.messagesPerSecond.median ?? Number.NaN, direct: disk.direct?.messagesPerSecond.median ?? Number.NaN }, { proxy: memory.proxy?.messagesPerSecond.median ?? Number.NaN, direct: memory.direct?.messagesPerSecond.median ?? Number.NaN })
    : undefined;
  const runsOf = (rates: StorageRates) => ({ batch: rates.batchRuns.map((rate) => Math.round(rate * 10) / 10), single: rates.singleRuns.map((rate) => Math.round(rate * 10) / 10) });
  const pipelineFigures = pipeline?.memory
    ? {
      ...compare({ batch: pipeline.disk.batch, single: pipeline.disk.single }, { batch: pipeline.memory.batch, single: pipeline.memory.single }),
      runs: { disk: runsOf(pipeline.disk), memory: runsOf(pipeline.memory) },
    }
    : undefined;
  if (!ceilingFigures && !pipelineFigures) return undefined;
  return { ...(ceilingFigures ? { ceiling: ceilingFigures } : {}), ...(pipelineFigures ? { pipeline: pipelineFigures } : {}), targetDiskOverMemory: PERSISTENCE_TARGET };
}

function compare<Key extends string>(disk: Record<Key, number>, memory: Record<Key, number>): StorageComparison<Key> {
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  const keys = Object.keys(disk) as Key[];
  const map = (f: (key: Key) => number) => Object.fromEntries(keys.map((key) => [key, f(key)])) as Record<Key, number>;
  return {
    disk: map((key) => round(disk[key], 1)),
    memory: map((key) => round(memory[key], 1)),
    diskOverMemory: map((key) => round(disk[key] / memory[key], 3)),
  };
}
