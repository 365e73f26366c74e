import { type FaultPolicy, NO_FAULTS } from '../faults/decisions.js';
import type { FunctionSpec } from '../template/specs.js';
import { FunctionHostOptionsError } from '../errors.js';
import type { InvocationFailureReason } from './invocation.js';

/** What the host reports after every invocation (Lambda's `REPORT` line). */
export interface InvocationReport {
  /** `context.awsRequestId`. */
  readonly requestId: string;
  /** The function's short name (`Producer`). */
  readonly name: string;
  /** Wall time of the invoke phase in ms: from the event being dispatched to the instance (injected latency included) to the result. */
  readonly durationMs: number;
  /** `durationMs` rounded up to the next whole millisecond, as Lambda bills it. */
  readonly billedDurationMs: number;
  /** Init time in ms (worker start → handler module imported), on cold starts only. */
  readonly initDurationMs?: number;
  /** The function's configured memory in MB. */
  readonly memoryMb: number;
  readonly ok: boolean;
  /** Why it failed, when `ok` is false. */
  readonly reason?: InvocationFailureReason;
}

/** Counters of a {@link FunctionHost}. */
export interface FunctionHostStats {
  /** Live instances (starting, idle or busy). */
  readonly instances: number;
  /** Instances running an invocation (or starting for one). */
  readonly busy: number;
  /** Invocations waiting for an instance (at `maxInstances`). */
  readonly queued: number;
  /** Invocations that ran to a result, successful or not. */
  readonly invocations: number;
  /** Instances started. */
  readonly coldStarts: number;
  /** Invocations that failed with reason `error` or `init`. */
  readonly errors: number;
  /** Invocations that failed with reason `timeout`. */
  readonly timeouts: number;
  /** Invocations that failed with reason `crash` (including those abandoned by `stop()`). */
  readonly crashes: number;
  /** Billed duration so far, ms: each invocation's duration and init duration, rounded up to the ms. */
  readonly billedMs: number;
  /** The function's configured memory, MB (GB-seconds = billedMs / 1000 × memoryMb / 1024). */
  readonly memoryMb: number;
}

/** Options of a {@link FunctionHost}. */
export interface FunctionHostOptions {
  /** Region for `AWS_REGION` / `AWS_DEFAULT_REGION`. */
  readonly region: string;
  /**
   * Extra environment merged over `spec.environment` and the Lambda runtime variables, e.g.
   * `AWS_ENDPOINT_URL_SQS` / `AWS_ENDPOINT_URL_DYNAMODB` set by the runtime. @default {}
   */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Max concurrent instances; further invocations wait in FIFO order. @default spec.reservedConcurrency ?? 10 */
  readonly maxInstances?: number;
  /**
   * An instance idle this long is stopped, as Lambda recycles idle execution environments; its
   * memory is returned and the next invocation is a cold start. 0 keeps instances until `stop()`.
   * @default 300 (seconds)
   */
  readonly idleTimeoutSeconds?: number;
  /** Faults to inject per invocation. @default NO_FAULTS */
  readonly faults?: FaultPolicy;
  /**
   * Every line the function writes to stdout/stderr, whole lines, without the newline; and, on
   * `stderr`, the host's one WARN line per invocation that crashed, timed out, failed to load or was
   * abandoned by `stop()` (see `invocationFailureLine`), as Lambda writes its platform lines to the
   * function's log stream.
   */
  readonly onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called after each invocation that ran (not for those refused after `stop()`). */
  readonly onInvocation?: (report: InvocationReport) => void;
}

/** {@link FunctionHostOptions} with defaults applied. */
export interface ResolvedHostOptions {
  readonly region: string;
  readonly extraEnvironment: Readonly<Record<string, string>>;
  readonly maxInstances: number;
  readonly idleTimeoutSeconds: number;
  readonly faults: FaultPolicy;
  readonly onLog: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly onInvocation: (report: InvocationReport) => void;
}

const KNOWN_KEYS = new Set(['region', 'extraEnvironment', 'maxInstances', 'idleTimeoutSeconds', 'faults', 'onLog', 'onInvocation']);
const DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
const DEFAULT_MAX_INSTANCES = 10;

/** Validates the spec fields the host relies on and the options (unknown keys rejected), and applies defaults. */
export function resolveHostOptions(spec: FunctionSpec, options: FunctionHostOptions): ResolvedHostOptions {
  const unknown = Object.keys(options).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new FunctionHostOptionsError(`FunctionHostOptions: unknown option(s) ${unknown.join(', ')}`);
  if (typeof options.region !== 'string' || options.region === '') throw new FunctionHostOptionsError('FunctionHostOptions.region must be a non-empty string');
  const maxInstances = options.maxInstances ?? spec.reservedConcurrency ?? DEFAULT_MAX_INSTANCES;
  if (!Number.isInteger(maxInstances) || maxInstances < 1) {
    throw new FunctionHostOptionsError(`FunctionHostOptions.maxInstances must be an integer ≥ 1 (got ${maxInstances})`);
  }
  // The runtime's `idleInstanceSeconds`, checked once by resolveRuntimeOptions.
  const idleTimeoutSeconds = options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  if (!(spec.timeoutSeconds > 0)) throw new FunctionHostOptionsError(`FunctionSpec.timeoutSeconds must be > 0 (got ${spec.timeoutSeconds}) for ${spec.name}`);
  if (!Number.isInteger(spec.memoryMb) || spec.memoryMb < 1) {
    throw new FunctionHostOptionsError(`FunctionSpec.memoryMb must be an integer ≥ 1 (got ${spec.memoryMb}) for ${spec.name}`);
  }
  return {
    region: options.region,
    extraEnvironment: options.extraEnvironment ?? {},
    maxInstances,
    idleTimeoutSeconds,
    faults: options.faults ?? NO_FAULTS,
    onLog: options.onLog ?? (() => undefined),
    onInvocation: options.onInvocation ?? (() => undefined),
  };
}
