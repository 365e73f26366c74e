import { describe, expect, it } from 'vitest';
import { costFigures, RETRIED_SHARE_QUOTED } from '../../bench/cost-figures.js';
import type { ConsumerBenchResult } from '../../bench/consumers.js';
import { loadPriceTable } from '../../bench/cost/cost-model.js';
import type { ColdStartResult, FunctionColdStart, TimingStats } from '../../bench/cold-start.js';
import { formatMarkdown, targetsOf } from '../../bench/report.js';
import type { FunctionStats, RequestCount } from '../../bench/support/bench-runtime.js';
import type { MeasuredCounts } from '../../bench/usage.js';

const consumer = (effectsPerSecond: number) => ({ effectsPerSecond, dynamodbPerMessage: { GetItem: 1 } });

describe('targetsOf', () => {
  it('marks each target met or not from the figures of the run', () => {
    const rows = targetsOf({
      ceiling: { best: { messagesPerSecond: 300 }, via: { proxy: { messagesPerSecond: { median: 200 } }, direct: { messagesPerSecond: { median: 300 } } } },
      pipeline: { sustained: { batch: { messagesPerSecond: 110 }, single: { messagesPerSecond: 60 } }, latency: [{ share: 0.5, rateMsgPerSec: 55, p50: 20, p90: 40, p99: 120 }] },
      consumers: { conveyor: consumer(300), powertools: consumer(100), 'powertools-sequential': consumer(250) },
    });

    const met = (prefix: string) => rows.find((row) => row.figure.startsWith(prefix))?.met;
    expect(met('pipeline / ceiling')).toBe(false); // 110 / 200 = 0.55 < 0.6
    expect(met('end-to-end latency at 50 %')).toBe(false); // p99 120 > 100
    expect(met('throughput Conveyor / Powertools (parallel)')).toBe(true); // 3.0×
    expect(met('throughput Conveyor / Powertools (sequential)')).toBe(false); // 1.2×
    expect(rows.find((row) => row.figure.startsWith('pipeline sustained, batch'))?.met).toBeNull();
  });

  it('compares the steady rate with the ceiling when the run has one, and lists its probes', () => {
    const steady = { messagesPerSecond: 130, upperBound: 200, maxLagSeconds: 0.5, probes: [{ rate: 200, backlog: 900, keptUp: false }, { rate: 130, backlog: 10, keptUp: true }] };
    const rows = targetsOf({
      ceiling: { best: { messagesPerSecond: 300 }, via: { proxy: { messagesPerSecond: { median: 200 } }, direct: { messagesPerSecond: { median: 300 } } } },
      pipeline: { sustained: { batch: { messagesPerSecond: 200 }, single: { messagesPerSecond: 60 } }, steady, latency: [] },
    });

    expect(rows.find((row) => row.figure.startsWith('pipeline sustained (paced'))?.measured).toBe('130 (200✗, 130✓)');
    expect(rows.find((row) => row.figure.startsWith('pipeline closed loop'))?.measured).toBe('200');
    // 130 / 200 = 0.65: the closed-loop 200 / 200 would have been 1.0.
    expect(rows.find((row) => row.figure.startsWith('pipeline / ceiling'))).toMatchObject({ measured: '0.65', met: true });
  });

  it('marks the p99 at 90 % of the sustained rate against its own target, and leaves 25 % informative', () => {
    const point = (share: number, p99: number) => ({ share, rateMsgPerSec: 100 * share, p50: 10, p90: 20, p99 });
    const rows = targetsOf({ pipeline: { sustained: { batch: { messagesPerSecond: 100 }, single: { messagesPerSecond: 50 } }, latency: [point(0.25, 500), point(0.5, 90), point(0.9, 151)] } });

    const latency = (share: string) => rows.find((row) => row.figure.startsWith(`end-to-end latency at ${share} %`));
    expect(latency('25')?.met).toBeNull();
    expect(latency('50')?.met).toBe(true);
    expect(latency('90')).toMatchObject({ target: 'p99 ≤ 150', met: false });
  });

  it('sets the DynamoDB requests per message AWS serves beside the calls the emulator made for them, and their ratio', () => {
    const withCalls = (requests: Record<string, number>, calls: Record<string, number>) => ({ effectsPerSecond: 100, dynamodbPerMessage: requests, emulatorDynamodbPerMessage: calls });
    const rows = targetsOf({ consumers: { conveyor: withCalls({ BatchGetItem: 0.1, TransactWriteItems: 1 }, { GetItem: 2.2, PutItem: 2 }), powertools: withCalls({ PutItem: 1.1, UpdateItem: 2.2 }, { PutItem: 1.1, UpdateItem: 2.2 }) } });

    expect(rows.find((row) => row.figure.startsWith('consumer conveyor'))?.measured).toBe('100; 0.10 BatchGetItem + 1.00 TransactWriteItems; 4.20 calls to the emulator');
    // 3.3 / 1.1 on AWS, 3.3 / 4.2 on the emulator.
    expect(rows.find((row) => row.figure.startsWith('DynamoDB requests per message, Powertools'))?.measured).toBe('3.00×; 0.79×');
  });

  it('leaves out the sections a run skipped', () => {
    expect(targetsOf({})).toEqual([]);
    expect(formatMarkdown({ measuredAt: 'now' })).toContain('# Benchmark results');
  });
});

const stats = (median: number): TimingStats => ({ median, p90: median, min: median });

/** A cold start of `name` at `overBaselineMs`, with a local compile-cache figure when `cache` is given. */
function coldStart(name: string, overBaselineMs: number, cache?: { bytes: number; overBaselineMs: number }): FunctionColdStart {
  return {
    name, bundleBytes: 250 * 1024, gzipBytes: 80 * 1024, wallMs: stats(30 + overBaselineMs), overBaselineMs, overEmptyModuleMs: overBaselineMs - 7,
    importMs: stats(overBaselineMs), importCpuMs: stats(overBaselineMs), startToImportEndMs: stats(overBaselineMs + 20),
    ...(cache ? { compileCacheBytes: cache.bytes, withCompileCacheMs: stats(30 + cache.overBaselineMs), compileCacheOverBaselineMs: cache.overBaselineMs, compileCacheImportCpuMs: stats(cache.overBaselineMs) } : {}),
  };
}

function coldStartResult(functions: FunctionColdStart[]): ColdStartResult {
  return { baselineMs: stats(30), emptyModuleMs: stats(37), functions, repeats: 15, node: 'v24.22.3', nodeBinary: '/node' };
}

describe('the cold start rows', () => {
  it('hold each function against the target, and its compile-cache figure as an informative row', () => {
    // Arrange
    const result = coldStartResult([coldStart('Producer', 41, { bytes: 266 * 1024, overBaselineMs: 33 }), coldStart('Status', 39)]);

    // Act
    const rows = targetsOf({ coldStart: { node24: result } });

    // Assert
    const find = (prefix: string) => rows.filter((row) => row.figure.startsWith(prefix));
    expect(find('cold start Producer:')).toMatchObject([{ met: false }]);
    expect(find('cold start Status:')).toMatchObject([{ met: true }]);
    const [cache, ...others] = find('cold start Producer with a V8 compile cache');
    expect(others).toEqual([]);
    expect(cache).toMatchObject({ target: '', met: null });
    expect(cache?.figure).toMatch(/local only/);
    expect(cache?.measured).toBe('266; +33 (-8 ms against no cache)');
    expect(find('cold start Status with a V8 compile cache')).toEqual([]);
  });

  it('leave the compile-cache rows out of results written before them', () => {
    // Arrange
    const { compileCacheBytes: _, withCompileCacheMs: _wall, compileCacheOverBaselineMs: _over, compileCacheImportCpuMs: _cpu, ...older } = coldStart('Producer', 41, { bytes: 1024, overBaselineMs: 33 });

    // Act
    const rows = targetsOf({ coldStart: coldStartResult([older]) });

    // Assert
    expect(rows.filter((row) => row.figure.startsWith('cold start Producer'))).toHaveLength(1);
  });
});

const count = (requests: number): RequestCount => ({ requests, errors: 0, injected: 0, requestBytes: 1000 * requests, responseBytes: 100 * requests });
const fn = (invocations: number, billedMs: number): FunctionStats => ({ invocations, billedMs, memoryMb: 512, coldStarts: 0, busy: 0, queued: 0 });

/** 100 messages counted through the pipeline, `perRequest` of them per API request. */
function measuredCounts(perRequest: number): MeasuredCounts {
  return {
    messages: 100,
    apiRequests: 100 / perRequest,
    requests: {
      sqs: { SendMessageBatch: { Producer: count(100 / perRequest) }, ReceiveMessage: { EventSourceMapping: count(10) }, DeleteMessageBatch: { EventSourceMapping: count(10) } },
      dynamodb: { GetItem: { Consumer: count(100) }, TransactWriteItems: { Consumer: count(100) } },
    },
    functionsBefore: { Producer: fn(0, 0), Consumer: fn(0, 0) },
    functionsAfter: { Producer: fn(100 / perRequest, 3000), Consumer: fn(10, 2000) },
    stronglyConsistentShare: 0,
  };
}

/** A consumer of the comparison: 0.1 invocation and 20 billed ms per message, so 200 ms per batch. */
function consumerResult(consumer: ConsumerBenchResult['consumer']): ConsumerBenchResult {
  return {
    consumer, messages: 100, duplicates: 10, effectsPerSecond: 100, runs: [100], drainSeconds: 1,
    dynamodbPerMessage: { GetItem: 1.1, TransactWriteItems: 1, PutItem: 1.1, UpdateItem: 2 }, emulatorDynamodbPerMessage: { GetItem: 3.2, PutItem: 2 }, sqsPerMessage: {},
    invocationsPerMessage: 0.1, billedMsPerMessage: 20, memoryMb: 512,
  };
}

describe('the retry cost figures', () => {
  const cost = costFigures({ batch: measuredCounts(10), single: measuredCounts(1), conveyor: consumerResult('conveyor'), reference: consumerResult('powertools') });
  const { standardTogether, standardAlone, fifo } = cost.retries.scenarios;

  it('price every retried attempt at the measured per-batch duration, and add the retried share to the batch-ingest baseline', () => {
    expect(cost.retries.consumerDurationMs).toBeCloseTo(200, 9);
    expect(standardTogether.withRetries?.total).toBeCloseTo(cost.conveyorBatch.cost.total + RETRIED_SHARE_QUOTED * standardTogether.cost.total, 12);
    expect(standardAlone.withRetries?.total).toBeCloseTo(cost.conveyorBatch.cost.total + RETRIED_SHARE_QUOTED * standardAlone.cost.total, 12);
    expect(fifo).not.toHaveProperty('withRetries'); // the measured baseline runs on a standard queue
  });

  it('are informative rows of the table, with the headline and the refused-transaction figure', () => {
    // Act
    const rows = targetsOf({ cost });

    // Assert
    const usd = (value: number | undefined) => `$${value!.toFixed(2)}`;
    const find = (prefix: string) => rows.find((row) => row.figure.startsWith(prefix));
    expect(find('$ per 1M retried attempts, standard queue, ten failing together')).toMatchObject({ measured: `${usd(standardTogether.cost.total)} / ${usd(standardTogether.totalByFailure.transactionRefused)}`, target: '', met: null });
    expect(find('$ per 1M retried attempts, standard queue, one failing alone')).toMatchObject({ measured: `${usd(standardAlone.cost.total)} / ${usd(standardAlone.totalByFailure.transactionRefused)}`, met: null });
    expect(find('$ per 1M retried attempts, FIFO queue, ten failing together')).toMatchObject({ measured: `${usd(fifo.cost.total)} / ${usd(fifo.totalByFailure.transactionRefused)}`, met: null });
    expect(find('cost of 1M messages when 10 % of them are retried once')?.measured).toBe(
      `${usd(standardTogether.withRetries?.total)} / ${usd(standardAlone.withRetries?.total)}; ${usd(standardTogether.withRetriesByFailure?.transactionRefused)} / ${usd(standardAlone.withRetriesByFailure?.transactionRefused)}`,
    );
  });

  it('are listed by service in latest.md, with the total for each other failure', () => {
    // Act
    const markdown = formatMarkdown({ cost });

    // Assert
    expect(markdown).toContain('### Cost per 1 000 000 retried attempts (ledger.credit, transaction failed; each invocation at the measured 200 ms per batch, 512 MB)');
    expect(markdown).toContain(`| **total** | **$${standardTogether.cost.total.toFixed(2)}** | **$${standardAlone.cost.total.toFixed(2)}** | **$${fifo.cost.total.toFixed(2)}** |`);
    expect(markdown).toContain('| total if instead: DynamoDB down |');
  });

  it('are left out of results written before them', () => {
    // Arrange
    const { retries: _, ...older } = cost;

    // Act
    const rows = targetsOf({ cost: older });

    // Assert
    expect(rows.some((row) => row.figure.includes('retried'))).toBe(false);
    expect(formatMarkdown({ cost: older })).not.toContain('retried attempts');
  });
});

describe('the insert-kind cost figures', () => {
  /** 100 messages of an insert-kind type at `perRequest` per request: one PutItem each and one BatchGetItem per batch of 10. */
  const insertRun = (perRequest: number) => ({
    perRequest,
    messages: 100,
    messagesPerSecond: 500,
    counts: {
      ...measuredCounts(perRequest),
      requests: { ...measuredCounts(perRequest).requests, dynamodb: { BatchGetItem: { Consumer: count(10) }, PutItem: { Consumer: count(100) } } },
    },
  });
  const cost = costFigures({
    batch: measuredCounts(10),
    single: measuredCounts(1),
    conveyor: consumerResult('conveyor'),
    reference: consumerResult('powertools'),
    insertKind: { app: 'examples/payments', type: 'payments.charge', runs: [insertRun(10), insertRun(100)] },
  });

  it('cost one write unit per new message, and less at 100 messages per request than at 10', () => {
    const [ten, hundred] = cost.insertKind!.byRequestSize;

    expect(ten!.writeUnitsPerNew).toBe(1);
    expect(hundred!.cost.total).toBeLessThan(ten!.cost.total);
    expect(hundred!.cost.byService.apiGateway).toBeCloseTo(ten!.cost.byService.apiGateway / 10, 9);
    expect(ten!.cost.byService.dynamodbWrites).toBeLessThan(cost.conveyorBatch.cost.byService.dynamodbWrites);
  });

  it('carry the cost target, marked on the 10-per-request figure, with the ledger type beside it as information', () => {
    const rows = targetsOf({ cost });

    const [ten] = cost.insertKind!.byRequestSize;
    const row = rows.find((item) => item.figure.startsWith('$ per 1M messages, payments.charge (insert kind'));
    expect(row).toMatchObject({ target: '≤ $2.00', met: ten!.cost.total <= 2 });
    expect(rows.find((item) => item.figure.startsWith('$ per 1M messages, ledger.credit (transactional)'))?.met).toBeNull();
    expect(formatMarkdown({ cost })).toContain('payments.charge (insert kind), batch ingest 100 per request');
  });

  it('leave the target on batch ingest in results written before them', () => {
    const { insertKind: _, ...older } = cost;

    expect(targetsOf({ cost: older }).find((item) => item.figure.startsWith('$ per 1M messages, batch ingest'))?.target).toBe('≤ $2.00');
  });
});

describe('the INIT cost figures', () => {
  const coldStart = {
    baselineMs: { median: 30 },
    functions: [{ name: 'Producer', overBaselineMs: 40 }, { name: 'Consumer', overBaselineMs: 45 }, { name: 'Gone', overBaselineMs: 1 }],
  } as unknown as ColdStartResult;
  const cost = costFigures({ batch: measuredCounts(10), single: measuredCounts(1), conveyor: consumerResult('conveyor'), reference: consumerResult('powertools'), coldStart });

  it('price a cold start of each function the runtime ran at its memory, and skip a bundle it did not run', () => {
    const [producer, consumer] = cost.init ?? [];

    expect(cost.init?.map((item) => item.name)).toEqual(['Producer', 'Consumer']);
    expect(producer).toMatchObject({ initMs: 70, memoryMb: 512 });
    // 70 ms × 0.5 GB of arm64 duration, a million times.
    expect(producer!.usdPerMillionColdStarts).toBeCloseTo(0.07 * 0.5 * loadPriceTable().prices.lambdaDurationArm64.usd * 1e6, 6);
    expect(consumer!.usdPerMillionColdStarts).toBeGreaterThan(producer!.usdPerMillionColdStarts);
  });

  it('are an informative row of the table', () => {
    const row = targetsOf({ cost }).find((item) => item.figure.startsWith('INIT billed'));

    expect(row?.met).toBeNull();
    expect(row?.measured).toMatch(/^\$\d+\.\d\d \(70 ms\) \/ \$\d+\.\d\d \(75 ms\)$/);
  });
});
