import type { CeilingResult } from './ceiling.js';
import type { ColdStartComparison, ColdStartResult } from './cold-start.js';
import type { ConsumerBenchResult } from './consumers.js';
import type { costFigures } from './cost-figures.js';
import { type AttemptFailure, COMMIT_TRIES, type CostBreakdown } from './cost/cost-model.js';
import type { PersistenceFigures } from './persistence.js';
import type { ChaosDrain } from './chaos-drain.js';
import { type OutagesSection, outageRows } from './outages/rows.js';
import type { LatencyPoint, SustainedResult } from './pipeline.js';
import type { SteadyRate } from './steady-rate.js';

/** The shape of `latest.json` as the report reads it (every section optional: `--skip`). */
interface Results {
  readonly ceiling?: CeilingResult;
  readonly pipeline?: { sustained: { batch: { messagesPerSecond: number }; single: SustainedResult }; steady?: SteadyRate; latency: LatencyPoint[] };
  readonly consumers?: Partial<Record<string, ConsumerBenchResult>>;
  readonly cost?: ReturnType<typeof costFigures>;
  /** Node 24 against Node 20; results written before that comparison hold one {@link ColdStartResult}. */
  readonly coldStart?: ColdStartComparison | ColdStartResult;
  readonly persistence?: PersistenceFigures;
  readonly outages?: OutagesSection;
  readonly chaosDrain?: ChaosDrain;
  readonly machine?: { cpus: number; cpuModel: string; node: string };
  readonly measuredAt?: string;
  readonly quick?: boolean;
  readonly seconds?: number;
}

/** Issue 17's cost target: $ per 1M messages of an insert-kind type with batch ingest (10 per request). */
export const INSERT_KIND_COST_TARGET_USD = 2;
const INSERT_KIND_COST_TARGET_LABEL = `≤ $${INSERT_KIND_COST_TARGET_USD.toFixed(2)}`;

/** One row of the table: a figure, its target when it has one, and whether it is met. */
export interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  /** `true`/`false` for a target, `null` for an informative figure. */
  readonly met: boolean | null;
}

/** End-to-end p99 targets by share of the sustained rate: issue 5 (50 %) and issue 17 (90 %). */
export const LATENCY_TARGETS = [{ share: 0.5, p99Ms: 100 }, { share: 0.9, p99Ms: 150 }] as const;

const fixed = (value: number | undefined, digits = 0) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const signed = (value: number) => `${value >= 0 ? '+' : ''}${fixed(value)}`;
const usd = (value: number | undefined) => (value === undefined ? 'n/a' : `$${value.toFixed(2)}`);
const row = (figure: string, measured: string, target = '', met: boolean | null = null): Row => ({ figure, measured, target, met });

/** The retry scenarios of the cost figures, as the report names them, in table order. */
const RETRY_SCENARIO_LABELS = [
  ['standardTogether', 'standard queue, ten failing together'],
  ['standardAlone', 'standard queue, one failing alone'],
  ['fifo', 'FIFO queue, ten failing together'],
] as const;

/** Why a retried attempt failed (`FAILED_ATTEMPT_REQUESTS`), as the report names it. */
const FAILURE_LABELS: Record<AttemptFailure, string> = {
  dynamodbDown: 'DynamoDB down',
  transactionFailed: 'transaction failed',
  transactionRefused: `transaction refused ${COMMIT_TRIES}×`,
  lockedHandlerFailed: 'locked handler failed',
};

/** Every figure of the run with its target (from the benchmark issue), in table order. */
export function targetsOf(value: unknown): Row[] {
  const results = value as Results;
  const rows: Row[] = [];
  const ceiling = results.ceiling?.best.messagesPerSecond;
  if (results.ceiling) {
    const { direct, proxy } = results.ceiling.via;
    const where = results.ceiling.storage === 'memory' ? 'in memory' : results.ceiling.storage === 'disk' ? 'on disk' : '';
    rows.push(row(`emulator ceiling${where ? ` ${where}` : ''}, msg/s (through the runtime\'s AWS endpoint / direct)`, `${fixed(proxy?.messagesPerSecond.median)} / ${fixed(direct?.messagesPerSecond.median)}`));
  }
  const persistence = results.persistence;
  if (persistence?.ceiling) {
    const { disk, memory, diskOverMemory } = persistence.ceiling;
    rows.push(row('persistence: emulator ceiling on disk / in memory, msg/s (endpoint; direct)', `${fixed(disk.proxy)} / ${fixed(memory.proxy)} (${fixed(diskOverMemory.proxy, 2)}); ${fixed(disk.direct)} / ${fixed(memory.direct)} (${fixed(diskOverMemory.direct, 2)})`));
  }
  const pipeline = results.pipeline;
  if (pipeline) {
    // Older results have no steady rate: their latency shares are of the closed-loop rate.
    const steady = pipeline.steady;
    const closed = steady ? 'closed loop (16 clients as fast as answered, first request → last credit)' : 'sustained';
    rows.push(row(`pipeline ${closed}, batch ingest, msg/s`, fixed(pipeline.sustained.batch.messagesPerSecond)));
    rows.push(row(`pipeline ${closed}, single ingest, msg/s`, fixed(pipeline.sustained.single.messagesPerSecond)));
    if (steady) {
      const probes = steady.probes.map((probe) => `${fixed(probe.rate)}${probe.keptUp ? '✓' : '✗'}`).join(', ');
      rows.push(row(`pipeline sustained (paced batch ingest applied as fast as it arrives; probes), msg/s`, `${fixed(steady.messagesPerSecond)} (${probes})`));
    }
    const sustained = steady?.messagesPerSecond ?? pipeline.sustained.batch.messagesPerSecond;
    if (ceiling !== undefined) {
      const proxyCeiling = results.ceiling?.via.proxy?.messagesPerSecond.median ?? ceiling;
      rows.push(row('pipeline / ceiling (through the endpoint)', fixed(sustained / proxyCeiling, 2), '≥ 0.6', sustained / proxyCeiling >= 0.6));
    }
    for (const point of pipeline.latency) {
      const label = `end-to-end latency at ${point.share * 100} % (${fixed(point.rateMsgPerSec)} msg/s), p50 / p90 / p99 ms`;
      const measured = `${fixed(point.p50, 1)} / ${fixed(point.p90, 1)} / ${fixed(point.p99, 1)}`;
      const target = LATENCY_TARGETS.find((item) => item.share === point.share);
      rows.push(target ? row(label, measured, `p99 ≤ ${target.p99Ms}`, point.p99 <= target.p99Ms) : row(label, measured));
    }
  }
  if (persistence?.pipeline) {
    const { disk, memory, diskOverMemory } = persistence.pipeline;
    const target = `≥ ${persistence.targetDiskOverMemory}`;
    for (const ingest of ['batch', 'single'] as const) {
      rows.push(row(`persistence: pipeline closed loop, ${ingest} ingest, on disk / in memory, msg/s (ratio)`, `${fixed(disk[ingest])} / ${fixed(memory[ingest])} (${fixed(diskOverMemory[ingest], 2)})`, target, diskOverMemory[ingest] >= persistence.targetDiskOverMemory));
    }
  }
  const consumers = results.consumers ?? {};
  const conveyor = consumers.conveyor;
  const total = (perMessage: Readonly<Record<string, number>> | undefined) => Object.values(perMessage ?? {}).reduce((sum, count) => sum + count, 0);
  for (const [name, result] of Object.entries(consumers)) {
    if (!result) continue;
    const requests = Object.entries(result.dynamodbPerMessage).map(([op, count]) => `${count.toFixed(2)} ${op}`).join(' + ');
    // Older results have no emulator counts.
    const emulator = result.emulatorDynamodbPerMessage ? `; ${fixed(total(result.emulatorDynamodbPerMessage), 2)} calls to the emulator` : '';
    rows.push(row(`consumer ${name}: effects/s; DynamoDB requests per message (as AWS serves and bills them; what the emulator did for them)`, `${fixed(result.effectsPerSecond)}; ${requests}${emulator}`));
  }
  const powertoolsRequests = consumers.powertools;
  if (conveyor?.emulatorDynamodbPerMessage && powertoolsRequests?.emulatorDynamodbPerMessage) {
    const aws = total(powertoolsRequests.dynamodbPerMessage) / total(conveyor.dynamodbPerMessage);
    const emulator = total(powertoolsRequests.emulatorDynamodbPerMessage) / total(conveyor.emulatorDynamodbPerMessage);
    rows.push(row('DynamoDB requests per message, Powertools (parallel) / Conveyor: on AWS; on the emulator', `${fixed(aws, 2)}×; ${fixed(emulator, 2)}×`));
  }
  if (conveyor && consumers.powertools) {
    const ratio = conveyor.effectsPerSecond / consumers.powertools.effectsPerSecond;
    rows.push(row('throughput Conveyor / Powertools (parallel)', `${fixed(ratio, 2)}×`, '≥ 2.5×', ratio >= 2.5));
  }
  if (conveyor && consumers['powertools-sequential']) {
    const ratio = conveyor.effectsPerSecond / consumers['powertools-sequential'].effectsPerSecond;
    rows.push(row('throughput Conveyor / Powertools (sequential)', `${fixed(ratio, 2)}×`, '≥ 1.5×', ratio >= 1.5));
  }
  const cost = results.cost;
  if (cost) {
    const { conveyor: units, powertools } = cost.writeUnits;
    rows.push(row('idempotency write units per new message (Conveyor / Powertools)', `${units.idempotencyPerNew} / ${powertools.idempotencyPerNew}`, '≤ 2', units.idempotencyPerNew <= 2));
    rows.push(row('all write units per new message, ledger effect included (Conveyor / Powertools)', `${units.totalPerNew} / ${powertools.totalPerNew}`));
    rows.push(row('write units per duplicate (Conveyor / Powertools)', `${fixed(units.perDuplicate, 2)} / ${fixed(powertools.perDuplicate, 2)}`, '≤ 1', units.perDuplicate <= 1));
    // Older results have no insert-kind figures: the ≤ $2 target was then on the ledger type.
    const insert = cost.insertKind;
    if (insert) {
      const [first] = insert.byRequestSize;
      rows.push(row(
        `$ per 1M messages, ${insert.type} (insert kind, ${insert.app}), batch ingest ${insert.byRequestSize.map((item) => item.perRequest).join(' / ')} per request (≤ 1 KB)`,
        insert.byRequestSize.map((item) => usd(item.cost.total)).join(' / '),
        INSERT_KIND_COST_TARGET_LABEL,
        first !== undefined && first.cost.total <= INSERT_KIND_COST_TARGET_USD,
      ));
      rows.push(row(`write units per new message, ${insert.type} (insert kind)`, fixed(first?.writeUnitsPerNew, 2)));
      rows.push(row('$ per 1M messages, ledger.credit (transactional), batch ingest 10 per request (≤ 1 KB)', usd(cost.conveyorBatch.cost.total)));
    } else {
      rows.push(row('$ per 1M messages, batch ingest (≤ 1 KB)', usd(cost.conveyorBatch.cost.total), INSERT_KIND_COST_TARGET_LABEL, cost.conveyorBatch.cost.total <= INSERT_KIND_COST_TARGET_USD));
    }
    rows.push(row('$ per 1M messages, single ingest', usd(cost.conveyorSingle.cost.total)));
    rows.push(row('$ per 1M messages, reference design', usd(cost.reference.cost.total)));
    rows.push(row('cost batch ingest / reference design', `${fixed(cost.ratioBatchToReference, 2)}×`, '≤ 0.5×', cost.ratioBatchToReference <= 0.5));
    // Older results have no INIT figures.
    if (cost.init && cost.init.length > 0) {
      rows.push(row(
        `INIT billed, $ per 1M cold starts (node start + bundle import × memory): ${cost.init.map((item) => `${item.name} ${item.memoryMb} MB`).join(' / ')}`,
        cost.init.map((item) => `${usd(item.usdPerMillionColdStarts)} (${fixed(item.initMs)} ms)`).join(' / '),
      ));
    }
    // Older results have no retry figures.
    if (cost.retries) {
      const { retriedShare, scenarios, headlineFailure } = cost.retries;
      const failures = `ledger.credit: ${FAILURE_LABELS[headlineFailure]} / ${FAILURE_LABELS.transactionRefused}`;
      for (const [name, label] of RETRY_SCENARIO_LABELS) {
        const scenario = scenarios[name];
        rows.push(row(`$ per 1M retried attempts, ${label} (${failures})`, `${usd(scenario.cost.total)} / ${usd(scenario.totalByFailure.transactionRefused)}`));
      }
      const { standardTogether: together, standardAlone: alone } = scenarios;
      rows.push(row(
        `cost of 1M messages when ${fixed(retriedShare * 100)} % of them are retried once, batch ingest, standard queue: ten failing together / one alone (${failures})`,
        `${usd(together.withRetries?.total)} / ${usd(alone.withRetries?.total)}; ${usd(together.withRetriesByFailure?.transactionRefused)} / ${usd(alone.withRetriesByFailure?.transactionRefused)}`,
      ));
    }
  }
  const cold = results.coldStart;
  if (cold) {
    const node24 = 'baselineMs' in cold ? cold : cold.node24;
    const node20 = 'baselineMs' in cold ? undefined : cold.node20;
    const versions = node20 ? ` (Node ${node24.node} / ${node20.node})` : ` (Node ${node24.node})`;
    rows.push(row(`bare \`node -e 0\`, ms (median)${versions}`, node20 ? `${fixed(node24.baselineMs.median)} / ${fixed(node20.baselineMs.median)}` : fixed(node24.baselineMs.median)));
    for (const fn of node24.functions) {
      const template = !fn.name.includes('reference');
      const other = node20?.functions.find((item) => item.name === fn.name);
      const measured = `${fixed(fn.bundleBytes / 1024)} (${fixed(fn.gzipBytes / 1024)}); +${fixed(fn.overBaselineMs)}${other ? ` / +${fixed(other.overBaselineMs)}` : ''}`;
      rows.push(row(`cold start ${fn.name}: bundle KB (gzip); ms over bare node${versions}`, measured, template ? '≤ +40 ms (Node 24)' : '', template ? fn.overBaselineMs <= 40 : null));
      // Local only: a cache built here is keyed by this Node version and CPU, so Lambda never hits it.
      if (fn.compileCacheOverBaselineMs !== undefined) {
        rows.push(row(
          `cold start ${fn.name} with a V8 compile cache built here (local only, Lambda cannot use it): cache KB; ms over bare node (Node ${node24.node})`,
          `${fixed((fn.compileCacheBytes ?? Number.NaN) / 1024)}; +${fixed(fn.compileCacheOverBaselineMs)} (${signed(fn.compileCacheOverBaselineMs - fn.overBaselineMs)} ms against no cache)`,
        ));
      }
    }
    if (!('baselineMs' in cold) && cold.note) rows.push(row('cold start on Node 20', cold.note));
  }
  if (results.outages) rows.push(...outageRows(results.outages));
  const chaos = results.chaosDrain;
  if (chaos) rows.push(row(`chaos suite at ${chaos.messages} messages (10 % of DynamoDB calls throttled, 5 % crashes): drain msg/s (s); verdict`, `${fixed(chaos.drainMessagesPerSecond)} (${fixed(chaos.drainSeconds)} s); ${chaos.passed ? 'PASS' : 'FAIL'}`));
  return rows;
}

/** The table for a terminal (Markdown, aligned). */
export function formatTable(value: unknown): string {
  const rows = targetsOf(value);
  const width = Math.max(...rows.map((item) => item.figure.length), 6);
  const mark = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'NOT met');
  return ['| figure | measured | target | |', '|---|---|---|---|', ...rows.map((item) => `| ${item.figure.padEnd(width)} | ${item.measured} | ${item.target} | ${mark(item.met)} |`)].join('\n');
}

/** `latest.md`: when and where it ran, the table, the cost breakdown. */
export function formatMarkdown(value: unknown, chart = 'latency.svg'): string {
  const results = value as Results;
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${results.measuredAt ?? '?'}${results.quick ? ' with `--quick`' : ''} on ${results.machine?.cpus ?? '?'} × ${results.machine?.cpuModel ?? '?'}, Node ${results.machine?.node ?? '?'}, in ${fixed(results.seconds)} s. Every figure comes from this one run; \`latest.json\` has all of them.`,
    '',
    formatTable(value),
    '',
  ];
  const cost = results.cost;
  if (cost) {
    const insert = cost.insertKind?.byRequestSize ?? [];
    const columns = [
      ...insert.map((item) => ({ label: `${cost.insertKind?.type} (insert kind), batch ingest ${item.perRequest} per request`, cost: item.cost })),
      { label: 'ledger.credit (transactional), batch ingest', cost: cost.conveyorBatch.cost },
      { label: 'ledger.credit, single ingest', cost: cost.conveyorSingle.cost },
      { label: 'reference design', cost: cost.reference.cost },
    ];
    lines.push(`## Cost per 1 000 000 messages (us-east-1 on-demand, prices of ${cost.pricesRetrieved}, \`bench/cost/prices.json\`)`, '', `| service |${columns.map((column) => ` ${column.label} |`).join('')}`, `|---|${columns.map(() => '---|').join('')}`);
    for (const service of Object.keys(cost.conveyorBatch.cost.byService) as (keyof typeof cost.conveyorBatch.cost.byService)[]) {
      lines.push(`| ${service} |${columns.map((column) => ` ${usd(column.cost.byService[service])} |`).join('')}`);
    }
    lines.push(`| **total** |${columns.map((column) => ` **${usd(column.cost.total)}** |`).join('')}`, '');
    lines.push('Lambda duration is the billed time the runtime measured over each run, INIT (cold starts) included, at each function\'s configured memory.', '');
    if (cost.retries) lines.push(...retryCostLines(cost));
  }
  if (results.pipeline) lines.push(`![End-to-end latency vs throughput](${chart})`, '');
  return `${lines.join('\n')}\n`;
}

/** `latest.md`'s retry cost: each scenario by service, the total for each failure, the share retried once. */
function retryCostLines(cost: NonNullable<Results['cost']>): string[] {
  const { scenarios, headlineFailure, retriedShare, consumerDurationMs, consumerMemoryMb } = cost.retries;
  const columns = RETRY_SCENARIO_LABELS.map(([name]) => scenarios[name]);
  const cells = (value: (scenario: (typeof columns)[number]) => string) => columns.map((scenario) => ` ${value(scenario)} |`).join('');
  const lines = [
    `### Cost per 1 000 000 retried attempts (ledger.credit, ${FAILURE_LABELS[headlineFailure]}; each invocation at the measured ${fixed(consumerDurationMs)} ms per batch, ${consumerMemoryMb} MB)`,
    '',
    `| service |${RETRY_SCENARIO_LABELS.map(([, label]) => ` ${label} |`).join('')}`,
    `|---|${columns.map(() => '---|').join('')}`,
  ];
  for (const service of Object.keys(columns[0]!.cost.byService) as (keyof CostBreakdown['byService'])[]) {
    lines.push(`| ${service} |${cells((scenario) => usd(scenario.cost.byService[service]))}`);
  }
  lines.push(`| **total** |${cells((scenario) => `**${usd(scenario.cost.total)}**`)}`);
  for (const failure of Object.keys(FAILURE_LABELS) as AttemptFailure[]) {
    if (failure !== headlineFailure) lines.push(`| total if instead: ${FAILURE_LABELS[failure]} |${cells((scenario) => usd(scenario.totalByFailure[failure]))}`);
  }
  const { standardTogether: together, standardAlone: alone } = scenarios;
  lines.push('', `1 000 000 messages of batch ingest with ${fixed(retriedShare * 100)} % of them retried once: ${usd(together.withRetries?.total)} (ten failing together) to ${usd(alone.withRetries?.total)} (one failing alone), against ${usd(cost.conveyorBatch.cost.total)} without retries.`, '');
  return lines;
}
