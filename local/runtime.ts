import type { EventEmitter } from 'node:events';
import type { QueueFigures } from './admin/queue-stats.js';
import type { FaultStore } from './faults/fault-store.js';
import type { MetricsAggregator } from './metrics/metrics-aggregator.js';
import type { RuntimeOptions } from './options.js';
import { type RuntimeEvents, startCompute } from './phases/compute.js';
import { startEdge } from './phases/edge.js';
import { type RuntimeState, startInfrastructure } from './phases/infrastructure.js';
import { readSpec } from './phases/spec.js';
import { createReloader } from './reload/reloader.js';
import type { ReloadReport } from './reload/reload-report.js';
import { watchSynthInputs } from './reload/watch-inputs.js';
import type { SynthResult } from './synth/synth-cache.js';
import type { StackSpec } from './template/specs.js';

export type { RuntimeEvents } from './phases/compute.js';
export type { RuntimeState } from './phases/infrastructure.js';
export type { ReloadReport } from './reload/reload-report.js';

/** A running local runtime. */
export interface LocalRuntime {
  /** Base URL of the REST API stage (ends with `/`), as the `ApiUrl` output. */
  readonly apiUrl: string;
  /** Where the API and the runtime's own endpoints listen: `http://127.0.0.1:3000`. */
  readonly runtimeUrl: string;
  /** The AWS endpoint for SQS and DynamoDB clients. */
  readonly awsEndpoint: string;
  /** Value of the API key. */
  readonly apiKey: string;
  /** The model of the stack running now (a reload replaces it). */
  readonly stack: StackSpec;
  /** The stack's outputs with the local additions (what `local.json` holds under the stack name), as of the last reload. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Path of the outputs file. */
  readonly outputsFile: string;
  readonly faults: FaultStore;
  readonly metrics: MetricsAggregator;
  readonly synth: SynthResult | undefined;
  /** Where the queues and tables are kept, and what `reset` deleted. */
  readonly state: RuntimeState;
  /** Every queue's depth now (visible, in flight, delayed), from GetQueueAttributes. */
  queueFigures(): Promise<QueueFigures[]>;
  /** Milliseconds from start to ready. */
  readonly startupMs: number;
  readonly events: EventEmitter<RuntimeEvents>;
  /**
   * What `watch` watches, relative to the project root (folders end with `/`); undefined without
   * `watch`.
   */
  readonly watching: readonly string[] | undefined;
  /**
   * Re-synthesizes when the sources changed since the last synth (with `synth: false`: reads the
   * assembly folder again) and runs the new assembly in place of the running one, keeping the
   * emulators and what they hold: new queues and tables are created, a function whose code or
   * settings changed gets new instances for its new invocations while the ones it had run to their
   * end, event source mappings are added, removed or changed, the API is rebuilt when it changed.
   * When the new assembly changes what cannot change live (a queue between standard and FIFO, a
   * table's key), or synthesizing fails, nothing changes. Never rejects: the report says what
   * happened; it is also printed and emitted as the `reload` event (unless nothing changed).
   * `watch` calls it on every change.
   */
  reload(): Promise<ReloadReport>;
  /**
   * Stops everything; in-flight invocations get `graceMs` to finish, then are abandoned. Resolves to
   * the queues' depths once the work has settled (what is left, and kept unless in memory).
   * Calling it again returns the same promise.
   * @default graceMs 2000
   */
  stop(options?: { graceMs?: number }): Promise<QueueFigures[]>;
}

/**
 * Starts Conveyor locally from the synthesized cloud assembly, in four phases, each disposed in
 * reverse order when a later one fails and on `stop()`: spec (options, lock, synth, template) →
 * infrastructure (emulators or `endpoint`, the AWS proxy, queues and tables) → compute (function
 * hosts, event source mappings, log and metrics routing) → edge (REST API, admin endpoints, `local.json`).
 */
export async function startLocalRuntime(input: RuntimeOptions = {}): Promise<LocalRuntime> {
  const started = performance.now();
  const phases = new AsyncDisposableStack();
  try {
    const spec = phases.use(await readSpec(input));
    const infra = phases.use(await startInfrastructure(spec));
    const compute = phases.use(await startCompute(spec.options, infra));
    const edge = phases.use(await startEdge(spec, infra, compute));
    // Last, so that a start that fails has received no message.
    compute.startPolling();
    const reloader = createReloader({ spec, infra, compute, edge, log: spec.options.log });
    const watcher = spec.options.watch
      ? watchSynthInputs({
        projectDir: spec.options.projectDir,
        onChange: (files) => void reloader.reload(files).then(() => watcher?.refresh()),
        onFallback: (reason) => spec.options.log(`--watch: ${reason}`),
      })
      : undefined;
    let stopping: Promise<QueueFigures[]> | undefined;
    return {
      runtimeUrl: edge.runtimeUrl, apiKey: edge.apiKey, outputsFile: edge.outputsFile,
      get apiUrl() {
        return edge.apiUrl;
      },
      get outputs() {
        return edge.outputs;
      },
      get stack() {
        return reloader.stack;
      },
      queueFigures: edge.queueFigures,
      awsEndpoint: infra.awsEndpoint, faults: infra.faults, state: infra.state,
      metrics: compute.metrics, events: compute.events,
      synth: spec.synth,
      startupMs: performance.now() - started,
      get watching() {
        return watcher?.watched;
      },
      reload: () => reloader.reload(),
      stop({ graceMs = 2_000 } = {}) {
        stopping ??= (async () => {
          // No reload starts or finishes while the rest stops.
          watcher?.close();
          await reloader.close();
          // Stop polling and serving first; the work in flight gets its grace, then the phases go.
          await Promise.all([compute.drain(graceMs), edge.close(graceMs)]);
          // What is left once the work has settled, for the stop message.
          const left = await edge.queueFigures().catch(() => []);
          await phases.disposeAsync();
          return left;
        })();
        return stopping;
      },
    };
  } catch (error) {
    // A phase that failed has undone itself; the ones before it go now, last first.
    await phases.disposeAsync();
    throw error;
  }
}
