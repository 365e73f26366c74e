import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { MessageHandler } from './types.js';

/** Options of {@link createLedgerCredit}. */
export interface LedgerCreditOptions {
  readonly client: DynamoDBClient;
  /** Table with partition key `account` (string). */
  readonly tableName: string;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * The example effect: adds `amount` cents to the account's `balance`. Deliberately not idempotent
 * on its own (an `ADD`), so any duplicate that got past the idempotency records would show.
 */
export function createLedgerCredit(options: LedgerCreditOptions): MessageHandler<'ledger.credit'> {
  const clock = options.clock ?? Date.now;
  return async ({ account, amount }) => {
    await options.client.send(
      new UpdateItemCommand({
        TableName: options.tableName,
        Key: { account: { S: account } },
        UpdateExpression: 'ADD balance :amount, credits :one SET updatedAt = :now',
        ExpressionAttributeValues: {
          ':amount': { N: String(amount) },
          ':one': { N: '1' },
          ':now': { N: String(clock()) },
        },
      }),
    );
  };
}
