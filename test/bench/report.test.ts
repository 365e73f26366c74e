import { describe, expect, it } from 'vitest';
import { costFigures, RETRIED_SHARE_QUOTED } from '../../bench/cost-figures.js';
import type { ConsumerBenchResult } from '../../bench/consumers.js';
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

  it('leaves out the sections a run skipped', () => {
    expect(targetsOf({})).toEqual([]);
    expect(formatMarkdown({ measuredAt: 'now' })).toContain('# Benchmark results');
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
    dynamodbPerMessage: { GetItem: 1.1, TransactWriteItems: 1, PutItem: 1.1, UpdateItem: 2 }, sqsPerMessage: {},
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
