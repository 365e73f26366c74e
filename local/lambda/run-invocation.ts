import { LAMBDA_SYNC_PAYLOAD_BYTES } from '../../contract/index.js';
import type { InvocationFaults } from '../faults/decisions.js';
import type { Instance } from './instance.js';
import type { InvocationError, InvocationFailureReason } from './invocation.js';

/** Lambda's limit on a synchronous response, in bytes. */
export const MAX_PAYLOAD_BYTES = LAMBDA_SYNC_PAYLOAD_BYTES;

/** One invocation on an instance that is ready. */
export interface InvocationAttempt {
  readonly instance: Instance;
  readonly requestId: string;
  /** The event as JSON. */
  readonly event: string;
  readonly timeoutSeconds: number;
  readonly faults: InvocationFaults | undefined;
  /** Aborted when the host abandons in-flight invocations. */
  readonly shutdown: AbortSignal;
}

/** How an attempt ended; `keepInstance` is false when the instance was terminated (timeout, crash, shutdown). */
export type AttemptOutcome = { readonly durationMs: number; readonly keepInstance: boolean } & (
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly reason: InvocationFailureReason; readonly error: InvocationError }
);

type Ending = { readonly ok: true; readonly payload: unknown } | { readonly ok: false; readonly reason: InvocationFailureReason; readonly error: InvocationError };

/** The failure of invocations abandoned by `FunctionHost.stop()`. */
export const SHUTDOWN_ERROR: InvocationError = { errorType: 'Runtime.Shutdown', errorMessage: 'the function host stopped before the invocation finished' };

/**
 * Runs one invocation with Lambda's rules: the deadline starts now (injected latency counts against
 * it), the instance is terminated at the deadline (`Sandbox.Timedout`), an injected crash
 * terminates it `crashAfterMs` after the handler started — or as soon as the handler returns, whose
 * result is then discarded — and a worker that dies mid-invocation is a `Runtime.ExitError` crash.
 */
export function runInvocation(attempt: InvocationAttempt): Promise<AttemptOutcome> {
  const { instance, faults, shutdown } = attempt;
  const startedAt = performance.now();
  const timeoutMs = attempt.timeoutSeconds * 1000;
  const deadlineMs = Date.now() + timeoutMs;
  const timers: NodeJS.Timeout[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (ending: Ending, keepInstance: boolean) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      shutdown.removeEventListener('abort', onShutdown);
      if (!keepInstance) void instance.terminate();
      resolve({ ...ending, durationMs: performance.now() - startedAt, keepInstance });
    };
    const onShutdown = () => finish({ ok: false, reason: 'crash', error: SHUTDOWN_ERROR }, false);
    const crash = () => finish({ ok: false, reason: 'crash', error: injectedCrash(faults?.crashAfterMs ?? 0) }, false);
    const dispatch = () => {
      if (settled) return;
      if (faults?.crashAfterMs !== undefined) timers.push(setTimeout(crash, Math.max(0, faults.crashAfterMs)));
      void instance.run({ type: 'invoke', requestId: attempt.requestId, event: attempt.event, deadlineMs }).then((outcome) => {
        if (faults?.crashAfterMs !== undefined) return crash();
        if (outcome.kind === 'exit') return finish({ ok: false, reason: 'crash', error: outcome.error }, false);
        finish(resultEnding(outcome.message), instance.alive);
      });
    };
    if (shutdown.aborted) return onShutdown();
    shutdown.addEventListener('abort', onShutdown);
    timers.push(setTimeout(() => finish({ ok: false, reason: 'timeout', error: timedOut(attempt.timeoutSeconds) }, false), timeoutMs));
    const latencyMs = faults?.latencyMs ?? 0;
    if (latencyMs > 0) timers.push(setTimeout(dispatch, latencyMs));
    else dispatch();
  });
}

function resultEnding(message: { ok: true; payload: string } | { ok: false; error: InvocationError }): Ending {
  if (!message.ok) return { ok: false, reason: 'error', error: message.error };
  if (Buffer.byteLength(message.payload) > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      reason: 'error',
      error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).` },
    };
  }
  return { ok: true, payload: JSON.parse(message.payload) as unknown };
}

const timedOut = (seconds: number): InvocationError => ({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${seconds.toFixed(2)} seconds` });

const injectedCrash = (afterMs: number): InvocationError => ({
  errorType: 'Runtime.ExitError',
  errorMessage: `injected crash: the instance was stopped ${afterMs} ms after the handler started`,
});
