import { describe, expect, it } from 'vitest';
import {
  completedItem,
  completionUpdate,
  deadLetteredItem,
  expiresAt,
  inProgressItem,
  MAX_REASON_CHARS,
  recordKey,
  unmarshalRecord,
} from '../../../../functions/shared/idempotency/index.js';

const timing = { now: 1_800_000_000_999, ttlSeconds: 3600 };
/** Floored to the second, then the TTL. */
const EXPIRES = '1800003600';

// The items are compared as JSON text: attribute names, types, values and their order must stay
// exactly what the table has always held.
describe('item builders', () => {
  it('keys a record by `id`', () => {
    expect(recordKey('scope/k')).toEqual({ id: { S: 'scope/k' } });
  });

  it('floors the write time to seconds before adding the TTL', () => {
    expect(expiresAt(timing)).toBe(Number(EXPIRES));
  });

  it('builds the lock: {id, status, hash, owner, lockExpiresAt, expiresAt}', () => {
    const item = inProgressItem({ key: 'k', hash: 'h', owner: 'o-1', lockExpiresAt: 1_800_000_030_000 }, timing);

    expect(JSON.stringify(item)).toBe(
      `{"id":{"S":"k"},"status":{"S":"IN_PROGRESS"},"hash":{"S":"h"},"owner":{"S":"o-1"},"lockExpiresAt":{"N":"1800000030000"},"expiresAt":{"N":"${EXPIRES}"}}`,
    );
  });

  it('builds the completed record: {id, status, hash, completedAt, expiresAt}', () => {
    const item = completedItem({ key: 'k', hash: 'h' }, timing);

    expect(JSON.stringify(item)).toBe(`{"id":{"S":"k"},"status":{"S":"COMPLETED"},"hash":{"S":"h"},"completedAt":{"N":"1800000000999"},"expiresAt":{"N":"${EXPIRES}"}}`);
  });

  it('builds the dead-letter note: {id, status, hash, deadLetteredAt, reasonCode, reasonMessage, expiresAt}', () => {
    const item = deadLetteredItem({ key: 'k', hash: 'h', reason: { code: 'INVALID_PAYLOAD', message: 'bad amount' } }, timing);

    expect(JSON.stringify(item)).toBe(
      `{"id":{"S":"k"},"status":{"S":"DEAD_LETTERED"},"hash":{"S":"h"},"deadLetteredAt":{"N":"1800000000999"},"reasonCode":{"S":"INVALID_PAYLOAD"},"reasonMessage":{"S":"bad amount"},"expiresAt":{"N":"${EXPIRES}"}}`,
    );
  });

  it('cuts a dead-letter reason to 300 characters, so the record stays one write unit', () => {
    const item = deadLetteredItem({ key: 'k', hash: 'h', reason: { code: 'X', message: 'y'.repeat(5000) } }, timing);

    expect(MAX_REASON_CHARS).toBe(300);
    expect(item.reasonMessage?.S).toHaveLength(300);
  });

  it('turns a lock into the completed record: status, completedAt and expiresAt set, owner and lockExpiresAt removed', () => {
    expect(JSON.stringify(completionUpdate(timing))).toBe(JSON.stringify({
      UpdateExpression: 'SET #status = :completed, #expires = :expires, completedAt = :now REMOVE #owner, #lock',
      ExpressionAttributeNames: { '#status': 'status', '#expires': 'expiresAt', '#owner': 'owner', '#lock': 'lockExpiresAt' },
      ExpressionAttributeValues: { ':completed': { S: 'COMPLETED' }, ':expires': { N: EXPIRES }, ':now': { N: '1800000000999' } },
    }));
  });

  it('reads back what it builds', () => {
    const reason = { code: 'INVALID_PAYLOAD', message: 'bad amount' };

    expect(unmarshalRecord(inProgressItem({ key: 'k', hash: 'h', owner: 'o', lockExpiresAt: 5 }, timing))).toEqual({
      key: 'k', status: 'IN_PROGRESS', hash: 'h', owner: 'o', lockExpiresAt: 5, expiresAt: Number(EXPIRES),
    });
    expect(unmarshalRecord(completedItem({ key: 'k', hash: 'h' }, timing))).toEqual({ key: 'k', status: 'COMPLETED', hash: 'h', completedAt: timing.now, expiresAt: Number(EXPIRES) });
    expect(unmarshalRecord(deadLetteredItem({ key: 'k', hash: 'h', reason }, timing))).toEqual({
      key: 'k', status: 'DEAD_LETTERED', hash: 'h', deadLetteredAt: timing.now, reason, expiresAt: Number(EXPIRES),
    });
  });
});

describe('unmarshalRecord', () => {
  it('ignores an absent item, one without a key, and one with a foreign status', () => {
    expect(unmarshalRecord(undefined)).toBeUndefined();
    expect(unmarshalRecord({ status: { S: 'COMPLETED' } })).toBeUndefined();
    expect(unmarshalRecord({ id: { S: 'k' }, status: { S: 'DONE' } })).toBeUndefined();
  });
});
