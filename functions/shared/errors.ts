/**
 * Errors shared by the producer and the consumer. Callers tell them apart with `instanceof`,
 * never by message.
 */

/** Root of Conveyor's own errors. */
export class ConveyorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConveyorError';
  }
}

/** A required environment variable is missing or malformed; thrown once, at cold start. */
export class ConfigError extends ConveyorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A queue message is not a Conveyor envelope. */
export class MalformedEnvelopeError extends ConveyorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedEnvelopeError';
  }
}

/** A message's `type` has no registered handler. */
export class UnknownMessageTypeError extends ConveyorError {
  constructor(readonly type: string) {
    super(`unknown message type '${type}'`);
    this.name = 'UnknownMessageTypeError';
  }
}

/** A payload does not match its type's schema. `path` points at the offending field. */
export class InvalidPayloadError extends ConveyorError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path} ${detail}`);
    this.name = 'InvalidPayloadError';
  }
}
