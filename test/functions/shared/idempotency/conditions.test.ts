import { describe, expect, it } from 'vitest';
import { keyIsFree, ownedBy } from '../../../../functions/shared/idempotency/index.js';

// Compared as JSON text: the conditions DynamoDB evaluates must stay exactly these. That they agree
// with classifyRecord is checked against the emulator in records.test.ts.
describe('keyIsFree', () => {
  it('lets a write in where the key is absent, expired, an abandoned lock or a dead-letter note, judged at now', () => {
    expect(JSON.stringify(keyIsFree(1_800_000_000_999))).toBe(JSON.stringify({
      ConditionExpression: 'attribute_not_exists(#id) OR #expires < :nowSec OR (#status = :inProgress AND #lock < :now) OR #status = :deadLettered',
      ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#lock': 'lockExpiresAt', '#expires': 'expiresAt' },
      ExpressionAttributeValues: {
        ':nowSec': { N: '1800000000' },
        ':now': { N: '1800000000999' },
        ':inProgress': { S: 'IN_PROGRESS' },
        ':deadLettered': { S: 'DEAD_LETTERED' },
      },
    }));
  });
});

describe('ownedBy', () => {
  it('holds only while the record carries the owner token', () => {
    expect(JSON.stringify(ownedBy('o-1'))).toBe(JSON.stringify({
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': { S: 'o-1' } },
    }));
  });
});
