/**
 * Cold-start cost of each bundle, measured as `bench/cold-start.ts` measures the functions (its
 * probe, reused): fresh `node` processes that import the bundle, interleaved with a bare
 * `node -e 0` and with the probe importing an empty module, one warm-up round unrecorded, then
 * `repeats` rounds; medians.
 */
import { fileURLToPath } from 'node:url';
import { BASELINE_ARGS, parseProbeReport, probeArgs, timeNodeProcess } from '../cold-start/probe.js';
import { round, summarize } from '../cold-start/stats.js';

/** Import timings of one bundle, ms (medians over the recorded rounds). */
export interface ImportCost {
  /** Spawn → exit of the probe child. */
  readonly wallMs: number;
  /** `wallMs` − the median of `node -e 0`: the figure the ≤ +40 ms target is about. */
  readonly overBaselineMs: number;
  /** `wallMs` − the median of the probe importing an empty module: the bundle's own share. */
  readonly overEmptyModuleMs: number;
  /** `await import(bundle)` timed inside the child. */
  readonly importMs: number;
  /** CPU time (user + system) of that import. */
  readonly importCpuMs: number;
}

/** What {@link measureImports} returns. */
export interface ImportCosts {
  /** Median of `node -e 0`, ms. */
  readonly baselineMs: number;
  /** Median of the probe importing an empty module, ms. */
  readonly emptyModuleMs: number;
  /** Per bundle, in the order given. */
  readonly bundles: readonly ImportCost[];
}

const EMPTY_MODULE = fileURLToPath(new URL('../cold-start/empty-handler.mjs', import.meta.url));

/**
 * Times `repeats` fresh imports of each of `files` (each exporting `exportName`) on this process's
 * Node, interleaved with the two baselines. Children get only `PATH`.
 */
export async function measureImports(files: readonly string[], exportName: string, repeats: number, onProgress?: (label: string) => void): Promise<ImportCosts> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const series = [
    { label: 'node -e 0', args: BASELINE_ARGS, probe: false },
    { label: 'empty module', args: probeArgs(EMPTY_MODULE, 'handler'), probe: true },
    ...files.map((file) => ({ label: file, args: probeArgs(file, exportName), probe: true })),
  ].map((item) => ({ ...item, wall: [] as number[], importMs: [] as number[], importCpuMs: [] as number[] }));

  for (let pass = 0; pass <= repeats; pass++) {
    for (const item of series) {
      const run = await timeNodeProcess(item.args, env, item.label);
      if (pass === 0) continue;
      item.wall.push(run.wallMs);
      if (item.probe) {
        const report = parseProbeReport(run.stdout, item.label);
        item.importMs.push(report.importMs);
        item.importCpuMs.push(report.importCpuMs);
      }
    }
    onProgress?.(`cold start: round ${pass}/${repeats}${pass === 0 ? ' (warm-up)' : ''}`);
  }

  const [baseline, empty, ...bundles] = series.map((item) => ({
    wallMs: summarize(item.wall).median,
    importMs: summarize(item.importMs).median,
    importCpuMs: summarize(item.importCpuMs).median,
  }));
  return {
    baselineMs: baseline!.wallMs,
    emptyModuleMs: empty!.wallMs,
    bundles: bundles.map((bundle) => ({
      ...bundle,
      overBaselineMs: round(bundle.wallMs - baseline!.wallMs),
      overEmptyModuleMs: round(bundle.wallMs - empty!.wallMs),
    })),
  };
}
