/**
 * `npm run bench:local` — the local runtime's own targets, measured on this machine:
 * ready time with a cached synth, idle memory, and end-to-end latency (API accept → ledger
 * updated, the consumer's EndToEndLatency metric) at light load. Prints a table and writes
 * `bench/results/local-runtime.json`. Timings live here, never in tests.
 *
 * Options: --runs N (start-ups to time, default 5), --messages N (default 300), --rate N (messages/s, default 20).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LATENCY_METRIC, METRICS, QUEUE_DIMENSION } from '../contract/index.js';

const projectDir = resolve(import.meta.dirname, '..');
const stateDir = join(projectDir, '.conveyor', 'bench');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, messages: { type: 'string', default: '300' }, rate: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const messages = Number(values.messages);
const rate = Number(values.rate);

interface Started { child: ChildProcess; readyMs: number; outputs: Record<string, string> }

async function start(extraArgs: string[] = []): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/conveyor.ts', 'start', '--port', '0', '--aws-port', '0', '--state-dir', stateDir, '--quiet', ...extraArgs], {
    cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], env: process.env,
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running locally')) ready();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`runtime exited with ${String(code)}:\n${output}`)));
  });
  const readyMs = performance.now() - began;
  const file = JSON.parse(readFileSync(join(stateDir, 'local.json'), 'utf8')) as Record<string, Record<string, string>>;
  return { child, readyMs, outputs: Object.values(file)[0] ?? {} };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process and its descendants, MB (Linux /proc). */
function treeRssMb(pid: number): number {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)]).toString().split('\n').map(Number).filter(Boolean);
  } catch {
    children = []; // ps exits 1 when there are none
  }
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return own + children.reduce((sum, child) => sum + treeRssMb(child), 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  process.stdout.write('warming up (synthesizes if the sources changed) …\n');
  await stop((await start()).child);

  const readyTimes: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const { child, readyMs } = await start();
    readyTimes.push(readyMs);
    process.stdout.write(`  start-up ${run}/${runs}: ready in ${readyMs.toFixed(0)} ms\n`);
    await stop(child);
  }

  const { child, outputs } = await start(['--idle-timeout', '10']);
  await sleep(3_000);
  const idleRssMb = treeRssMb(child.pid ?? 0);
  process.stdout.write(`  idle RSS: ${idleRssMb.toFixed(0)} MB\n`);

  const apiUrl = outputs.ApiUrl ?? '';
  const post = (account: string) => fetch(`${apiUrl}messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': outputs.ApiKey ?? '' },
    body: JSON.stringify({ type: 'ledger.credit', payload: { account, amount: 1 } }),
  });
  await (await post('warm-up')).text();
  await sleep(1_000);
  const metricsUrl = `${outputs.RuntimeUrl}/_conveyor/metrics?window=3600`;
  const processed = async () => {
    const { totals } = await (await fetch(metricsUrl)).json() as { totals: { name: string; sum: number; dimensions: Record<string, string> }[] };
    // A consumer publishes each value under {service} and {service, queue}: count the first set only.
    return totals.filter((metric) => metric.name === METRICS.MessagesProcessed.name && metric.dimensions[QUEUE_DIMENSION] === undefined).reduce((sum, metric) => sum + metric.sum, 0);
  };
  const before = await processed();
  const began = performance.now();
  const clientMs: number[] = [];
  for (let i = 0; i < messages; i += 1) {
    const due = began + (i * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    const sent = performance.now();
    const response = await post(`bench-${i}`);
    await response.text();
    clientMs.push(performance.now() - sent);
    if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
    if (i % 50 === 0) process.stdout.write(`  sent ${i}/${messages}\r`);
  }
  while ((await processed()) - before < messages) await sleep(100);
  const windowSeconds = Math.ceil((performance.now() - began) / 1000) + 1;
  const snapshot = await (await fetch(`${outputs.RuntimeUrl}/_conveyor/metrics?window=${windowSeconds}`)).json() as {
    metrics: { name: string; p50: number; p90: number; p99: number; sampleCount: number }[];
  };
  const e2e = snapshot.metrics.find((metric) => metric.name === LATENCY_METRIC);
  await sleep(2_000);
  const warmRssMb = treeRssMb(child.pid ?? 0);
  process.stdout.write(`  RSS with warm instances: ${warmRssMb.toFixed(0)} MB; waiting for the idle timeout (10 s) …\n`);
  await sleep(15_000);
  const reapedRssMb = treeRssMb(child.pid ?? 0);
  await stop(child);

  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    readyMs: { median: median(readyTimes), runs: readyTimes },
    idleRssMb,
    warmIdleRssMb: warmRssMb,
    afterIdleTimeoutRssMb: reapedRssMb,
    load: { messages, ratePerSecond: rate },
    endToEndLatencyMs: e2e === undefined ? undefined : { p50: e2e.p50, p90: e2e.p90, p99: e2e.p99, samples: e2e.sampleCount },
    apiClientLatencyMs: { p50: median(clientMs), p99: [...clientMs].sort((a, b) => a - b)[Math.floor(clientMs.length * 0.99)] },
    targets: { readyMs: 3_000, idleRssMb: 300, endToEndP50Ms: 30 },
  };
  const table = [
    ['figure', 'measured', 'target'],
    ['ready (synth cached), median of ' + runs, `${(results.readyMs.median / 1000).toFixed(2)} s`, '≤ 3 s'],
    ['idle RSS after start (runtime process tree)', `${idleRssMb.toFixed(0)} MB`, '≤ 300 MB'],
    ['RSS after the load, instances still warm', `${warmRssMb.toFixed(0)} MB`, ''],
    ['RSS once idle instances are stopped', `${reapedRssMb.toFixed(0)} MB`, '≤ 300 MB'],
    [`end-to-end p50 at ${rate}/s (${messages} msgs)`, `${e2e?.p50.toFixed(1)} ms`, '≤ 30 ms'],
    ['end-to-end p90 / p99', `${e2e?.p90.toFixed(1)} / ${e2e?.p99.toFixed(1)} ms`, ''],
    ['API client latency p50 / p99', `${results.apiClientLatencyMs.p50.toFixed(1)} / ${results.apiClientLatencyMs.p99?.toFixed(1)} ms`, ''],
  ];
  process.stdout.write(`\n${table.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`);
  mkdirSync(join(projectDir, 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectDir, 'bench', 'results', 'local-runtime.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
