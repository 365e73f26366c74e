import { describe, expect, it } from 'vitest';
import { classifyRecord, holdsKey, type IdempotencyRecord } from '../../../../functions/shared/idempotency/index.js';

const NOW = 1_800_000_000_000;
const NOW_SEC = NOW / 1000;

/** A record as the table holds it, live for an hour unless overridden. */
const record = (fields: Partial<IdempotencyRecord> & Pick<IdempotencyRecord, 'status'>): IdempotencyRecord => ({ key: 'k', hash: 'h', expiresAt: NOW_SEC + 3600, ...fields });

describe('classifyRecord', () => {
  describe('free', () => {
    it('is free without a record', () => {
      expect(classifyRecord(undefined, NOW, 'h')).toEqual({ kind: 'free' });
    });

    it.each(['COMPLETED', 'IN_PROGRESS', 'DEAD_LETTERED'] as const)('is free once a %s record is past its expiresAt (TTL deletion is never relied on)', (status) => {
      const expired = record({ status, expiresAt: NOW_SEC - 1, lockExpiresAt: NOW + 60_000, completedAt: NOW - 1 });

      expect(classifyRecord(expired, NOW, 'h')).toEqual({ kind: 'free' });
      expect(classifyRecord(expired, NOW)).toEqual({ kind: 'free' });
    });

    it('still counts a record in the very second it expires', () => {
      expect(classifyRecord(record({ status: 'COMPLETED', expiresAt: NOW_SEC, completedAt: 1 }), NOW + 999, 'h').kind).toBe('completed');
    });

    it('is free when the lock expired before now, for any hash (an abandoned lock)', () => {
      const abandoned = record({ status: 'IN_PROGRESS', owner: 'o', lockExpiresAt: NOW - 1 });

      expect(classifyRecord(abandoned, NOW, 'h')).toEqual({ kind: 'free' });
      expect(classifyRecord(abandoned, NOW, 'other')).toEqual({ kind: 'free' });
    });

    it('is free when an in-progress record has no lock expiry', () => {
      expect(classifyRecord(record({ status: 'IN_PROGRESS' }), NOW, 'h')).toEqual({ kind: 'free' });
    });
  });

  describe('held', () => {
    it('is completed, with when, for the same hash', () => {
      expect(classifyRecord(record({ status: 'COMPLETED', completedAt: NOW - 5 }), NOW, 'h')).toEqual({ kind: 'completed', completedAt: NOW - 5 });
    });

    it('is in progress, with the lock expiry, while the lock lasts — up to and including its expiry', () => {
      expect(classifyRecord(record({ status: 'IN_PROGRESS', owner: 'o', lockExpiresAt: NOW + 30_000 }), NOW, 'h')).toEqual({ kind: 'in-progress', lockExpiresAt: NOW + 30_000 });
      expect(classifyRecord(record({ status: 'IN_PROGRESS', owner: 'o', lockExpiresAt: NOW }), NOW, 'h')).toEqual({ kind: 'in-progress', lockExpiresAt: NOW });
    });

    it.each(['COMPLETED', 'IN_PROGRESS'] as const)('is a mismatch when a live %s record was made for another hash', (status) => {
      expect(classifyRecord(record({ status, lockExpiresAt: NOW + 30_000, completedAt: NOW }), NOW, 'other')).toEqual({ kind: 'mismatch' });
    });

    it('reports the record\'s own status without a hash (the status answer)', () => {
      expect(classifyRecord(record({ status: 'COMPLETED', completedAt: NOW }), NOW).kind).toBe('completed');
      expect(classifyRecord(record({ status: 'IN_PROGRESS', lockExpiresAt: NOW + 1 }), NOW).kind).toBe('in-progress');
    });

    it('reads a completed record without completedAt as completed at 0', () => {
      expect(classifyRecord(record({ status: 'COMPLETED' }), NOW)).toEqual({ kind: 'completed', completedAt: 0 });
    });
  });

  describe('dead-lettered', () => {
    const reason = { code: 'INVALID_PAYLOAD', message: 'payload.amount must be a positive integer number of cents' };

    it('reports a dead-letter note with when and why, whatever the hash', () => {
      const note = record({ status: 'DEAD_LETTERED', deadLetteredAt: NOW - 10, reason });

      expect(classifyRecord(note, NOW)).toEqual({ kind: 'dead-lettered', deadLetteredAt: NOW - 10, reason });
      expect(classifyRecord(note, NOW, 'other')).toEqual({ kind: 'dead-lettered', deadLetteredAt: NOW - 10, reason });
    });

    it('fills a note without a reason with UNKNOWN', () => {
      expect(classifyRecord(record({ status: 'DEAD_LETTERED' }), NOW)).toEqual({ kind: 'dead-lettered', deadLetteredAt: 0, reason: { code: 'UNKNOWN', message: '' } });
    });
  });
});

describe('holdsKey', () => {
  it.each([
    [{ kind: 'completed', completedAt: 1 }, true],
    [{ kind: 'in-progress', lockExpiresAt: 1 }, true],
    [{ kind: 'mismatch' }, true],
    [{ kind: 'free' }, false],
    [{ kind: 'dead-lettered', deadLetteredAt: 1, reason: { code: 'X', message: '' } }, false],
  ] as const)('%o holds the key: %s', (state, held) => {
    expect(holdsKey(state)).toBe(held);
  });
});
