import { ConveyorError } from '../errors.js';

/** The DynamoDB request the records adapter was making. */
export type RecordsOperation = 'read' | 'put' | 'update' | 'delete' | 'transact';

/**
 * DynamoDB failed a request of the records adapter for a reason other than a condition (throttling,
 * network, access, a missing table): the SDK's error is the `cause`. Failed conditions are never
 * thrown; the adapter reports them as results.
 */
export class IdempotencyRecordsError extends ConveyorError {
  /** Always `RECORDS_UNAVAILABLE`. */
  readonly code = 'RECORDS_UNAVAILABLE';

  constructor(
    readonly operation: RecordsOperation,
    options?: ErrorOptions,
  ) {
    super(`idempotency records ${operation} failed`, options);
    this.name = 'IdempotencyRecordsError';
  }
}
