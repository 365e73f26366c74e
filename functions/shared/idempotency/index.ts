/**
 * The idempotency records adapter: the record model, its item builders, the `keyIsFree` and
 * `ownedBy` conditions, the one classifier of an existing record, and the DynamoDB table behind
 * them. The consumer's execution strategies, the status function and the benchmark use it through
 * this module only.
 */
export { classifyRecord, holdsKey, type HeldState, type RecordState } from './classify.js';
export { keyIsFree, ownedBy, type RecordCondition } from './conditions.js';
export { recordsUnavailable, type RecordsOperation } from './errors.js';
export {
  completedItem,
  completionUpdate,
  deadLetteredItem,
  expiresAt,
  type DeadLetteredFields,
  type InProgressFields,
  inProgressItem,
  MAX_REASON_CHARS,
  type RecordItem,
  recordKey,
  type RecordTiming,
  type RecordUpdate,
} from './items.js';
export { type DeadLetterReason, type IdempotencyRecord, type RecordStatus, unmarshalRecord } from './record.js';
export { IdempotencyRecords, type IdempotencyRecordsOptions, type PutResult, type ReadConsistency, type TransactResult } from './records.js';
export { INSERTED_ITEM_ATTRIBUTES, type InsertedItem, InsertedItems, type InsertResult, type InsertTable, toInserted } from './inserted-items.js';
export { MAX_PEEKS_PER_REQUEST, Peeks } from './peeks.js';
