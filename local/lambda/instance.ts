import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../template/specs.js';
import { instanceEnvironment, logStreamName } from './environment.js';
import type { InvocationError } from './invocation.js';
import { splitLines } from './line-splitter.js';
import type { InstanceData, InvokeMessage, ResultMessage, WorkerMessage } from './worker/protocol.js';
import { workerCode } from './worker-code.js';

/** How long the handler module may take to load; Lambda's on-demand init limit. */
const INIT_TIMEOUT_MS = 10_000;

/** V8's default young generation on 64-bit machines with ample memory (3 × 64 MB semi-spaces). */
const V8_DEFAULT_YOUNG_GENERATION_MB = 192;

/**
 * V8 young generation of an instance, sized as Lambda's Node runtime sizes it: its bootstrap runs
 * node with `--max-semi-space-size` = memory / 20 MB, and V8's young generation is three
 * semi-spaces. Left to V8's default, each instance's new space may grow to 128 MB under an
 * allocating load (the consumer's does), several times what it would be on Lambda. Never above
 * that default, so a large function does not get more here than before.
 */
export function youngGenerationMb(memoryMb: number): number {
  return Math.min(V8_DEFAULT_YOUNG_GENERATION_MB, 3 * Math.max(1, Math.floor(memoryMb / 20)));
}

/** Whether the instance loaded its handler, and how long that took (worker start → module imported). */
export type InitOutcome =
  | { readonly ok: true; readonly initDurationMs: number }
  | { readonly ok: false; readonly initDurationMs: number; readonly error: InvocationError };

/** What the worker did with one invocation: answered, or died first. */
export type RunOutcome = { readonly kind: 'result'; readonly message: ResultMessage } | { readonly kind: 'exit'; readonly error: InvocationError };

/** What an {@link Instance} needs besides the spec. */
export interface InstanceOptions {
  readonly region: string;
  readonly extraEnvironment: Readonly<Record<string, string>>;
  readonly onLog: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called once when the worker thread has exited, for whatever reason. */
  readonly onExit: (instance: Instance) => void;
}

/** One execution environment: a worker thread with the handler module loaded, running one invocation at a time. */
export class Instance {
  /** `context.logStreamName` of every invocation on this instance. */
  readonly logStreamName = logStreamName();
  /** Settles once the handler module is loaded or could not be (never rejects). */
  readonly ready: Promise<InitOutcome>;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private pending: { readonly requestId: string; readonly resolve: (outcome: RunOutcome) => void } | undefined;
  private lastError: Error | undefined;
  private exitCode: number | undefined;
  private dead = false;

  constructor(spec: FunctionSpec, options: InstanceOptions) {
    const startedAt = performance.now();
    this.worker = new Worker(workerCode(), {
      eval: true,
      env: instanceEnvironment(spec, { region: options.region, logStreamName: this.logStreamName, extra: options.extraEnvironment }),
      workerData: instanceData(spec, this.logStreamName),
      stdout: true,
      stderr: true,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb, maxYoungGenerationSizeMb: youngGenerationMb(spec.memoryMb) },
    });
    splitLines(this.worker.stdout, (line) => safely(() => options.onLog(line, 'stdout')));
    splitLines(this.worker.stderr, (line) => safely(() => options.onLog(line, 'stderr')));
    this.worker.on('error', (error) => (this.lastError = error));
    this.worker.on('message', (message: WorkerMessage) => this.handleResult(message));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => resolve(this.handleExit(code, options))));
    this.ready = this.awaitInit(startedAt);
  }

  /** False once the worker thread has exited (or is being terminated). */
  get alive(): boolean {
    return !this.dead;
  }

  /** Hands the event to the worker; resolves with its answer, or with an exit error when the worker dies first. */
  run(message: InvokeMessage): Promise<RunOutcome> {
    if (this.dead) return Promise.resolve({ kind: 'exit', error: this.exitError(undefined) });
    return new Promise((resolve) => {
      this.pending = { requestId: message.requestId, resolve };
      this.worker.postMessage(message);
    });
  }

  /** Stops the worker thread and waits for it to be gone. */
  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
    await this.exited;
  }

  private awaitInit(startedAt: number): Promise<InitOutcome> {
    return new Promise((resolve) => {
      const elapsed = () => performance.now() - startedAt;
      const timer = setTimeout(() => {
        resolve({ ok: false, initDurationMs: elapsed(), error: { errorType: 'Sandbox.Timedout', errorMessage: `Init timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds` } });
        void this.terminate();
      }, INIT_TIMEOUT_MS);
      const done = (outcome: InitOutcome) => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        resolve(outcome);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready') done({ ok: true, initDurationMs: elapsed() });
        else if (message.type === 'init-error') done({ ok: false, initDurationMs: elapsed(), error: message.error });
      };
      this.worker.on('message', onMessage);
      void this.exited.then(() => done({ ok: false, initDurationMs: elapsed(), error: this.exitError(this.exitCode) }));
    });
  }

  private handleExit(code: number, options: InstanceOptions): void {
    this.dead = true;
    this.exitCode = code;
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ kind: 'exit', error: this.exitError(code) });
    safely(() => options.onExit(this));
  }

  private handleResult(message: WorkerMessage): void {
    if (message.type !== 'result' || this.pending?.requestId !== message.requestId) return;
    const pending = this.pending;
    this.pending = undefined;
    pending.resolve({ kind: 'result', message });
  }

  private exitError(code: number | undefined): InvocationError {
    const cause = this.lastError ? `${this.lastError.name}: ${this.lastError.message}` : `exit status ${code ?? 'unknown'}`;
    return { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${cause}` };
  }
}

function instanceData(spec: FunctionSpec, streamName: string): InstanceData {
  return {
    assetDir: spec.assetDir,
    handler: spec.handler,
    functionName: spec.functionName,
    invokedFunctionArn: spec.arn,
    memoryMb: spec.memoryMb,
    logGroupName: spec.logGroupName,
    logStreamName: streamName,
  };
}

/** Runs a caller's callback without letting its exception escape into a stream or worker event. */
function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // A logging or bookkeeping callback must not take the host down.
  }
}
