import { ConveyorError } from '../errors.js';

/** The DynamoDB request the records adapter was making. */
export type RecordsOperation = 'read' | 'put' | 'update' | 'delete' | 'transact';

/**
 * DynamoDB failed a request of the records adapter for a reason other than a condition (throttling,
 * network, access, a missing table): a `RECORDS_UNAVAILABLE` error with the SDK's error as the
 * `cause`. Failed conditions are never thrown; the adapter reports them as results.
 */
export const recordsUnavailable = (operation: RecordsOperation, cause: unknown): ConveyorError =>
  new ConveyorError('RECORDS_UNAVAILABLE', `idempotency records ${operation} failed`, { cause });
