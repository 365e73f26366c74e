/**
 * One ceiling run: producers send batches of 10 envelopes, consumers poll batches of 10 the way the
 * event source mapping does (`collectBatch`), process the messages concurrently as the consumer
 * does, and delete them (`deleteMessages`), until the time is up. Only the window after the warm-up
 * is measured.
 */
import { setMaxListeners } from 'node:events';
import { cpuUsage } from 'node:process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectBatch } from '../../local/esm/collect-batch.js';
import { deleteMessages } from '../../local/esm/delete-messages.js';
import { createSqsClient } from './clients.js';
import type { CeilingEnvironment } from './environment.js';
import { type ClientThread, createInlineSide, type FunctionSide } from './function-side.js';
import { createEnvelopeFactory } from './messages.js';
import type { CeilingVia } from './options.js';
import { addCounts, diffCounts, OperationCounter, type OperationCounts } from './stats.js';
import { createWorkerSide } from './worker-side.js';

/** What one run needs. */
export interface RunSpec {
  readonly via: CeilingVia;
  /** Consumer workers. */
  readonly consumers: number;
  /** Producer workers. */
  readonly producers: number;
  /** Where the producers' and consumers' SDK clients run; the poller's always runs on the main thread. */
  readonly clientThread: ClientThread;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly accounts: number;
  readonly messageBytes: number;
  /** Unique per run: names the queue and tables, and prefixes the idempotency keys (`[a-z0-9]`). */
  readonly name: string;
  /** Called about once a second with the seconds of load run so far. */
  readonly onTick?: (elapsedSeconds: number) => void;
}

/** What one run measured, over its window only. */
export interface RunMeasurement {
  /** Messages processed and deleted per second. */
  readonly messagesPerSecond: number;
  /** Messages processed and deleted in the window. */
  readonly processed: number;
  /** Messages sent in the window. */
  readonly sent: number;
  /** Length of the window, in seconds. */
  readonly seconds: number;
  /**
   * Requests over the whole run (warm-up, window, and the batches in flight at the end), so that
   * they match whole messages: `sent` and `processed` count the same span.
   */
  readonly requests: {
    /** As the clients issued them, by service and operation. */
    readonly issued: OperationCounts;
    /** As fauxqs and dynalite received them (the proxy's own calls for a transaction included). */
    readonly atEmulators: OperationCounts;
    readonly sent: number;
    readonly processed: number;
  };
  /** Messages that failed or requests that were rejected (left on the queue; not counted as processed). */
  readonly errors: number;
  /** Messages found already applied (none are expected). */
  readonly duplicates: number;
  /** Busy share of this process's main thread (event loop utilization), 0–1. */
  readonly mainThreadUtilization: number;
  /** CPU time of the whole process per message processed, in ms. */
  readonly cpuMsPerMessage: number;
  /** First error seen, for the report. */
  readonly firstError?: string;
}

/** Runs the load once on a fresh queue and tables, and removes them afterwards. */
export async function runLoad(environment: CeilingEnvironment, spec: RunSpec): Promise<RunMeasurement> {
  const resources = await environment.createRunResources(spec.via, spec.name);
  const polls = new OperationCounter();
  const poller = createSqsClient(environment.endpointOf(spec.via).sqs, polls);
  let side: FunctionSide;
  try {
    const sideSpec = { via: spec.via, endpoint: environment.endpointOf(spec.via), queueUrl: resources.queueUrl, tables: { idempotencyTable: resources.idempotencyTable, ledgerTable: resources.ledgerTable }, producers: spec.producers, consumers: spec.consumers };
    side = spec.clientThread === 'worker' ? await createWorkerSide(sideSpec) : createInlineSide(sideSpec);
  } catch (error) {
    poller.destroy();
    await resources.dispose();
    throw error;
  }
  const envelope = createEnvelopeFactory({ runTag: spec.name.replace(/[^A-Za-z0-9]/g, ''), accounts: spec.accounts, messageBytes: spec.messageBytes });
  const tally = { sent: 0, processed: 0, errors: 0, duplicates: 0, firstError: undefined as string | undefined };
  const fail = (error: unknown) => {
    tally.errors++;
    tally.firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  };
  // Enough queued for every consumer to find a full batch, without an ever-growing backlog.
  const backlogCap = spec.consumers * 20 + spec.producers * 10;
  const stop = new AbortController();
  setMaxListeners(spec.consumers + 10, stop.signal);
  let seq = 0;

  // Producers wait for room in the backlog; every deletion (and the stop) wakes them.
  let waiting: (() => void)[] = [];
  const wakeProducers = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };
  stop.signal.addEventListener('abort', wakeProducers);

  const produce = async (index: number) => {
    while (!stop.signal.aborted) {
      if (tally.sent - tally.processed >= backlogCap) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      const bodies = Array.from({ length: 10 }, () => envelope(seq++));
      for (const result of await side.send(index, bodies).catch((error: unknown) => [{ ok: false as const, code: 'SEND', message: String(error) }])) {
        if (result.ok) tally.sent++;
        else fail(new Error(`${result.code}: ${result.message}`));
      }
    }
  };

  const consume = async (index: number) => {
    while (!stop.signal.aborted) {
      let records;
      try {
        ({ records } = await collectBatch({
          sqs: poller,
          queueUrl: resources.queueUrl,
          source: { queueArn: resources.queueArn, region: 'us-east-1' },
          batchSize: 10,
          batchingWindowSeconds: 0,
          longPollSeconds: 20,
          signal: stop.signal,
        }));
      } catch (error) {
        if (stop.signal.aborted) return;
        fail(error);
        await sleep(50);
        continue;
      }
      if (records.length === 0) continue;
      let processed;
      try {
        processed = await side.process(index, records.map((record) => record.body));
      } catch (error) {
        fail(error);
        await sleep(50);
        continue;
      }
      for (const message of processed) {
        if (message.error !== undefined) fail(message.error);
        if (message.outcome === 'duplicate') tally.duplicates++;
      }
      const done = records.filter((_, i) => processed[i]?.outcome !== 'failed');
      const deletion = await deleteMessages(poller, resources.queueUrl, done);
      if (deletion.error) fail(deletion.error);
      tally.processed += deletion.deleted;
      wakeProducers();
    }
  };

  const startedAt = performance.now();
  const first = snapshot();
  const ticker = setInterval(() => spec.onTick?.((performance.now() - startedAt) / 1000), 1000);
  const loops = [
    ...Array.from({ length: spec.producers }, (_, index) => produce(index)),
    ...Array.from({ length: spec.consumers }, (_, index) => consume(index)),
  ];
  try {
    await sleep(spec.warmupSeconds * 1000);
    const before = snapshot();
    await sleep(spec.measureSeconds * 1000);
    const after = snapshot();
    stop.abort();
    await Promise.all(loops);
    const last = snapshot();
    // The clients are new with the run, so their counts cover exactly the run.
    const issued = addCounts(polls.snapshot(), await side.issued());
    const seconds = (after.at - before.at) / 1000;
    const processed = after.processed - before.processed;
    const elu = performance.eventLoopUtilization(after.elu, before.elu);
    const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
    return {
      messagesPerSecond: processed / seconds,
      processed,
      sent: after.sent - before.sent,
      seconds,
      requests: {
        issued,
        atEmulators: diffCounts(last.atEmulators, first.atEmulators),
        sent: last.sent - first.sent,
        processed: last.processed - first.processed,
      },
      errors: tally.errors,
      duplicates: tally.duplicates,
      mainThreadUtilization: elu.utilization,
      cpuMsPerMessage: processed > 0 ? cpuMs / processed : Number.NaN,
      ...(tally.firstError === undefined ? {} : { firstError: tally.firstError }),
    };
  } finally {
    clearInterval(ticker);
    stop.abort();
    await Promise.allSettled(loops);
    await side.close();
    poller.destroy();
    await resources.dispose();
  }

  function snapshot() {
    return {
      at: performance.now(),
      processed: tally.processed,
      sent: tally.sent,
      atEmulators: environment.atEmulators.snapshot(),
      elu: performance.eventLoopUtilization(),
      cpu: cpuUsage(),
    };
  }
}
