import { EventEmitter } from 'node:events';
import { SqsEventSource } from '../esm/sqs-event-source.js';
import { FunctionHost } from '../lambda/function-host.js';
import type { Invoke } from '../lambda/invocation.js';
import type { FunctionHostStats } from '../lambda/options.js';
import { createFunctionLogRouter } from '../logs/function-log-router.js';
import { parseEmf } from '../metrics/emf.js';
import { MetricsAggregator } from '../metrics/metrics-aggregator.js';
import type { ResolvedRuntimeOptions } from '../options.js';
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
}

/** Creates a host per function and a mapping per enabled event source (not yet polling). */
export async function startCompute(options: ResolvedRuntimeOptions, infra: InfrastructurePhase): Promise<ComputePhase> {
  return acquire(async (teardown): Promise<PhaseParts<ComputePhase>> => {
    const { stack, faults } = infra;
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

  const hosts = new Map<string, FunctionHost>();
  deferQuietly(teardown, () => Promise.all([...hosts.values()].map((host) => host.stop({ graceMs: 0 }))));
  for (const fn of stack.functions) {
    hosts.set(fn.logicalId, new FunctionHost(fn, {
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
    }));
  }
  const invokerFor = (logicalId: string): Invoke => {
    const host = hosts.get(logicalId);
    if (host === undefined) throw new Error(`no function ${logicalId}`);
    return host.invoke;
  };

  const esmSqs = infra.sqsClientFor('EventSourceMapping');
  deferQuietly(teardown, () => esmSqs.destroy());
  const eventSources = stack.eventSources.filter((source) => source.enabled).map((source) => new SqsEventSource(source, {
    sqs: esmSqs,
    queueUrl: infra.queueUrls.get(source.queue.logicalId) ?? '',
    invoke: invokerFor(source.functionLogicalId),
    region: stack.region,
    pollers: source.maximumConcurrency ?? options.pollers,
    onBatch: (report) => events.emit('batch', source.logicalId, report),
  }));
  const stopPolling = () => Promise.all(eventSources.map((source) => source.stop()));

  return {
    metrics,
    events,
    invokerFor,
    functionStats: () => Object.fromEntries(stack.functions.map((fn) => [fn.name, hosts.get(fn.logicalId)?.stats])),
    startPolling() {
      for (const source of eventSources) source.start();
      deferQuietly(teardown, stopPolling);
    },
    async drain(graceMs) {
      // The hosts give in-flight invocations `graceMs`, then abandon them (as Lambda does when an
      // environment goes away), which lets the mappings settle those batches.
      const mappingsStopped = stopPolling();
      await Promise.all([...hosts.values()].map((host) => host.stop({ graceMs })));
      await mappingsStopped;
    },
  };
  });
}
