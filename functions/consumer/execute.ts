import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type { ConsumerConfig } from './config.js';
import { isConveyorError, isPermanent } from '../shared/errors.js';
import { consumerError, inProgress } from './errors.js';
import type { HandlerContext, HandlerRegistry, InsertHandler, LockedHandler, MessageHandler, TransactionalHandler } from './handlers/index.js';
import type { IdempotencyStore, Lock } from './idempotency/index.js';
import { type Outcome, retry } from './outcome.js';
import type { PreparedMessage } from './prepare.js';

/** What {@link executeOnce} needs. */
export interface ExecuteDeps {
  readonly store: IdempotencyStore;
  readonly handlers: HandlerRegistry;
  readonly logger: Logger;
  readonly config: Pick<ConsumerConfig, 'lockGraceMs' | 'minRemainingMs'>;
  readonly clock: () => number;
  /** The invocation's remaining time, ms (`context.getRemainingTimeInMillis`). */
  readonly remainingMs: () => number;
}

/**
 * Applies one prepared message's effect once per idempotency key. A transactional handler's writes
 * are committed in one transaction with the key's record (exactly once, crashes included); a
 * locked handler runs under the key's lock (expiring with the invocation, plus a grace), then the
 * record is completed, or released when the effect failed so a retry can start at once. A message
 * is not started with less than `minRemainingMs` of invocation time left.
 */
export async function executeOnce(record: SQSRecord, prepared: PreparedMessage, deps: ExecuteDeps): Promise<Outcome> {
  const remaining = deps.remainingMs();
  // Not worth starting: an effect started now might not finish before the invocation ends.
  if (!(remaining >= deps.config.minRemainingMs)) return retry(consumerError('INSUFFICIENT_TIME', `only ${remaining} ms of invocation time left; the message was not started`));
  const handler = deps.handlers[prepared.envelope.type] as MessageHandler<unknown>;
  const context: HandlerContext = { envelope: prepared.envelope, messageId: record.messageId, logger: deps.logger };
  if (typeof handler === 'function') return executeLocked(record, prepared, handler, context, remaining, deps);
  if (handler.kind === 'locked') return executeLocked(record, prepared, handler.run, context, remaining, deps);
  if (handler.kind === 'insert') return executeInsert(prepared, handler, context, deps);
  return executeTransactional(prepared, handler, context, deps);
}

async function executeInsert(prepared: PreparedMessage, handler: InsertHandler<unknown>, context: HandlerContext, deps: ExecuteDeps): Promise<Outcome> {
  const { envelope, payload, hash } = prepared;
  const startedAt = deps.clock();
  const item = await described(() => handler.item(payload, context));
  if ('status' in item) return item;
  const result = await deps.store.insert(handler.table, prepared.recordKey, hash, item.value);
  switch (result.status) {
    case 'inserted': return { status: 'processed', startedAt, finishedAt: deps.clock() };
    case 'completed': return { status: 'duplicate' };
    case 'mismatch': return { status: 'dead-lettered', error: payloadMismatch(envelope.id) };
  }
}

async function executeTransactional(
  prepared: PreparedMessage,
  handler: TransactionalHandler<unknown>,
  context: HandlerContext,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { envelope, payload, hash } = prepared;
  const startedAt = deps.clock();
  const writes = await described(() => handler.writes(payload, context));
  if ('status' in writes) return writes;
  const result = await deps.store.commit(prepared.recordKey, hash, writes.value);
  switch (result.status) {
    case 'committed': return { status: 'processed', startedAt, finishedAt: deps.clock() };
    case 'completed': return { status: 'duplicate' };
    case 'mismatch': return { status: 'dead-lettered', error: payloadMismatch(envelope.id) };
    case 'rejected': return { status: 'dead-lettered', error: consumerError('EFFECT_REJECTED', `the effect of idempotency key '${envelope.id}' was rejected by the condition of its write #${result.writeIndex}`) };
    case 'in-progress': return retry(inProgress(envelope.id, result.lockExpiresAt));
  }
}

async function executeLocked(
  record: SQSRecord,
  prepared: PreparedMessage,
  handler: LockedHandler<unknown>,
  context: HandlerContext,
  remaining: number,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { store, logger, config, clock } = deps;
  const { envelope, payload, hash } = prepared;
  const startedAt = clock();
  const acquired = await store.acquire(prepared.recordKey, hash, lockExpiry(startedAt, remaining, config.lockGraceMs));
  if (acquired.status === 'completed') return { status: 'duplicate' };
  if (acquired.status === 'mismatch') return { status: 'dead-lettered', error: payloadMismatch(envelope.id) };
  if (acquired.status === 'in-progress') return retry(inProgress(envelope.id, acquired.lockExpiresAt));

  const { lock } = acquired;
  try {
    await handler(payload, context);
  } catch (error) {
    await releaseQuietly(store, lock, logger);
    return isPermanent(error) ? { status: 'dead-lettered', error } : retry(error);
  }
  const finishedAt = clock();
  try {
    await store.complete(lock);
  } catch (error) {
    // The effect is applied. Retrying the message now would apply it again once the lock expires,
    // so the message still counts as processed; the failure is logged for the operator.
    const lost = isConveyorError(error, 'LOCK_LOST');
    logger.error(lost ? 'lock was lost before completion: another invocation may have applied this key too' : 'effect applied but its completion was not recorded', {
      messageId: record.messageId,
      idempotencyKey: envelope.id,
      error: error as Error,
    });
  }
  return { status: 'processed', startedAt, finishedAt };
}

/**
 * When a lock taken at `now` expires: the invocation's remaining time plus the grace. Always a
 * number, also when the remaining time reads 0, negative or NaN — a lock without an expiry would
 * block its key until the record's TTL.
 */
export function lockExpiry(now: number, remainingMs: number, graceMs: number): number {
  return now + (Number.isFinite(remainingMs) && remainingMs > 0 ? remainingMs : 0) + graceMs;
}

async function releaseQuietly(store: IdempotencyStore, lock: Lock, logger: Logger): Promise<void> {
  try {
    const released = await store.release(lock);
    if (!released) logger.warn('lock was already taken over; nothing released', { idempotencyKey: lock.key });
  } catch (error) {
    // The lock then simply expires; the retry waits for it.
    logger.warn('could not release lock', { idempotencyKey: lock.key, error: error as Error });
  }
}

const payloadMismatch = (key: string) =>
  consumerError('PAYLOAD_MISMATCH', `idempotency key '${key}' was already used with a different type or payload`);

/** Runs a handler's describing step (an insert's item, a transaction's writes): its value, or the outcome of its failure. */
async function described<T>(describe: () => T | Promise<T>): Promise<{ readonly value: T } | Outcome> {
  try {
    return { value: await describe() };
  } catch (error) {
    return isPermanent(error) ? { status: 'dead-lettered', error } : retry(error);
  }
}
