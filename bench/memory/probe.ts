/**
 * Diagnostic preload for the runtime process (`node --import tsx --import ./bench/memory/probe.ts
 * cli/conveyor.ts start …`), used by `bench/memory.ts --probe`. It changes nothing the runtime does: it
 * keeps a list of the worker threads started, and every `CONVEYOR_MEMORY_PROBE_MS` (default 5000)
 * writes to `CONVEYOR_MEMORY_PROBE` (a JSON file) the main thread's `process.memoryUsage()` and V8
 * heap statistics and each live worker's heap statistics (`worker.getHeapStatistics()`). On
 * SIGUSR2 it writes heap snapshots of the main thread and of every worker next to that file.
 */
import { writeFileSync, createWriteStream } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { pipeline } from 'node:stream/promises';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import workerThreads from 'node:worker_threads';

const file = process.env.CONVEYOR_MEMORY_PROBE;
const intervalMs = Number(process.env.CONVEYOR_MEMORY_PROBE_MS ?? 5_000);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

if (file !== undefined && workerThreads.isMainThread) {
  const live = new Set<workerThreads.Worker>();
  const Original = workerThreads.Worker;
  class TrackedWorker extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      live.add(this);
      this.once('exit', () => live.delete(this));
    }
  }
  workerThreads.Worker = TrackedWorker;
  syncBuiltinESMExports();

  const heap = (stats: ReturnType<typeof getHeapStatistics>) => ({
    usedMb: mb(stats.used_heap_size),
    totalMb: mb(stats.total_heap_size),
    physicalMb: mb(stats.total_physical_size),
    externalMb: mb(stats.external_memory),
    mallocedMb: mb(stats.malloced_memory),
    limitMb: mb(stats.heap_size_limit),
  });

  const sample = async () => {
    const usage = process.memoryUsage();
    const workers = await Promise.all([...live].map(async (worker) => {
      try {
        return { threadId: worker.threadId, ...heap(await worker.getHeapStatistics() as ReturnType<typeof getHeapStatistics>) };
      } catch {
        return undefined;
      }
    }));
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_used_size)]));
    writeFileSync(file, JSON.stringify({
      at: Date.now(),
      process: { rssMb: mb(usage.rss), arrayBuffersMb: mb(usage.arrayBuffers) },
      main: { ...heap(getHeapStatistics()), spaces },
      workers: workers.filter((worker) => worker !== undefined),
    }));
  };
  setInterval(() => void sample().catch(() => undefined), intervalMs).unref();

  process.on('SIGUSR2', () => {
    const stamp = Date.now();
    writeHeapSnapshot(`${file}.${stamp}.main.heapsnapshot`);
    for (const worker of live) {
      void worker.getHeapSnapshot()
        .then((stream) => pipeline(stream, createWriteStream(`${file}.${stamp}.worker-${worker.threadId}.heapsnapshot`)))
        .catch(() => undefined);
    }
  });
}
