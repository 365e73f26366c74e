/**
 * The shipped example's effect, read back: one account's row of the ledger table (`ledger.credit`
 * adds to `balance` and counts `credits`). One strongly consistent GetItem.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

/** One account as the ledger holds it; `undefined` fields when it was never credited. */
export interface LedgerAccount {
  readonly account: string;
  /** Sum of the credits applied, in cents. */
  readonly balance: number;
  /** How many credits were applied. */
  readonly credits: number;
  /** When the last credit was applied, ISO 8601; absent when never. */
  readonly updatedAt?: string;
}

/** Reads `account` from the ledger table; an account never credited has balance 0 and 0 credits. */
export async function readLedgerAccount(dynamodb: DynamoDBClient, tableName: string, account: string): Promise<LedgerAccount> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { account: { S: account } }, ConsistentRead: true }));
  const updatedAt = Item?.updatedAt?.N;
  return {
    account,
    balance: Number(Item?.balance?.N ?? 0),
    credits: Number(Item?.credits?.N ?? 0),
    ...(updatedAt === undefined ? {} : { updatedAt: new Date(Number(updatedAt)).toISOString() }),
  };
}
