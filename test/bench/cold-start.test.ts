import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureColdStarts } from '../../bench/cold-start.js';
import { bundleFile, bundleSize, findFunctionBundles, resolveEnvironment } from '../../bench/cold-start/bundles.js';
import { directoryBytes, supportsCompileCache } from '../../bench/cold-start/compile-cache.js';
import { findNode20 } from '../../bench/cold-start/node-binaries.js';
import { parseProbeReport } from '../../bench/cold-start/probe.js';
import { summarize } from '../../bench/cold-start/stats.js';
import { miniTemplate, writeAssembly as writeAssemblyDir } from '../local/support/assembly.js';
import { benchError } from './bench-error.js';

const tempDirs: string[] = [];
const track = (dir: string) => { tempDirs.push(dir); return dir; };
const tempDir = () => track(mkdtempSync(join(tmpdir(), 'cold-start-')));
const writeAssembly = (...args: Parameters<typeof writeAssemblyDir>) => track(writeAssemblyDir(...args));

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('summarize', () => {
  it('takes the middle value of an odd count, the 90th percentile by nearest rank and the minimum', () => {
    const samples = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100, 110];

    const stats = summarize(samples);

    expect(stats).toEqual({ median: 60, p90: 100, min: 10 });
  });

  it('averages the two middle values of an even count and rounds to 0.1 ms', () => {
    expect(summarize([1.04, 2.11, 3, 4]).median).toBe(2.6);
  });

  it('answers zeros for no samples', () => {
    expect(summarize([])).toEqual({ median: 0, p90: 0, min: 0 });
  });
});

describe('parseProbeReport', () => {
  it('reads the last line the probe printed', () => {
    const stdout = 'a log line\n{"importMs":12.5,"importCpuMs":10,"startToImportEndMs":40}\n';

    expect(parseProbeReport(stdout, 'Fn')).toEqual({ importMs: 12.5, importCpuMs: 10, startToImportEndMs: 40 });
  });

  it.each(['', 'not json', '{"importMs":1}'])('fails the probe of the function it names for %j', (stdout) => {
    expect(() => parseProbeReport(stdout, 'Fn')).toThrow(benchError('PROBE_FAILED', 'Fn'));
  });
});

describe('resolveEnvironment', () => {
  const context = { ref: (id: string) => `ref-${id}`, getAtt: () => { throw new Error('no local value'); } };

  it('resolves intrinsics and keeps plain values', () => {
    expect(resolveEnvironment({ QUEUE_URL: { Ref: 'Queue' }, PLAIN: 'x', COUNT: 5 }, context)).toEqual({ QUEUE_URL: 'ref-Queue', PLAIN: 'x', COUNT: '5' });
  });

  it('puts a placeholder where an intrinsic has no local value', () => {
    expect(resolveEnvironment({ KEY_ARN: { 'Fn::GetAtt': ['Key', 'Arn'] } }, context)).toEqual({ KEY_ARN: 'placeholder-KEY_ARN' });
  });
});

describe('findFunctionBundles', () => {
  it('finds each function with its short name, bundle file, export and resolved environment', () => {
    const assembly = writeAssembly(miniTemplate());

    const [bundle, ...others] = findFunctionBundles(assembly);

    expect(others).toEqual([]);
    expect(bundle).toMatchObject({ name: 'Worker', file: join(assembly, 'asset.worker', 'index.mjs'), exportName: 'handler' });
    expect(bundle?.environment.QUEUE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\d{12}\/Mini-Queue$/);
    expect(bundle?.environment.PLAIN).toBe('x');
  });

  it('rejects a function without a bundled asset, naming it', () => {
    const template = miniTemplate({ resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } } } });

    expect(() => findFunctionBundles(writeAssembly(template))).toThrow(benchError('BUNDLE_NOT_FOUND', 'Fn'));
  });
});

describe('bundleFile and bundleSize', () => {
  it('prefers index.mjs and measures raw and gzipped bytes', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'index.js'), 'x');
    writeFileSync(join(dir, 'index.mjs'), 'a'.repeat(10_000));

    const file = bundleFile(dir);
    const size = bundleSize(file);

    expect(file).toBe(join(dir, 'index.mjs'));
    expect(size.bundleBytes).toBe(10_000);
    expect(size.gzipBytes).toBeLessThan(200);
  });

  it('rejects a folder that holds no handler module', () => {
    expect(() => bundleFile(tempDir())).toThrow(benchError('BUNDLE_NOT_FOUND'));
  });
});

describe('supportsCompileCache', () => {
  it.each(['v24.12.0', 'v24.22.3', 'v25.0.0'])('is true for %s, which takes a portable cache folder', (version) => {
    expect(supportsCompileCache(version)).toBe(true);
  });

  it.each(['v20.20.2', 'v22.22.0', 'v24.11.1', 'not a version'])('is false for %s', (version) => {
    expect(supportsCompileCache(version)).toBe(false);
  });
});

describe('directoryBytes', () => {
  it('adds up the files in nested folders', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'v24-x64'));
    writeFileSync(join(dir, 'a'), 'x'.repeat(100));
    writeFileSync(join(dir, 'v24-x64', 'b'), 'y'.repeat(23));

    expect(directoryBytes(dir)).toBe(123);
  });

  it('answers 0 for a folder that does not exist', () => {
    expect(directoryBytes(join(tempDir(), 'missing'))).toBe(0);
  });
});

describe('measureColdStarts', () => {
  const workerSource = "if (!process.env.QUEUE_URL) throw new Error('QUEUE_URL');\nexport const handler = async () => 1;";

  it('times every function and extra bundle in fresh processes and reports their sizes', async () => {
    const assembly = writeAssembly(miniTemplate(), { assets: { 'asset.worker': workerSource } });
    const extra = tempDir();
    writeFileSync(join(extra, 'index.mjs'), "if (!process.env.TABLE) throw new Error('TABLE');\nexport async function handler() {}");
    const progress: string[] = [];

    const result = await measureColdStarts({ assemblyDir: assembly, repeats: 1, extraBundles: [{ name: 'reference', dir: extra }], onProgress: (_done, _total, label) => progress.push(label) });

    expect(result.repeats).toBe(1);
    expect(result.functions.map((fn) => fn.name)).toEqual(['Worker', 'reference']);
    expect(result.functions[0]?.bundleBytes).toBeGreaterThan(0);
    expect(result.functions.every((fn) => fn.importMs.median > 0 && fn.wallMs.median > 0)).toBe(true);
    expect(result.baselineMs.median).toBeGreaterThan(0);
    // Two passes (warm-up, one recorded) of the baseline, the empty module, each bundle and the
    // template function's compile-cache series, after that cache is built.
    const cacheSeries = supportsCompileCache(process.version) ? 1 : 0;
    expect(progress).toHaveLength(cacheSeries + 2 * (4 + cacheSeries));
  });

  it.runIf(supportsCompileCache(process.version))('times each template function again with a compile cache built beforehand, and not the extra bundles', async () => {
    const assembly = writeAssembly(miniTemplate(), { assets: { 'asset.worker': workerSource } });
    const extra = tempDir();
    writeFileSync(join(extra, 'index.mjs'), 'export async function handler() {}');
    const progress: string[] = [];

    const result = await measureColdStarts({ assemblyDir: assembly, repeats: 1, extraBundles: [{ name: 'reference', dir: extra }], onProgress: (_done, _total, label) => progress.push(label) });

    const [worker, reference] = result.functions;
    expect(progress.findIndex((label) => label.includes('building the cache'))).toBe(0);
    expect(worker?.compileCacheBytes).toBeGreaterThan(0);
    expect(worker?.withCompileCacheMs?.median).toBeGreaterThan(0);
    expect(worker?.compileCacheImportCpuMs?.median).toBeGreaterThan(0);
    expect(worker?.compileCacheOverBaselineMs).toBeCloseTo(worker!.withCompileCacheMs!.median - result.baselineMs.median, 0);
    expect(reference).not.toHaveProperty('compileCacheBytes');
    expect(reference).not.toHaveProperty('withCompileCacheMs');
  });

  const node20 = findNode20();
  it.runIf('path' in node20)('leaves the compile-cache figures out on a Node without a portable compile cache', async () => {
    const assembly = writeAssembly(miniTemplate(), { assets: { 'asset.worker': workerSource } });

    const result = await measureColdStarts({ assemblyDir: assembly, repeats: 1, node: 'path' in node20 ? node20.path : '' });

    expect(result.functions[0]).not.toHaveProperty('compileCacheBytes');
    expect(result.functions[0]).not.toHaveProperty('compileCacheOverBaselineMs');
  });

  it.each([0, 2.5])('rejects repeats %s', async (repeats) => {
    await expect(measureColdStarts({ assemblyDir: writeAssembly(miniTemplate()), repeats })).rejects.toThrow(benchError('INVALID_COLD_START_OPTIONS', 'repeats'));
  });

  it('fails the probe of a bundle that does not export its handler, naming the function', async () => {
    const assembly = writeAssembly(miniTemplate(), { assets: { 'asset.worker': 'export const other = 1;' } });

    await expect(measureColdStarts({ assemblyDir: assembly, repeats: 1 })).rejects.toThrow(benchError('PROBE_FAILED', 'Worker'));
  });
});
