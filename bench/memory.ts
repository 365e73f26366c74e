/**
 * `npm exec -- node --import tsx bench/memory.ts` — memory of the local runtime under a steady
 * load: starts `cli/conveyor.ts start` as a child process (temporary state dir, free loopback ports), takes
 * its idle RSS, sends `ledger.credit` messages through the API at `--rate` msg/s for `--seconds`
 * (open loop, `ops/load.ts`), samples the child's RSS (/proc/<pid>/status) and the warm instances
 * per function (/_conveyor/health) every `--sample` seconds, stops the runtime, prints a table
 * and writes `bench/results/memory.json` (or `--out`).
 *
 * Options: --seconds N (300) --rate N (100) --sample N (5) --settle N (10: seconds after the load
 * before the final sample) --max-instances N --idle-timeout N --probe (main/worker heap breakdown
 * via bench/memory/probe.ts) --snapshot (also heap snapshots after the load) --label TEXT --out FILE --arg FLAG (extra runtime flag, repeatable).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ConveyorApi } from '../ops/api-client.js';
import { runLoad } from '../ops/load.js';
import { LoadPlan } from '../ops/load-plan.js';
import { type FunctionCounts, functionCounts, processMemory, projectDir, type RuntimeProcess, startRuntime } from './memory/runtime-process.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '100' },
    sample: { type: 'string', default: '5' },
    settle: { type: 'string', default: '10' },
    'max-instances': { type: 'string' },
    'idle-timeout': { type: 'string' },
    probe: { type: 'boolean', default: false },
    snapshot: { type: 'boolean', default: false },
    label: { type: 'string' },
    out: { type: 'string', default: join(projectDir, 'bench', 'results', 'memory.json') },
    arg: { type: 'string', multiple: true, default: [] },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const sampleMs = Number(values.sample) * 1000;
const settleMs = Number(values.settle) * 1000;
if (!(seconds > 0) || !(rate > 0) || !(sampleMs > 0) || !(settleMs >= 0)) throw new Error('--seconds, --rate and --sample must be positive numbers, --settle ≥ 0');
if (rate > 1_000) throw new Error('--rate is at most 1000 msg/s (a local benchmark, not a stress test)');

interface Sample {
  readonly t: number;
  readonly phase: 'idle' | 'load' | 'settle';
  readonly rssMb: number;
  readonly anonMb: number;
  readonly threads: number;
  readonly instances: Record<string, number>;
  readonly probe?: ProbeSummary;
}
interface ProbeSummary { mainUsedMb: number; mainTotalMb: number; mainExternalMb: number; arrayBuffersMb: number; workers: number; workersUsedMb: number; workersTotalMb: number }

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function readProbe(file: string): ProbeSummary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const probe = JSON.parse(readFileSync(file, 'utf8')) as {
      process: { arrayBuffersMb: number };
      main: { usedMb: number; totalMb: number; externalMb: number };
      workers: { usedMb: number; totalMb: number }[];
    };
    const sum = (key: 'usedMb' | 'totalMb') => round(probe.workers.reduce((total, worker) => total + worker[key], 0));
    return {
      mainUsedMb: probe.main.usedMb, mainTotalMb: probe.main.totalMb, mainExternalMb: probe.main.externalMb, arrayBuffersMb: probe.process.arrayBuffersMb,
      workers: probe.workers.length, workersUsedMb: sum('usedMb'), workersTotalMb: sum('totalMb'),
    };
  } catch {
    return undefined; // caught mid-write: the next sample reads it
  }
}

async function takeSample(runtime: RuntimeProcess, began: number, phase: Sample['phase'], probeFile: string | undefined): Promise<Sample | undefined> {
  const memory = processMemory(runtime.pid);
  if (memory === undefined) return undefined;
  const counts: FunctionCounts = await functionCounts(runtime.outputs.RuntimeUrl ?? '') ?? {};
  const probe = probeFile === undefined ? undefined : readProbe(probeFile);
  return {
    t: round((performance.now() - began) / 1000),
    phase,
    rssMb: round(memory.rssMb),
    anonMb: round(memory.anonMb),
    threads: memory.threads,
    instances: Object.fromEntries(Object.entries(counts).map(([name, stats]) => [name, stats.instances])),
    ...(probe ? { probe } : {}),
  };
}

function describe(sample: Sample): string {
  const instances = Object.entries(sample.instances).map(([name, count]) => `${name} ${count}`).join(', ');
  const probe = sample.probe
    ? ` | main heap ${sample.probe.mainUsedMb}/${sample.probe.mainTotalMb} MB, ${sample.probe.workers} workers' heaps ${sample.probe.workersUsedMb}/${sample.probe.workersTotalMb} MB`
    : '';
  return `  ${sample.t.toFixed(0).padStart(4)} s ${sample.phase.padEnd(6)} RSS ${sample.rssMb.toFixed(0).padStart(4)} MB (anon ${sample.anonMb.toFixed(0)}), threads ${sample.threads}, instances: ${instances}${probe}\n`;
}

async function main(): Promise<void> {
  const runtimeArgs = [
    ...(values['max-instances'] ? ['--max-instances', values['max-instances']] : []),
    ...(values['idle-timeout'] ? ['--idle-timeout', values['idle-timeout']] : []),
    ...values.arg,
  ];
  const probeFile = values.probe || values.snapshot ? join(tmpdir(), `conveyor-memory-probe-${process.pid}.json`) : undefined;
  const runtime = await startRuntime({
    args: runtimeArgs,
    ...(probeFile ? { nodeArgs: ['--import', './bench/memory/probe.ts'], env: { ...process.env, CONVEYOR_MEMORY_PROBE: probeFile, CONVEYOR_MEMORY_PROBE_MS: String(Math.min(sampleMs, 5_000)) } } : {}),
  });
  const stopRuntime = () => void runtime.stop(2_000);
  process.once('SIGINT', stopRuntime);
  process.once('SIGTERM', stopRuntime);
  const samples: Sample[] = [];
  const began = performance.now();
  let summary: Awaited<ReturnType<typeof runLoad>> | undefined;
  try {
    process.stdout.write(`runtime pid ${runtime.pid} ready in ${(runtime.readyMs / 1000).toFixed(1)} s (${runtime.outputs.RuntimeUrl}); flags: ${runtimeArgs.join(' ') || '(defaults)'}\n`);
    await sleep(Math.max(3_000, probeFile ? 6_000 : 0));
    const idle = await takeSample(runtime, began, 'idle', probeFile);
    if (idle) process.stdout.write(describe(idle));

    let phase: Sample['phase'] = 'load';
    const sampler = setInterval(() => {
      void takeSample(runtime, began, phase, probeFile).then((sample) => {
        if (!sample) return;
        samples.push(sample);
        process.stdout.write(describe(sample));
      });
    }, sampleMs);
    const api = new ConveyorApi({ apiUrl: runtime.outputs.ApiUrl ?? '', apiKey: runtime.outputs.ApiKey ?? '' });
    const plan = new LoadPlan({ count: Math.round(rate * seconds), runId: `mem-${randomBytes(3).toString('hex')}` });
    process.stdout.write(`sending ${plan.total} messages at ${rate}/s for ${seconds} s …\n`);
    summary = await runLoad({ api, plan, ratePerSecond: rate, concurrency: 32 });
    phase = 'settle';
    await sleep(settleMs);
    clearInterval(sampler);
    const final = await takeSample(runtime, began, 'settle', probeFile);
    if (final) {
      samples.push(final);
      process.stdout.write(describe(final));
    }
    const hwmMb = processMemory(runtime.pid)?.hwmMb ?? NaN;
    if (values.snapshot && probeFile) {
      process.kill(runtime.pid, 'SIGUSR2');
      await sleep(30_000); // the main thread's snapshot is synchronous; the workers' stream in
      process.stdout.write(`heap snapshots: ${probeFile}.*.heapsnapshot\n`);
    }
    await runtime.stop();
    report(idle, samples, hwmMb, summary, runtimeArgs);
  } finally {
    await runtime.stop();
  }
}

function report(idle: Sample | undefined, samples: readonly Sample[], hwmMb: number, summary: Awaited<ReturnType<typeof runLoad>>, runtimeArgs: readonly string[]): void {
  const load = samples.filter((sample) => sample.phase === 'load');
  const rss = load.map((sample) => sample.rssMb);
  const final = samples.at(-1);
  const functions = [...new Set(samples.flatMap((sample) => Object.keys(sample.instances)))];
  const warm = Object.fromEntries(functions.map((name) => [name, {
    max: Math.max(0, ...samples.map((sample) => sample.instances[name] ?? 0)),
    median: median(load.map((sample) => sample.instances[name] ?? 0)),
    final: final?.instances[name] ?? 0,
  }]));
  const result = {
    measuredAt: new Date().toISOString(),
    label: values.label,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    options: { seconds, ratePerSecond: rate, sampleSeconds: sampleMs / 1000, settleSeconds: settleMs / 1000, runtimeArgs, probe: values.probe },
    load: { sent: summary.messages.sent, accepted: summary.messages.accepted, failed: summary.messages.failed, errors: summary.errors, achievedRate: round(summary.rate.achieved), latencyMs: summary.latencyMs },
    idleRssMb: idle?.rssMb,
    rssDuringLoadMb: { min: Math.min(...rss), median: median(rss), max: Math.max(...rss), final: load.at(-1)?.rssMb },
    rssAfterSettleMb: final?.rssMb,
    peakRssMb: round(Math.max(hwmMb, ...rss)),
    warmInstances: warm,
    idle,
    samples,
  };
  const rows = [
    ['idle RSS after start', `${idle?.rssMb.toFixed(0)} MB`],
    [`RSS during ${seconds} s at ${rate} msg/s: min / median / max / final`, `${result.rssDuringLoadMb.min.toFixed(0)} / ${result.rssDuringLoadMb.median.toFixed(0)} / ${result.rssDuringLoadMb.max.toFixed(0)} / ${result.rssDuringLoadMb.final?.toFixed(0)} MB`],
    [`RSS ${settleMs / 1000} s after the load`, `${final?.rssMb.toFixed(0)} MB`],
    ['peak RSS (VmHWM)', `${result.peakRssMb.toFixed(0)} MB`],
    ...functions.map((name) => [`warm instances ${name}: max / median / final`, `${warm[name]?.max} / ${warm[name]?.median} / ${warm[name]?.final}`]),
    ['messages accepted / failed, achieved rate', `${summary.messages.accepted} / ${summary.messages.failed}, ${result.load.achievedRate} msg/s`],
  ];
  process.stdout.write(`\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`);
  if (Object.keys(summary.errors).length > 0) process.stdout.write(`errors: ${JSON.stringify(summary.errors)}\n`);
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await main();
