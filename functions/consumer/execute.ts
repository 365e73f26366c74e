import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type { ConsumerConfig } from './config.js';
import { InProgressError, InsufficientTimeError, PayloadMismatchError, PermanentError } from './errors.js';
import type { HandlerRegistry, MessageHandler } from './handlers/index.js';
import { IdempotencyLockLostError, type IdempotencyStore, type Lock } from './idempotency/index.js';
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
 * Runs one prepared message's handler at most once per idempotency key: takes the key's lock
 * (expiring with the invocation, plus a grace), applies the effect, completes the record, or
 * releases it when the effect failed so a retry can start at once.
 */
export async function executeOnce(record: SQSRecord, prepared: PreparedMessage, deps: ExecuteDeps): Promise<Outcome> {
  const { store, logger, config, clock } = deps;
  const { envelope, payload, hash } = prepared;
  const startedAt = clock();
  const remaining = deps.remainingMs();
  // Always set, even with no time left: a lock without an expiry would block the key until its TTL.
  const lockExpiresAt = startedAt + (Number.isFinite(remaining) && remaining > 0 ? remaining : 0) + config.lockGraceMs;

  const acquired = await store.acquire(envelope.id, hash, lockExpiresAt);
  if (acquired.status === 'completed') return { status: 'duplicate' };
  if (acquired.status === 'mismatch') return { status: 'dead-lettered', error: new PayloadMismatchError(envelope.id) };
  if (acquired.status === 'in-progress') return retry(new InProgressError(envelope.id, acquired.lockExpiresAt));

  const { lock } = acquired;
  const left = deps.remainingMs();
  if (left < config.minRemainingMs) {
    await releaseQuietly(store, lock, logger);
    return retry(new InsufficientTimeError(left));
  }
  const handler = deps.handlers[envelope.type as keyof HandlerRegistry] as MessageHandler<keyof HandlerRegistry>;
  try {
    await handler(payload as never, { envelope, messageId: record.messageId, logger });
  } catch (error) {
    await releaseQuietly(store, lock, logger);
    return error instanceof PermanentError ? { status: 'dead-lettered', error } : retry(error);
  }
  const finishedAt = clock();
  try {
    await store.complete(lock);
  } catch (error) {
    // The effect is applied. Retrying the message now would apply it again once the lock expires,
    // so the message still counts as processed; the failure is logged for the operator.
    const lost = error instanceof IdempotencyLockLostError;
    logger.error(lost ? 'lock was lost before completion: another invocation may have applied this key too' : 'effect applied but its completion was not recorded', {
      messageId: record.messageId,
      idempotencyKey: envelope.id,
      error: error as Error,
    });
  }
  return { status: 'processed', startedAt, finishedAt };
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
