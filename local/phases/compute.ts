import { EventEmitter } from 'node:events';
import { SqsEventSource } from '../esm/sqs-event-source.js';
import { FunctionHost } from '../lambda/function-host.js';
import { HostSet } from '../lambda/host-set.js';
import type { Invoke } from '../lambda/invocation.js';
import type { FunctionHostStats } from '../lambda/options.js';
import { createFunctionLogRouter } from '../logs/function-log-router.js';
import { parseEmf } from '../metrics/emf.js';
import { MetricsAggregator } from '../metrics/metrics-aggregator.js';
import type { ResolvedRuntimeOptions } from '../options.js';
import type { ReloadReport } from '../reload/reload-report.js';
import type { StackDiff } from '../reload/stack-diff.js';
import type { FunctionSpec, SqsEventSourceSpec, StackSpec } from '../template/specs.js';
import type { InfrastructurePhase } from './infrastructure.js';
import { acquire, deferQuietly, type PhaseParts } from './teardown.js';

/** Events a running runtime emits (for dashboards and tests). */
export interface RuntimeEvents {
  /** A function finished an invocation. */
  invocation: [functionName: string, report: unknown];
  /** An event source mapping settled a batch. */
  batch: [eventSource: string, report: unknown];
  /** The API answered a request. */
  request: [entry: unknown];
  /** A function wrote a line (EMF metric lines included), as the function log router receives it. */
  log: [functionName: string, line: string, stream: 'stdout' | 'stderr'];
  /** A reload ended: applied, blocked or failed (`npm start --watch`, `LocalRuntime.reload()`). */
  reload: [report: ReloadReport];
}

/**
 * The third phase: the functions in worker threads, the SQS event source mappings and where the
 * functions' lines go (the log, the metrics). Disposing it stops the mappings and abandons the
 * invocations in flight at once; {@link ComputePhase.drain} is the graceful way.
 */
export interface ComputePhase extends AsyncDisposable {
  readonly metrics: MetricsAggregator;
  readonly events: EventEmitter<RuntimeEvents>;
  /** The invoke of the function with this logical id; throws for an unknown one. */
  invokerFor(logicalId: string): Invoke;
  /** Each function's host stats, by short name. */
  functionStats(): Record<string, FunctionHostStats | undefined>;
  /** Starts the mappings polling; the last step of a start, so that a start that fails has received nothing. */
  startPolling(): void;
  /** Stops polling; invocations in flight get `graceMs`, then are abandoned; resolves once the mappings have settled their batches. */
  drain(graceMs: number): Promise<void>;
  /**
   * Runs `next` (a model of the stack whose queues exist, their URLs in `queueUrls`) in place of the
   * running one, as `diff` (running → next) says: a function whose code or settings changed gets a
   * new host (the old one finishes what it had taken), a new function a host, a removed one's host
   * retires; a mapping that is new or changed starts polling, one that is removed or changed stops
   * (its batches in flight are settled in the background).
   */
  apply(next: StackSpec, queueUrls: ReadonlyMap<string, string>, diff: StackDiff): void;
}

/** Creates a host per function and a mapping per enabled event source (not yet polling). */
export async function startCompute(options: ResolvedRuntimeOptions, infra: InfrastructurePhase): Promise<ComputePhase> {
  return acquire(async (teardown): Promise<PhaseParts<ComputePhase>> => {
    const { faults } = infra;
    const metrics = new MetricsAggregator();
    const events = new EventEmitter<RuntimeEvents>();
    const routeLog = createFunctionLogRouter({
      print: options.log,
      quiet: options.quiet,
      verbose: options.verbose,
      format: options.logFormat,
      metrics: (line, source) => {
        const records = parseEmf(line);
        if (records === undefined) return false;
        metrics.ingest(records, source);
        return true;
      },
  });

  let stack = infra.stack;
  const makeHost = (fn: FunctionSpec) => new FunctionHost(fn, {
    region: stack.region,
    extraEnvironment: {
      AWS_ENDPOINT_URL_SQS: `${infra.awsEndpoint}/_caller/${fn.name}`,
      AWS_ENDPOINT_URL_DYNAMODB: `${infra.awsEndpoint}/_caller/${fn.name}`,
    },
    maxInstances: options.maxInstances,
    idleTimeoutSeconds: options.idleInstanceSeconds,
    faults,
    onLog: (line, stream) => {
      routeLog(fn.name, line, stream);
      events.emit('log', fn.name, line, stream);
    },
    onInvocation: (report) => {
      events.emit('invocation', fn.name, report);
      if (options.verbose) options.log(`[${fn.name}] REPORT ${JSON.stringify(report)}`);
    },
  });
  const hosts = new HostSet(makeHost);
  deferQuietly(teardown, () => hosts.stop(0));
  for (const fn of stack.functions) hosts.put(fn);
  const invokerFor = (logicalId: string): Invoke => hosts.invokerFor(logicalId);

  const esmSqs = infra.sqsClientFor('EventSourceMapping');
  deferQuietly(teardown, () => esmSqs.destroy());
  const mappingOf = (source: SqsEventSourceSpec, queueUrls: ReadonlyMap<string, string>) => new SqsEventSource(source, {
    sqs: esmSqs,
    queueUrl: queueUrls.get(source.queue.logicalId) ?? '',
    // Looked up per batch, so that a batch goes to the function's current code.
    invoke: (event) => invokerFor(source.functionLogicalId)(event),
    region: stack.region,
    pollers: source.maximumConcurrency ?? options.pollers,
    onBatch: (report) => events.emit('batch', source.logicalId, report),
  });
  const mappings = new Map(stack.eventSources.filter((source) => source.enabled).map((source) => [source.logicalId, mappingOf(source, infra.queueUrls)]));
  /** Mappings a reload removed or replaced, settling their last batches. */
  const stopping = new Set<Promise<void>>();
  let polling = false;
  const stopPolling = () => Promise.all([...[...mappings.values()].map((mapping) => mapping.stop()), ...stopping]);

  return {
    metrics,
    events,
    invokerFor,
    functionStats: () => Object.fromEntries(stack.functions.map((fn) => [fn.name, hosts.statsOf(fn.logicalId)])),
    startPolling() {
      polling = true;
      for (const mapping of mappings.values()) mapping.start();
      deferQuietly(teardown, stopPolling);
    },
    async drain(graceMs) {
      // The hosts give in-flight invocations `graceMs`, then abandon them (as Lambda does when an
      // environment goes away), which lets the mappings settle those batches.
      const mappingsStopped = stopPolling();
      await hosts.stop(graceMs);
      await mappingsStopped;
    },
    apply(next, queueUrls, diff) {
      stack = next;
      const fnOf = (id: string) => next.functions.find((fn) => fn.logicalId === id) as FunctionSpec;
      for (const id of new Set([...diff.functions.added, ...diff.functions.changed, ...diff.code])) hosts.put(fnOf(id));
      for (const id of diff.functions.removed) hosts.remove(id);
      for (const id of [...diff.eventSources.removed, ...diff.eventSources.changed]) {
        const mapping = mappings.get(id);
        mappings.delete(id);
        if (mapping === undefined) continue;
        const stopped = mapping.stop();
        stopping.add(stopped);
        void stopped.finally(() => stopping.delete(stopped));
      }
      for (const id of [...diff.eventSources.added, ...diff.eventSources.changed]) {
        const source = next.eventSources.find((candidate) => candidate.logicalId === id);
        if (source === undefined || !source.enabled) continue;
        const mapping = mappingOf(source, queueUrls);
        mappings.set(id, mapping);
        if (polling) mapping.start();
      }
    },
  };
  });
}
