import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../template/specs.js';
import { invocationFailureLine } from './failure-line.js';
import { Instance } from './instance.js';
import { InstancePool } from './instance-pool.js';
import type { InvocationError, InvocationFailureReason, InvocationResult, Invoke } from './invocation.js';
import { type FunctionHostOptions, type FunctionHostStats, type ResolvedHostOptions, resolveHostOptions } from './options.js';
import { type AttemptOutcome, MAX_PAYLOAD_BYTES, runInvocation, SHUTDOWN_ERROR } from './run-invocation.js';

/** Options of {@link FunctionHost.stop}. */
export interface StopOptions {
  /** How long in-flight invocations may still run before they are abandoned, in ms. @default 0 */
  readonly graceMs?: number;
}

type Counters = { invocations: number; coldStarts: number; errors: number; timeouts: number; crashes: number; billedMs: number };

/**
 * Hosts one function as Lambda would: each instance is a worker thread (an execution environment)
 * that loads the handler once, runs one invocation at a time and stays warm; a new instance is
 * started (a cold start) when none is idle and fewer than `maxInstances` exist, else the
 * invocation waits its turn (FIFO).
 */
export class FunctionHost {
  private readonly options: ResolvedHostOptions;
  private readonly pool: InstancePool<Instance>;
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<InvocationResult>>();
  private readonly counters: Counters = { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0, billedMs: 0 };
  private stopped = false;

  /** Validates `options` (throws `FunctionHostOptionsError`); starts no instance until the first invocation. */
  constructor(
    private readonly spec: FunctionSpec,
    options: FunctionHostOptions,
  ) {
    this.options = resolveHostOptions(spec, options);
    this.pool = new InstancePool(this.options.maxInstances, () => this.startInstance(), this.options.idleTimeoutSeconds * 1000);
  }

  /** Invokes the function with `event` (RequestResponse); never rejects. After `stop()` it fails at once with `Runtime.Shutdown`. */
  readonly invoke: Invoke = (event) => {
    const requestId = randomUUID();
    const invocation = this.run(requestId, event).catch((error: unknown) => {
      // Only a bug or a worker that cannot even be created gets here; the contract is to resolve.
      const result = failure(requestId, 'crash', { errorType: 'Runtime.Unknown', errorMessage: `the function host failed: ${String(error)}` });
      this.warn(result, event);
      return result;
    });
    this.inFlight.add(invocation);
    void invocation.finally(() => this.inFlight.delete(invocation));
    return invocation;
  };

  /** Instances and counters at this moment. */
  get stats(): FunctionHostStats {
    return { ...this.pool.counts, ...this.counters, memoryMb: this.spec.memoryMb };
  }

  /**
   * Stops taking invocations (queued ones fail with `Runtime.Shutdown`), lets in-flight ones finish
   * for up to `graceMs`, then abandons the rest (they resolve as `crash` / `Runtime.Shutdown`) and
   * terminates every worker thread before resolving.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    this.stopped = true;
    const graceMs = options.graceMs ?? 0;
    this.pool.close();
    if (graceMs > 0 && this.inFlight.size > 0) await settledOrAfter([...this.inFlight], graceMs);
    this.shutdown.abort();
    await Promise.all(this.pool.close().map((instance) => instance.terminate()));
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Lets every invocation this host has taken run to its end (those waiting for an instance
   * included: nothing is refused), then terminates its instances, as Lambda lets the old version's
   * environments finish when a function's code is updated. The caller sends new invocations to
   * another host first; one that still arrives meanwhile is run too. `stop()` cuts it short.
   */
  async retire(): Promise<void> {
    while (this.inFlight.size > 0 && !this.stopped) await Promise.allSettled([...this.inFlight]);
    // A stop that came meanwhile (the runtime stopping) has its own grace; do not cut it short.
    if (!this.stopped) await this.stop({ graceMs: 0 });
  }

  private async run(requestId: string, event: unknown): Promise<InvocationResult> {
    if (this.stopped) return failure(requestId, 'crash', SHUTDOWN_ERROR);
    const serialized = serializeEvent(event);
    if (!serialized.ok) return failure(requestId, 'error', serialized.error);
    const lease = await this.pool.acquire();
    if (!lease) return failure(requestId, 'crash', SHUTDOWN_ERROR);
    const { instance } = lease;
    const init = lease.cold ? await instance.ready : undefined;
    if (init && !init.ok) {
      this.pool.discard(instance);
      void instance.terminate();
      const error = this.shutdown.signal.aborted ? SHUTDOWN_ERROR : init.error;
      return this.complete(requestId, event, { ok: false, reason: this.shutdown.signal.aborted ? 'crash' : 'init', error, durationMs: 0, keepInstance: false }, init.initDurationMs);
    }
    const outcome = await runInvocation({
      instance,
      requestId,
      event: serialized.json,
      timeoutSeconds: this.spec.timeoutSeconds,
      faults: this.options.faults.forInvocation({ name: this.spec.name, logicalId: this.spec.logicalId, functionName: this.spec.functionName }),
      shutdown: this.shutdown.signal,
    });
    if (outcome.keepInstance) this.pool.release(instance);
    else this.pool.discard(instance);
    return this.complete(requestId, event, outcome, init?.initDurationMs);
  }

  private startInstance(): Instance {
    this.counters.coldStarts++;
    return new Instance(this.spec, {
      region: this.options.region,
      extraEnvironment: this.options.extraEnvironment,
      onLog: this.options.onLog,
      onExit: (instance) => this.pool.discard(instance),
    });
  }

  private complete(requestId: string, event: unknown, outcome: AttemptOutcome, initDurationMs: number | undefined): InvocationResult {
    const init = initDurationMs === undefined ? {} : { initDurationMs };
    const result: InvocationResult = outcome.ok
      ? { requestId, durationMs: outcome.durationMs, ...init, ok: true, payload: outcome.payload }
      : { requestId, durationMs: outcome.durationMs, ...init, ok: false, reason: outcome.reason, error: outcome.error };
    this.count(result);
    this.warn(result, event);
    try {
      this.options.onInvocation({
        requestId,
        name: this.spec.name,
        durationMs: result.durationMs,
        billedDurationMs: Math.ceil(result.durationMs),
        ...init,
        memoryMb: this.spec.memoryMb,
        ok: result.ok,
        ...(result.ok ? {} : { reason: result.reason }),
      });
    } catch {
      // A reporting callback must not turn a result into a rejection.
    }
    return result;
  }

  /**
   * Writes the one WARN line of a crash, timeout, init failure or abandoned invocation to the log
   * (`onLog`), where Lambda writes its platform lines: the console and `conveyor tail` show it.
   */
  private warn(result: InvocationResult, event: unknown): void {
    if (result.ok) return;
    const line = invocationFailureLine({
      functionName: this.spec.name, requestId: result.requestId, event, reason: result.reason, error: result.error, timeoutSeconds: this.spec.timeoutSeconds,
    });
    if (line === undefined) return;
    try {
      this.options.onLog(line, 'stderr');
    } catch {
      // A logging callback must not turn a result into a rejection.
    }
  }

  private count(result: InvocationResult): void {
    this.counters.invocations++;
    // Lambda bills each invocation's duration rounded up to the ms, and (on-demand, since August 2025) the init phase.
    this.counters.billedMs += Math.ceil(result.durationMs) + Math.ceil(result.initDurationMs ?? 0);
    if (result.ok) return;
    if (result.reason === 'timeout') this.counters.timeouts++;
    else if (result.reason === 'crash') this.counters.crashes++;
    else this.counters.errors++;
  }
}

function serializeEvent(event: unknown): { ok: true; json: string } | { ok: false; error: InvocationError } {
  let json: string;
  try {
    json = JSON.stringify(event) ?? '{}';
  } catch (error) {
    return { ok: false, error: { errorType: 'InvalidRequestContentException', errorMessage: `Could not serialize the event: ${(error as Error).message}` } };
  }
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
    return { ok: false, error: { errorType: 'RequestEntityTooLargeException', errorMessage: `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation` } };
  }
  return { ok: true, json };
}

const failure = (requestId: string, reason: InvocationFailureReason, error: InvocationError): InvocationResult => ({ requestId, durationMs: 0, ok: false, reason, error });

async function settledOrAfter(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.allSettled(promises), elapsed]);
  clearTimeout(timer);
}
