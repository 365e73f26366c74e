/** The contract between the function host and its callers (the API gateway and the event source mappings). */

/** Why an invocation failed, as Lambda would report it. */
export type InvocationFailureReason =
  /** The handler threw or rejected (`Runtime.HandlerError` style). */
  | 'error'
  /** The function ran past its timeout; the instance was stopped. */
  | 'timeout'
  /** The instance died mid-invocation (a fault rule, `process.exit`, an out-of-memory). */
  | 'crash'
  /** The handler module could not be loaded (init error). */
  | 'init';

/** A Lambda-style error payload. */
export interface InvocationError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: readonly string[];
}

interface InvocationBase {
  /** `context.awsRequestId`. */
  readonly requestId: string;
  /** Wall time of the handler (excludes init). */
  readonly durationMs: number;
  /** Set when this invocation started a new instance (a cold start). */
  readonly initDurationMs?: number;
}

/** What an invocation returned. */
export type InvocationResult =
  | (InvocationBase & { readonly ok: true; readonly payload: unknown })
  | (InvocationBase & { readonly ok: false; readonly reason: InvocationFailureReason; readonly error: InvocationError });

/** Invokes one function synchronously (RequestResponse) with an event and resolves with its result; never rejects. */
export type Invoke = (event: unknown) => Promise<InvocationResult>;
