export { IdempotencyStore, type IdempotencyStoreOptions, type Lock, type AcquireResult } from './idempotency-store.js';
export { payloadHash } from './hash.js';
export type { IdempotencyRecord, RecordStatus } from './record.js';
export * from './errors.js';
