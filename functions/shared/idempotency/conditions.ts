import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A condition expression with its attribute names and values, spread into a write request. */
export interface RecordCondition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

/**
 * The condition under which a record may be (re)written at `now` (epoch ms): the key is absent, its
 * record expired, it holds an abandoned lock, or it only notes that a copy was dead-lettered. The
 * lock, the transactional commit and the dead-letter note use the same one, so all agree on when a
 * key is free. Mirrors {@link classifyRecord}: a key is free exactly when the record's state is
 * `free` or `dead-lettered`.
 */
export function keyIsFree(now: number): RecordCondition {
  return {
    ConditionExpression: 'attribute_not_exists(#id) OR #expires < :nowSec OR (#status = :inProgress AND #lock < :now) OR #status = :deadLettered',
    ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#lock': 'lockExpiresAt', '#expires': 'expiresAt' },
    ExpressionAttributeValues: {
      ':nowSec': { N: String(Math.floor(now / 1000)) },
      ':now': { N: String(now) },
      ':inProgress': { S: 'IN_PROGRESS' },
      ':deadLettered': { S: 'DEAD_LETTERED' },
    },
  };
}

/**
 * The condition that the record is still the lock taken with token `owner`: completion and release
 * use it, so an invocation whose lock expired and was taken over never touches the new holder's.
 */
export function ownedBy(owner: string): RecordCondition {
  return {
    ConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':owner': { S: owner } },
  };
}
