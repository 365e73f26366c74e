import { ConveyorError } from '../shared/errors.js';

/**
 * A failure that no retry can cure. The consumer sends the message to the dead-letter queue at
 * once, with `code` and the message as attributes, instead of burning its remaining receives.
 * Handlers throw it (or a subclass) for inputs they can never process; anything else they throw
 * is treated as transient and retried.
 */
export class PermanentError extends ConveyorError {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Why a message is unusable. */
export type InvalidMessageCode = 'MALFORMED_ENVELOPE' | 'UNKNOWN_MESSAGE_TYPE' | 'INVALID_PAYLOAD';

/**
 * The message itself is unusable: not an envelope, an unknown type, or an invalid payload. Carries
 * the idempotency key when the envelope could be read, for the logs, and the record key it is kept
 * under, for the dead-letter note.
 */
export class InvalidMessageError extends PermanentError {
  constructor(
    override readonly code: InvalidMessageCode,
    message: string,
    readonly idempotencyKey?: string,
    options?: ErrorOptions & { readonly recordKey?: string },
  ) {
    super(code, message, options);
    this.name = 'InvalidMessageError';
    this.recordKey = options?.recordKey;
  }

  /** `<scope>/<id>` of the envelope, when it could be read. */
  readonly recordKey: string | undefined;
}

/** The same idempotency key arrived earlier with a different type or payload. */
export class PayloadMismatchError extends PermanentError {
  constructor(key: string) {
    super('PAYLOAD_MISMATCH', `idempotency key '${key}' was already used with a different type or payload`);
    this.name = 'PayloadMismatchError';
  }
}

/** A condition of a transactional effect's own write failed (e.g. a debit larger than the balance); nothing was written. */
export class EffectRejectedError extends PermanentError {
  constructor(key: string, writeIndex: number) {
    super('EFFECT_REJECTED', `the effect of idempotency key '${key}' was rejected by the condition of its write #${writeIndex}`);
    this.name = 'EffectRejectedError';
  }
}

/** Root of the failures that are retried (reported as batch item failures). */
export class TransientError extends ConveyorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Another invocation holds the key's lock right now; retried soon, after a shortened visibility. */
export class InProgressError extends TransientError {
  constructor(
    readonly key: string,
    /** When the holder's lock expires, epoch ms. */
    readonly lockExpiresAt: number,
  ) {
    super(`idempotency key '${key}' is being processed by another invocation`);
    this.name = 'InProgressError';
  }
}

/** Too little invocation time is left to start the message safely. */
export class InsufficientTimeError extends TransientError {
  constructor(remainingMs: number) {
    super(`only ${remainingMs} ms of invocation time left; the message was not started`);
    this.name = 'InsufficientTimeError';
  }
}

/** FIFO: an earlier message of the same group failed in this batch, so this one was not started. */
export class PrecedingMessageFailedError extends TransientError {
  constructor(groupId: string) {
    super(`an earlier message of group '${groupId}' failed; kept back to preserve order`);
    this.name = 'PrecedingMessageFailedError';
  }
}
