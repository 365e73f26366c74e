import { ConveyorError, isConveyorError } from '../../shared/errors.js';
import { consumerError } from '../errors.js';

/**
 * Runs one request of the records adapter as part of `operation` (`lock`, `commit`, `read`…): a
 * failure becomes a `RECORDS_UNAVAILABLE` error naming the operation, with DynamoDB's own error as
 * the cause.
 */
export async function persisting<T>(operation: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const cause = isConveyorError(error, 'RECORDS_UNAVAILABLE') ? error.cause : error;
    throw new ConveyorError('RECORDS_UNAVAILABLE', `idempotency store ${operation} failed`, { cause });
  }
}

/** The lock is no longer ours: it expired and another invocation took it over (or released it). */
export const lockLost = (key: string): ConveyorError =>
  consumerError('LOCK_LOST', `lock on idempotency key '${key}' is no longer held by this invocation`);

/** The record kept changing under the lock or commit attempts (e.g. released and retaken in between). */
export const lockContention = (key: string, attempts: number): ConveyorError =>
  consumerError('LOCK_CONTENTION', `could not settle the lock on idempotency key '${key}' in ${attempts} attempts`);
