export { IdempotencyStore, type IdempotencyStoreOptions, type Lock, type AcquireResult } from './idempotency-store.js';
export { payloadHash } from './hash.js';
export type { IdempotencyRecord, RecordStatus } from '../../shared/idempotency-record.js';
export * from './errors.js';
export { type CommitResult, MAX_EFFECT_WRITES } from './commit.js';
