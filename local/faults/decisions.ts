/** What the fault store decides for one call; the callers (AWS proxy, function host) only act on it. */

/** An AWS-shaped error to answer instead of forwarding the request. */
export interface InjectedAwsError {
  /** e.g. `ProvisionedThroughputExceededException`. */
  readonly code: string;
  /** @default 400 */
  readonly statusCode: number;
  readonly message: string;
}

/** For one AWS request (SQS or DynamoDB) seen by the local AWS endpoint. */
export interface AwsCallFaults {
  /** Delay before forwarding (or before answering with the error). */
  readonly latencyMs?: number;
  /** Answer with this error instead of forwarding. */
  readonly error?: InjectedAwsError;
}

/** For one function invocation. */
export interface InvocationFaults {
  /** Delay before the event reaches the handler; it counts against the function's timeout, as on Lambda. */
  readonly latencyMs?: number;
  /**
   * Stop the instance this many ms after the handler starts. When the handler finishes first,
   * its result is discarded and the instance is stopped all the same: the invocation is a crash.
   */
  readonly crashAfterMs?: number;
}

/** Describes an AWS call for matching. */
export interface AwsCall {
  /** `sqs` or `dynamodb`. */
  readonly service: string;
  /** e.g. `PutItem`, `SendMessageBatch`. */
  readonly operation: string;
  /** Who made the call: a function's short name (`Consumer`), `EventSourceMapping`, or undefined for outside clients. */
  readonly caller?: string;
}

/** The seam the proxy and the host call; the fault store implements it. */
export interface FaultPolicy {
  forAwsCall(call: AwsCall): AwsCallFaults | undefined;
  /** `name` is the function's short name (`Consumer`); rules may also name it by logical id or function name. */
  forInvocation(fn: { readonly name: string; readonly logicalId: string; readonly functionName: string }): InvocationFaults | undefined;
}

/** A policy that never injects anything. */
export const NO_FAULTS: FaultPolicy = {
  forAwsCall: () => undefined,
  forInvocation: () => undefined,
};
