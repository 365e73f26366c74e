import { LocalRuntimeError } from '../errors.js';

/** Root of the SQS event source mapping's errors. */
export class EventSourceError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventSourceError';
  }
}

/** The mapping's dependencies hold a value it cannot work with; the message names it. */
export class EventSourceOptionsError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventSourceOptionsError';
  }
}

/** A `ReceiveMessage` call failed (the poller backs off and carries on); `cause` is the SDK error. */
export class ReceiveFailedError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReceiveFailedError';
  }
}

/** Messages the function processed could not be deleted (even after one retry); they will be delivered again. */
export class DeleteFailedError extends EventSourceError {
  /** Message ids left on the queue. */
  readonly messageIds: readonly string[];

  constructor(message: string, messageIds: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeleteFailedError';
    this.messageIds = messageIds;
  }
}

/** Messages received but not invoked (stop during a batching window, or past the 6 MB payload limit) could not be made visible again. */
export class ReleaseFailedError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReleaseFailedError';
  }
}
