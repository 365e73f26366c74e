/**
 * Issue 5 point 5, cold start: the size of each function bundle and the time a fresh `node`
 * process needs to import it, against a bare `node -e 0` measured interleaved in the same run
 * (baseline, empty module, fn1, fn2, …, then again) so that the machine's noise hits every series alike.
 *
 * Per bundle: the parent's wall time of the whole child (spawn → exit), whose median minus the
 * baseline's median is the figure the target (≤ +40 ms) is about; the same minus a probe that imports
 * an empty module (the share no bundle change can remove: Node's ESM loader); and the child's own
 * timing of `await import(bundle)`, wall and CPU.
 *
 * Local only, for each template function on a Node that has it (24.12+): the same probe with a V8
 * compile cache built beforehand for that bundle in a temporary folder outside the repository
 * (`bench/cold-start/compile-cache.ts`), as one more interleaved series. It shows what a cache would
 * save if Lambda could use one built here; it cannot: the cache is keyed by the exact Node version
 * and CPU architecture, and Lambda runs arm64 on its own Node 24 patch release. Nothing of it ships.
 *
 * The children run on one Node binary (`node`, default this process's), or on several interleaved
 * ({@link measureColdStartsOn}); {@link compareColdStarts} runs the project's Node 24 against the
 * machine's Node 20. Standalone: `node --import tsx bench/cold-start.ts [--repeats N] [--assembly
 * cdk.out] [--extra name=dir …] [--node20]` prints the result as JSON.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BundleUnderTest, bundleSize, bundleFile, findFunctionBundles, lambdaEnvironment } from './cold-start/bundles.js';
import { buildCompileCache, createCompileCacheRoot, removeCompileCacheRoot, supportsCompileCache } from './cold-start/compile-cache.js';
import { findNode20, nodeVersion } from './cold-start/node-binaries.js';
import { BASELINE_ARGS, compileCacheProbeArgs, parseProbeReport, type ProbeReport, probeArgs, timeNodeProcess } from './cold-start/probe.js';
import { round, summarize, type TimingStats } from './cold-start/stats.js';
import { BenchError } from './errors.js';

export type { TimingStats } from './cold-start/stats.js';

/** Options of {@link measureColdStarts}. */
export interface ColdStartOptions {
  /** The cloud assembly (`cdk.out`) whose `AWS::Lambda::Function` bundles are measured. */
  readonly assemblyDir: string;
  /**
   * Fresh processes per series (baseline, empty module, each bundle, each template bundle with its
   * compile cache), after one unrecorded warm-up round. @default 15
   */
  readonly repeats?: number;
  /**
   * More bundles to time in the same run, e.g. the Powertools reference consumer built by
   * `reference/powertools/build.ts`. `dir` holds `index.mjs` exporting `handler`; the bundle gets the
   * union of the template functions' environment variables unless `environment` is given.
   */
  readonly extraBundles?: readonly { readonly name: string; readonly dir: string; readonly environment?: Readonly<Record<string, string>> }[];
  /** The Node binary the children run. @default process.execPath */
  readonly node?: string;
  /** Called after every child process. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** Size and start-up time of one bundle. Times in ms. */
export interface FunctionColdStart {
  /** Short name (`Producer`, `Consumer`) or the extra bundle's name. */
  readonly name: string;
  /** Size of the handler file (`index.mjs`), bytes. */
  readonly bundleBytes: number;
  /** Same file gzipped (zlib default level), bytes. */
  readonly gzipBytes: number;
  /** Spawn → exit of a child that imports the bundle, ms. */
  readonly wallMs: TimingStats;
  /** `wallMs.median` − `baselineMs.median`, ms: the cost of the bundle over a bare start. Target ≤ 40. */
  readonly overBaselineMs: number;
  /**
   * `wallMs.median` − `emptyModuleMs.median`, ms: the bundle's own cost, without what any ES module
   * handler pays (Node's ESM loader, which Lambda's runtime has started before it imports a handler).
   */
  readonly overEmptyModuleMs: number;
  /** `await import(bundle)` timed inside the child, ms. */
  readonly importMs: TimingStats;
  /** CPU time (user + system, all threads) of that import, ms: steadier than wall time on a busy machine. */
  readonly importCpuMs: TimingStats;
  /** Child's process start (time origin) → bundle imported, timed inside the child, ms. */
  readonly startToImportEndMs: TimingStats;
  /**
   * Local only: what a V8 compile cache would save if Lambda could use one built here; it cannot
   * (the cache is keyed by the exact Node version and CPU architecture). Size of the cache built
   * beforehand for this bundle, bytes. Template functions on a Node with a portable compile cache
   * (24.12+) only; absent otherwise, like the other `compileCache*` and `withCompileCacheMs`.
   */
  readonly compileCacheBytes?: number;
  /** Local only (see `compileCacheBytes`): spawn → exit of the probe importing the bundle with that cache, ms. */
  readonly withCompileCacheMs?: TimingStats;
  /** Local only (see `compileCacheBytes`): `withCompileCacheMs.median` − `baselineMs.median`, ms. No target. */
  readonly compileCacheOverBaselineMs?: number;
  /** Local only (see `compileCacheBytes`): CPU time of `await import(bundle)` with that cache, ms (compare with `importCpuMs`). */
  readonly compileCacheImportCpuMs?: TimingStats;
}

/** Result of {@link measureColdStarts}. Times in ms. */
export interface ColdStartResult {
  /** Spawn → exit of `node -e 0`, ms. */
  readonly baselineMs: TimingStats;
  /** Spawn → exit of the same probe importing an empty ES module (`bench/cold-start/empty-handler.mjs`), ms. */
  readonly emptyModuleMs: TimingStats;
  /** One entry per template function, then the extra bundles, in that order. */
  readonly functions: FunctionColdStart[];
  /** Recorded processes per series. */
  readonly repeats: number;
  /** Node version of the children. */
  readonly node: string;
  /** The Node binary the children ran. */
  readonly nodeBinary: string;
}

/** Cold starts on the project's Node (24, as Lambda runs the functions) and on the machine's Node 20. */
export interface ColdStartComparison {
  /** On the Node running the benchmark (`process.execPath`: the project's Node 24 under `npm run`). */
  readonly node24: ColdStartResult;
  /** On the machine's Node 20; absent when there is none (see `note`). */
  readonly node20?: ColdStartResult;
  /** Why `node20` is absent. */
  readonly note?: string;
}

interface Series {
  readonly label: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Node binary of the child. */
  readonly node: string;
  /** Whether the child is a probe that prints a {@link ProbeReport}. */
  readonly probe: boolean;
  readonly wall: number[];
  readonly reports: ProbeReport[];
}

/** The empty module the probe imports to measure its own cost. */
const EMPTY_MODULE = fileURLToPath(new URL('./cold-start/empty-handler.mjs', import.meta.url));

/**
 * Measures bundle sizes and cold-start times of every function in `assemblyDir` (plus `extraBundles`)
 * on `options.node`. Runs the children one at a time, interleaved, and kills none but its own.
 * Prints nothing. Throws `BenchError`: `INVALID_COLD_START_OPTIONS` for a bad `repeats`, `BUNDLE_NOT_FOUND` for a missing bundle, `PROBE_FAILED` for a failed import.
 */
export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult> {
  const [result] = await measureColdStartsOn([options.node ?? process.execPath], options);
  return result!;
}

/**
 * {@link measureColdStarts} on several Node binaries at once: every pass runs every series on each
 * binary in turn, so the machine's noise hits all of them alike. One result per binary, in order.
 */
export async function measureColdStartsOn(nodes: readonly string[], options: Omit<ColdStartOptions, 'node'>): Promise<ColdStartResult[]> {
  const repeats = options.repeats ?? 15;
  if (!Number.isInteger(repeats) || repeats < 1) throw new BenchError('INVALID_COLD_START_OPTIONS', `repeats must be a positive integer (got ${String(options.repeats)})`);
  if (nodes.length === 0) throw new BenchError('INVALID_COLD_START_OPTIONS', 'no Node binary to run');
  const templateBundles = findFunctionBundles(options.assemblyDir);
  const unionEnvironment = Object.assign({}, ...templateBundles.map((bundle) => bundle.environment)) as Record<string, string>;
  const bundles: BundleUnderTest[] = [
    ...templateBundles,
    ...(options.extraBundles ?? []).map((extra) => ({
      name: extra.name,
      file: bundleFile(resolve(extra.dir)),
      exportName: 'handler',
      environment: extra.environment ?? unionEnvironment,
    })),
  ];
  const envOf = (name: string, variables: Readonly<Record<string, string>> = {}) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin', ...lambdaEnvironment(name), ...variables,
  });
  const versions = nodes.map((node) => {
    const version = node === process.execPath ? process.version : nodeVersion(node);
    if (version === undefined) throw new BenchError('PROBE_FAILED', `cannot run the Node binary ${node}`);
    return version;
  });
  const suffix = (version: string) => (nodes.length > 1 ? ` (${version})` : '');
  const cacheRoot = createCompileCacheRoot();
  try {
    const perNode = nodes.map((node, nodeIndex) => {
      const at = suffix(versions[nodeIndex]!);
      const withCache = supportsCompileCache(versions[nodeIndex]!);
      return {
        baseline: newSeries(`node -e 0${at}`, BASELINE_ARGS, envOf('baseline'), node, false),
        empty: newSeries(`empty module${at}`, probeArgs(EMPTY_MODULE, 'handler'), envOf('empty'), node, true),
        series: bundles.map((bundle) => newSeries(`${bundle.name}${at}`, probeArgs(bundle.file, bundle.exportName), envOf(bundle.name, bundle.environment), node, true)),
        // Template functions only: the extra bundles are references, compared as they would run.
        cached: bundles.slice(0, withCache ? templateBundles.length : 0).map((bundle, index) => {
          const cacheDir = join(cacheRoot, `${nodeIndex}-${index}`);
          const label = `${bundle.name} with compile cache${at}`;
          return { bundle, cacheDir, bytes: 0, ...newSeries(label, compileCacheProbeArgs(bundle.file, bundle.exportName, cacheDir), envOf(bundle.name, bundle.environment), node, true) };
        }),
      };
    });

    // Each bundle's compile-cache series right after its plain one: the pair sees the same noise.
    const all = perNode.flatMap(({ baseline, empty, series, cached }) => [baseline, empty, ...series.flatMap((item, index) => [item, ...(cached[index] ? [cached[index]] : [])])]);
    const caches = perNode.flatMap(({ cached }) => cached);
    const total = caches.length + (repeats + 1) * all.length;
    let done = 0;
    for (const cache of caches) {
      const label = `${cache.label} (building the cache)`;
      cache.bytes = await buildCompileCache({ node: cache.node, file: cache.bundle.file, exportName: cache.bundle.exportName, cacheDir: cache.cacheDir, env: cache.env, label });
      options.onProgress?.(++done, total, label);
    }
    for (let pass = 0; pass <= repeats; pass++) {
      for (const item of all) {
        const run = await timeNodeProcess(item.args, item.env, item.label, item.node);
        const report = item.probe ? parseProbeReport(run.stdout, item.label) : undefined;
        if (pass > 0) {
          item.wall.push(run.wallMs);
          if (report !== undefined) item.reports.push(report);
        }
        options.onProgress?.(++done, total, pass === 0 ? `${item.label} (warm-up)` : item.label);
      }
    }

    return perNode.map(({ baseline, empty, series, cached }, nodeIndex) => {
      const baselineMs = summarize(baseline.wall);
      const emptyModuleMs = summarize(empty.wall);
      return {
        baselineMs,
        emptyModuleMs,
        functions: bundles.map((bundle, index): FunctionColdStart => {
          const measured = series[index]!;
          const wallMs = summarize(measured.wall);
          const cache = cached[index];
          return {
            name: bundle.name,
            ...bundleSize(bundle.file),
            wallMs,
            overBaselineMs: round(wallMs.median - baselineMs.median),
            overEmptyModuleMs: round(wallMs.median - emptyModuleMs.median),
            importMs: summarize(measured.reports.map((report) => report.importMs)),
            importCpuMs: summarize(measured.reports.map((report) => report.importCpuMs)),
            startToImportEndMs: summarize(measured.reports.map((report) => report.startToImportEndMs)),
            ...(cache === undefined ? {} : compileCacheFigures(cache, baselineMs)),
          };
        }),
        repeats,
        node: versions[nodeIndex]!,
        nodeBinary: nodes[nodeIndex]!,
      };
    });
  } finally {
    removeCompileCacheRoot(cacheRoot);
  }
}

/**
 * Cold starts on this process's Node (the project's Node 24 under `npm run`) and, interleaved, on
 * the machine's Node 20 ({@link findNode20}: `$CONVEYOR_BENCH_NODE20` or the first `node` on `PATH`
 * outside `node_modules`); without a Node 20, only the former, with a note saying why.
 */
export async function compareColdStarts(options: Omit<ColdStartOptions, 'node'>): Promise<ColdStartComparison> {
  const node20 = findNode20();
  if ('missing' in node20) return { node24: await measureColdStarts(options), note: `Node 20 skipped: ${node20.missing}` };
  const [node24, other] = await measureColdStartsOn([process.execPath, node20.path], options);
  return { node24: node24!, node20: other! };
}

/** The `compileCache*` figures of a {@link FunctionColdStart} from its compile-cache series. */
function compileCacheFigures(cache: Series & { readonly bytes: number }, baselineMs: TimingStats) {
  const withCompileCacheMs = summarize(cache.wall);
  return {
    compileCacheBytes: cache.bytes,
    withCompileCacheMs,
    compileCacheOverBaselineMs: round(withCompileCacheMs.median - baselineMs.median),
    compileCacheImportCpuMs: summarize(cache.reports.map((report) => report.importCpuMs)),
  };
}

function newSeries(label: string, args: readonly string[], env: Readonly<Record<string, string>>, node: string, probe: boolean): Series {
  return { label, args, env, node, probe, wall: [], reports: [] };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      assembly: { type: 'string', default: 'cdk.out' },
      repeats: { type: 'string', default: '15' },
      extra: { type: 'string', multiple: true, default: [] },
      node20: { type: 'boolean', default: false },
    },
  });
  const extraBundles = (values.extra ?? []).map((spec) => {
    const at = spec.indexOf('=');
    return at < 0 ? { name: spec, dir: spec } : { name: spec.slice(0, at), dir: spec.slice(at + 1) };
  });
  const options = { assemblyDir: values.assembly ?? 'cdk.out', repeats: Number(values.repeats), extraBundles };
  const result = values.node20 ? await compareColdStarts(options) : await measureColdStarts(options);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
