/**
 * Messages between the function host and an instance's worker thread. Types only: the worker is
 * bundled on its own (see `worker-code.ts`) and imports nothing but Node builtins and this file.
 */

/** A Lambda-style error as the worker serialises it. */
export interface WorkerError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string[];
}

/** `workerData` of an instance: what it needs to load the handler and build contexts. */
export interface InstanceData {
  /** Absolute folder of the function's code (`LAMBDA_TASK_ROOT`). */
  readonly assetDir: string;
  /** `file.export`, e.g. `index.handler`. */
  readonly handler: string;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryMb: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Host → worker: run the handler once. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON, as Lambda hands it to the runtime. */
  readonly event: string;
  /** Epoch ms at which the invocation times out (`getRemainingTimeInMillis()` counts down to it). */
  readonly deadlineMs: number;
}

/** Worker → host: the handler module is loaded (`ok`) or could not be. */
export type InitMessage = { readonly type: 'ready' } | { readonly type: 'init-error'; readonly error: WorkerError };

/** Worker → host: what one invocation returned; `payload` is the result as JSON (`null` for undefined). */
export type ResultMessage =
  | { readonly type: 'result'; readonly requestId: string; readonly ok: true; readonly payload: string }
  | { readonly type: 'result'; readonly requestId: string; readonly ok: false; readonly error: WorkerError };

/** Anything the worker posts. */
export type WorkerMessage = InitMessage | ResultMessage;
