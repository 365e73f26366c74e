/**
 * `npm exec -- node --import tsx bench/memory/instance-cost.ts [--count 5]` — what one function
 * instance (a worker thread from `local/lambda/instance.ts`) costs in resident memory, without the
 * rest of the runtime: for a bare handler (`export const handler = async () => ({})`) and for each
 * function bundle in `cdk.out`, a fresh process starts `--count` instances, waits until their
 * handler module is loaded, and reports the RSS added per instance and each worker's V8 heap.
 * Writes `bench/results/memory-instances.json` (or `--out`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { Instance } from '../../local/lambda/instance.js';
import { readStackArtifact } from '../../local/template/cloud-assembly.js';
import type { FunctionSpec } from '../../local/template/specs.js';
import { buildStackSpec } from '../../local/template/stack-model.js';
import { processMemory, projectDir } from './runtime-process.js';

const { values } = parseArgs({ options: { kind: { type: 'string' }, count: { type: 'string', default: '5' }, out: { type: 'string' } } });
const count = Number(values.count);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function specs(): readonly FunctionSpec[] {
  const artifact = readStackArtifact(join(projectDir, 'cdk.out'));
  return buildStackSpec(artifact, { sqsEndpoint: 'http://127.0.0.1:9', apiKeyValue: () => 'unused' }).functions;
}

interface KindResult { kind: string; count: number; baseRssMb: number; rssMb: number; perInstanceMb: number; heapUsedMb: number; heapTotalMb: number; initMs: number }

/** In this process: starts `count` instances of one kind and measures them. */
async function measure(kind: string): Promise<KindResult> {
  let bare: string | undefined;
  let spec: FunctionSpec;
  if (kind === 'bare') {
    bare = mkdtempSync(join(tmpdir(), 'conveyor-bare-'));
    writeFileSync(join(bare, 'index.mjs'), 'export const handler = async () => ({});\n');
    const template = specs()[0] as FunctionSpec;
    spec = { ...template, name: 'Bare', assetDir: bare, handler: 'index.handler', environment: {} };
  } else {
    const found = specs().find((candidate) => candidate.name === kind);
    if (!found) throw new Error(`no function ${kind} in cdk.out`);
    spec = found;
  }
  // The worker bootstrap is bundled once per process; do it before the baseline.
  const warmUp = new Instance(spec, { region: 'us-east-1', extraEnvironment: {}, onLog: () => undefined, onExit: () => undefined });
  await warmUp.ready;
  await warmUp.terminate();
  await sleep(1_000);
  const base = processMemory(process.pid)?.rssMb ?? NaN;
  const instances = Array.from({ length: count }, () => new Instance(spec, { region: 'us-east-1', extraEnvironment: {}, onLog: () => undefined, onExit: () => undefined }));
  const inits = await Promise.all(instances.map((instance) => instance.ready));
  await sleep(2_000);
  const after = processMemory(process.pid)?.rssMb ?? NaN;
  const heaps = await Promise.all(instances.map((instance) => (instance as unknown as { worker: Worker }).worker.getHeapStatistics()));
  await Promise.all(instances.map((instance) => instance.terminate()));
  if (bare) rmSync(bare, { recursive: true, force: true });
  const failed = inits.find((init) => !init.ok);
  if (failed && !failed.ok) throw new Error(`${kind} did not load: ${failed.error.errorMessage}`);
  const average = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
  return {
    kind,
    count,
    baseRssMb: Math.round(base),
    rssMb: Math.round(after),
    perInstanceMb: Math.round(((after - base) / count) * 10) / 10,
    heapUsedMb: average(heaps.map((heap) => mb(heap.used_heap_size))),
    heapTotalMb: average(heaps.map((heap) => mb(heap.total_heap_size))),
    initMs: average(inits.map((init) => init.initDurationMs)),
  };
}

if (values.kind) {
  process.stdout.write(`${JSON.stringify(await measure(values.kind))}\n`);
  process.exit(0);
} else {
  const kinds = ['bare', ...specs().map((spec) => spec.name)];
  const results: KindResult[] = [];
  for (const kind of kinds) {
    const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--kind', kind, '--count', String(count)], { cwd: projectDir }).toString();
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as KindResult;
    results.push(result);
    process.stdout.write(`${kind.padEnd(10)} ${count} instances: +${result.perInstanceMb} MB RSS each (heap used ${result.heapUsedMb} / total ${result.heapTotalMb} MB), init ${result.initMs} ms\n`);
  }
  const out = values.out ?? join(projectDir, 'bench', 'results', 'memory-instances.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
