/**
 * `npm run bench` — Conveyor against its references, in one run on this machine: the emulator
 * ceiling, the pipeline's sustained rate and latency, the consumer against the Powertools reference
 * builds, requests and cost per message, and cold starts; the ceiling and the sustained rates with
 * the emulators' data on disk (the default) and in memory (`--in-memory`), and the cold starts on
 * the project's Node 24 and the machine's Node 20. Prints a table; writes
 * `bench/results/latest.json`, `latest.md` and `latency.svg`. `--quick` runs everything smaller.
 * Benchmarks are never tests: nothing here asserts a speed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { buildReferenceConsumer } from '../reference/powertools/build.js';
import { measureChaosDrain } from './chaos-drain.js';
import { type CeilingResult, measureCeiling } from './ceiling.js';
import { renderLatencyChart } from './chart.js';
import { compareColdStarts } from './cold-start.js';
import { type BenchConsumer, type ConsumerBenchResult, measureConsumer } from './consumers.js';
import { costFigures } from './cost-figures.js';
import { type InsertKindSection, measureInsertKind } from './insert-kind.js';
import { type LatencyPoint, measurePipeline, type PipelineSection } from './pipeline.js';
import { fifoOutageScenarios, outageScenarios, pastBudgetContext, runOutages } from './outages/run-outages.js';
import { persistenceFigures } from './persistence.js';
import { formatMarkdown, formatTable, targetsOf } from './report.js';
import { environmentInfo } from './support/environment-info.js';
import type { MeasuredCounts } from './usage.js';

const program = new Command('bench')
  .description('Measure Conveyor against its references on this machine and write bench/results/latest.{json,md} and latency.svg.')
  .option('--quick', 'fewer messages and repeats (about 2 minutes); the same table')
  .option('--skip <sections>', 'comma-separated sections to leave out: ceiling, pipeline, consumers, insert-kind, cold-start, outages, chaos-drain', '')
  .option('--out <dir>', 'folder to write the results to (a partial full-size run elsewhere leaves the published bench/results/latest.* alone)', 'bench/results')
  .option('--no-in-memory', 'measure the ceiling and the pipeline on disk only (no in-memory comparison)')
  .showHelpAfterError();
program.parse();
const flags = program.opts<{ quick?: boolean; skip: string; inMemory: boolean; out: string }>();
const quick = flags.quick === true;
const compareInMemory = flags.inMemory;
const skip = new Set(flags.skip.split(',').map((item) => item.trim()).filter(Boolean));

const projectDir = resolve(import.meta.dirname, '..');
const size = quick
  ? { ceilingSeconds: 3, ceilingRepeats: 1, ceilingConcurrency: [16] as number[] | undefined, sustained: 1000, sustainedSingle: 300, sustainedRepeats: 1, latencySeconds: 3, steadySeconds: 3, steadyProbes: 2, consumerMessages: 600, consumerRepeats: 1, insertKindMessages: 1000, coldRepeats: 5, outageMessages: 200, chaosMessages: 2000 }
  : { ceilingSeconds: 10, ceilingRepeats: 3, ceilingConcurrency: undefined, sustained: 6000, sustainedSingle: 1500, sustainedRepeats: 3, latencySeconds: 15, steadySeconds: 10, steadyProbes: 4, consumerMessages: 3000, consumerRepeats: 3, insertKindMessages: 6000, coldRepeats: 15, outageMessages: 1000, chaosMessages: 10_000 };

const bar = process.stderr.isTTY ? new SingleBar({ format: '{section} [{bar}] {percentage}% | {label}', hideCursor: true, stream: process.stderr }) : undefined;
let lastLine = '';
const progress = (section: string) => (done: number, total: number, label: string) => {
  if (bar) {
    bar.setTotal(total);
    bar.update(done, { section: section.padEnd(10), label });
    return;
  }
  const line = `${section}: ${label}`;
  if (line !== lastLine) process.stderr.write(`${line}\n`);
  lastLine = line;
};
const step = (section: string, label: string) => progress(section)(0, 1, label);
bar?.start(1, 0, { section: 'bench', label: 'starting' });

const began = performance.now();
const results: Record<string, unknown> = { measuredAt: new Date().toISOString(), quick, ...environmentInfo(projectDir) };
const sectionSeconds: Record<string, number> = {};
let sectionBegan = performance.now();
const endSection = (name: string) => {
  sectionSeconds[name] = (performance.now() - sectionBegan) / 1000;
  sectionBegan = performance.now();
};

try {
  let ceiling: CeilingResult | undefined;
  if (!skip.has('ceiling')) {
    step('ceiling', 'fauxqs + dynalite driven directly');
    ceiling = await measureCeiling({ seconds: size.ceilingSeconds, repeats: size.ceilingRepeats, ...(size.ceilingConcurrency ? { concurrency: size.ceilingConcurrency } : {}), storage: compareInMemory ? ['disk', 'memory'] : ['disk'], onProgress: progress('ceiling') });
    results.ceiling = ceiling;
    endSection('ceiling');
  }

  let batchCounts: MeasuredCounts | undefined;
  let singleCounts: MeasuredCounts | undefined;
  let pipeline: PipelineSection | undefined;
  if (!skip.has('pipeline')) {
    pipeline = await measurePipeline(projectDir, { ...size, compareInMemory }, progress('pipeline'));
    results.pipeline = pipeline.pipeline;
    ({ batchCounts, singleCounts } = pipeline);
    endSection('pipeline');
  }
  const persistence = persistenceFigures(ceiling, pipeline?.storage);
  if (persistence) results.persistence = persistence;

  const consumers: Partial<Record<BenchConsumer, ConsumerBenchResult>> = {};
  if (!skip.has('consumers')) {
    for (const consumer of ['conveyor', 'powertools', 'powertools-sequential'] as const) {
      step('consumers', `${consumer}: starting`);
      consumers[consumer] = await measureConsumer(projectDir, consumer, { messages: size.consumerMessages, repeats: size.consumerRepeats, onProgress: progress('consumers') });
    }
    results.consumers = consumers;
    endSection('consumers');
  }

  let insertKind: InsertKindSection | undefined;
  if (!skip.has('insert-kind')) {
    insertKind = await measureInsertKind(projectDir, size.insertKindMessages, (label) => step('insert kind', label));
    results.insertKind = { app: insertKind.app, type: insertKind.type, runs: insertKind.runs.map(({ counts: _counts, ...run }) => run) };
    endSection('insert kind');
  }


  if (!skip.has('cold-start')) {
    step('cold start', 'building the reference bundle');
    const reference = await buildReferenceConsumer('powertools', join(projectDir, '.conveyor', 'bench', 'reference'));
    // The bench stack's assembly when this run synthesized it, else the project's `cdk.out`.
    const assemblyDir = [join(projectDir, '.conveyor', 'bench', 'cdk.out'), join(projectDir, 'cdk.out')].find((dir) => existsSync(join(dir, 'manifest.json')));
    if (assemblyDir === undefined) throw new Error('no cloud assembly to time: run `npx cdk synth --quiet` (or the pipeline section) first');
    results.coldStart = await compareColdStarts({ assemblyDir, repeats: size.coldRepeats, extraBundles: [{ name: 'Powertools reference consumer', dir: reference }], onProgress: progress('cold start') });
    endSection('cold start');
  }

  if (batchCounts && singleCounts && consumers.powertools && consumers.conveyor) {
    const coldStart = results.coldStart as Awaited<ReturnType<typeof compareColdStarts>> | undefined;
    results.cost = costFigures({ batch: batchCounts, single: singleCounts, conveyor: consumers.conveyor, reference: consumers.powertools, ...(insertKind ? { insertKind } : {}), ...(coldStart ? { coldStart: coldStart.node24 } : {}) });
  }

  if (!skip.has('outages')) {
    const scenarios = outageScenarios(size.outageMessages);
    const log = (line: string) => step('outages', line);
    const withinBudget = await runOutages(projectDir, 'bench-within-budget', [], scenarios.withinBudget, log);
    const [pastBudget] = await runOutages(projectDir, 'bench-past-budget', pastBudgetContext(), [scenarios.pastBudget], log);
    const fifo = await runOutages(projectDir, 'bench-fifo', ['fifo=true'], fifoOutageScenarios(size.outageMessages), log);
    results.outages = { withinBudget, pastBudget, fifo };
    endSection('outages');
  }

  if (!skip.has('chaos-drain')) {
    step('chaos', `the chaos suite at ${size.chaosMessages} messages`);
    results.chaosDrain = await measureChaosDrain(projectDir, size.chaosMessages);
    endSection('chaos-drain');
  }
} finally {
  bar?.stop();
}

results.seconds = (performance.now() - began) / 1000;
results.sectionSeconds = sectionSeconds;
results.targets = targetsOf(results);
const outDir = resolve(projectDir, flags.out);
mkdirSync(outDir, { recursive: true });
// A quick run never replaces the published full results.
const name = quick ? 'quick' : 'latest';
writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
const pipeline = results.pipeline as { latency: LatencyPoint[] } | undefined;
if (pipeline) {
  const svg = await renderLatencyChart([{ name: 'Conveyor (batch ingest)', points: pipeline.latency }], { title: 'End-to-end latency vs throughput (embedded runtime)', targetLatencyMs: 100, targetLabel: 'p99 target at 50 %: 100 ms' });
  writeFileSync(join(outDir, quick ? 'quick-latency.svg' : 'latency.svg'), svg);
}
writeFileSync(join(outDir, `${name}.md`), formatMarkdown(results, quick ? 'quick-latency.svg' : 'latency.svg'));
process.stdout.write(`\n${formatTable(results)}\n\nwrote ${join(relative(projectDir, outDir) || '.', name)}.json, ${name}.md${pipeline ? ` and the chart` : ''} in ${(results.seconds as number).toFixed(0)} s\n`);
