export { DEFAULT_STORE_ATTEMPTS, IdempotencyStore, type IdempotencyStoreOptions } from './idempotency-store.js';
export { type AcquireResult, type Lock } from './locked.js';
export { type CommitResult, MAX_EFFECT_WRITES } from './commit.js';
export type { InsertOutcome } from './insert.js';
export type { HeldResult } from './store-context.js';
export { payloadHash } from './hash.js';
export type { IdempotencyRecord, RecordStatus } from '../../shared/idempotency/index.js';
