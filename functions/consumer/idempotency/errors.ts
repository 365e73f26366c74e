import { IdempotencyRecordsError } from '../../shared/idempotency/index.js';
import { TransientError } from '../errors.js';

/** Root of the idempotency store's errors; all of them are transient for the message. */
export class IdempotencyError extends TransientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyError';
  }
}

/** DynamoDB failed (throttling, network, access): the SDK's error is the `cause`. */
export class IdempotencyPersistenceError extends IdempotencyError {
  constructor(operation: string, options?: ErrorOptions) {
    super(`idempotency store ${operation} failed`, options);
    this.name = 'IdempotencyPersistenceError';
  }
}

/**
 * The lock is no longer ours: it expired and another invocation took it over (or released it),
 * so this invocation must not complete or release it.
 */
export class IdempotencyLockLostError extends IdempotencyError {
  constructor(key: string) {
    super(`lock on idempotency key '${key}' is no longer held by this invocation`);
    this.name = 'IdempotencyLockLostError';
  }
}

/** The record kept changing under the lock attempts (e.g. released and retaken in between). */
export class IdempotencyContentionError extends IdempotencyError {
  constructor(key: string, attempts: number) {
    super(`could not settle the lock on idempotency key '${key}' in ${attempts} attempts`);
    this.name = 'IdempotencyContentionError';
  }
}

/**
 * Runs one request of the records adapter as part of `operation` (`lock`, `commit`, `read`…): a
 * failure becomes {@link IdempotencyPersistenceError}, with DynamoDB's own error as the cause.
 */
export async function persisting<T>(operation: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new IdempotencyPersistenceError(operation, { cause: error instanceof IdempotencyRecordsError ? error.cause : error });
  }
}
