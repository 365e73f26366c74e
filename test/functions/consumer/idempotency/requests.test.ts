import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../../functions/consumer/idempotency/index.js';

const NOW = 1_800_000_000_999;
const TABLE = 'idempotency';
const EXPIRES = '1800003600';
const KEY_IS_FREE = {
  ConditionExpression: 'attribute_not_exists(#id) OR #expires < :nowSec OR (#status = :inProgress AND #lock < :now) OR #status = :deadLettered',
  ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#lock': 'lockExpiresAt', '#expires': 'expiresAt' },
  ExpressionAttributeValues: { ':nowSec': { N: '1800000000' }, ':now': { N: String(NOW) }, ':inProgress': { S: 'IN_PROGRESS' }, ':deadLettered': { S: 'DEAD_LETTERED' } },
};

/** A client that answers every request with an empty success and keeps each command's name and input. */
function recordingClient() {
  const sent: Array<{ name: string; input: unknown }> = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return {};
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

/**
 * The exact requests each operation sends, compared as JSON text (names, values and their order):
 * the records the table holds, the conditions and the request count per message must not change
 * when the code behind them does.
 */
describe('IdempotencyStore requests', () => {
  const setup = () => {
    const { client, sent } = recordingClient();
    return { store: new IdempotencyStore({ client, tableName: TABLE, ttlSeconds: 3600, clock: () => NOW }), sent };
  };
  const asJson = (requests: ReadonlyArray<{ name: string; input: unknown }>) => JSON.stringify(requests);

  it('acquire: one conditional PutItem of the lock, asking for the record in the way', async () => {
    const { store, sent } = setup();

    const result = await store.acquire('s/k', 'h', NOW + 30_000);

    if (result.status !== 'acquired') throw new Error('expected the lock');
    expect(asJson(sent)).toBe(asJson([{
      name: 'PutItemCommand',
      input: {
        TableName: TABLE,
        Item: {
          id: { S: 's/k' },
          status: { S: 'IN_PROGRESS' },
          hash: { S: 'h' },
          owner: { S: result.lock.owner },
          lockExpiresAt: { N: String(NOW + 30_000) },
          expiresAt: { N: EXPIRES },
        },
        ...KEY_IS_FREE,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    }]));
  });

  it('complete: one UpdateItem conditional on the owner token', async () => {
    const { store, sent } = setup();

    await store.complete({ key: 's/k', hash: 'h', owner: 'o-1', lockExpiresAt: NOW + 30_000 });

    expect(asJson(sent)).toBe(asJson([{
      name: 'UpdateItemCommand',
      input: {
        TableName: TABLE,
        Key: { id: { S: 's/k' } },
        UpdateExpression: 'SET #status = :completed, #expires = :expires, completedAt = :now REMOVE #owner, #lock',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#status': 'status', '#expires': 'expiresAt', '#owner': 'owner', '#lock': 'lockExpiresAt' },
        ExpressionAttributeValues: { ':completed': { S: 'COMPLETED' }, ':expires': { N: EXPIRES }, ':now': { N: String(NOW) }, ':owner': { S: 'o-1' } },
      },
    }]));
  });

  it('release: one DeleteItem conditional on the owner token', async () => {
    const { store, sent } = setup();

    await store.release({ key: 's/k', hash: 'h', owner: 'o-1', lockExpiresAt: NOW + 30_000 });

    expect(asJson(sent)).toBe(asJson([{
      name: 'DeleteItemCommand',
      input: { TableName: TABLE, Key: { id: { S: 's/k' } }, ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': { S: 'o-1' } } },
    }]));
  });

  it('commit, a new key: one eventually consistent BatchGetItem (shared by the peeks of one turn), then one TransactWriteItems of the completed record and the effect', async () => {
    const { store, sent } = setup();
    const effect = { Update: { TableName: 'ledger', Key: { account: { S: 'alice' } }, UpdateExpression: 'ADD balance :amount', ExpressionAttributeValues: { ':amount': { N: '5' } } } };

    expect(await store.commit('s/k', 'h', [effect])).toEqual({ status: 'committed' });

    expect(asJson(sent)).toBe(asJson([
      { name: 'BatchGetItemCommand', input: { RequestItems: { [TABLE]: { Keys: [{ id: { S: 's/k' } }] } } } },
      {
        name: 'TransactWriteItemsCommand',
        input: {
          TransactItems: [
            {
              Put: {
                TableName: TABLE,
                Item: { id: { S: 's/k' }, status: { S: 'COMPLETED' }, hash: { S: 'h' }, completedAt: { N: String(NOW) }, expiresAt: { N: EXPIRES } },
                ...KEY_IS_FREE,
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            effect,
          ],
        },
      },
    ]));
  });

  it('markDeadLettered: one conditional PutItem of the note, without asking for the record in the way', async () => {
    const { store, sent } = setup();

    await store.markDeadLettered('s/k', 'h', { code: 'INVALID_PAYLOAD', message: 'bad amount' });

    expect(asJson(sent)).toBe(asJson([{
      name: 'PutItemCommand',
      input: {
        TableName: TABLE,
        Item: {
          id: { S: 's/k' },
          status: { S: 'DEAD_LETTERED' },
          hash: { S: 'h' },
          deadLetteredAt: { N: String(NOW) },
          reasonCode: { S: 'INVALID_PAYLOAD' },
          reasonMessage: { S: 'bad amount' },
          expiresAt: { N: EXPIRES },
        },
        ...KEY_IS_FREE,
      },
    }]));
  });

  it('get: one strongly consistent GetItem', async () => {
    const { store, sent } = setup();

    await store.get('s/k');

    expect(asJson(sent)).toBe(asJson([{ name: 'GetItemCommand', input: { TableName: TABLE, Key: { id: { S: 's/k' } }, ConsistentRead: true } }]));
  });
});
