import type { LedgerCredit } from '../../shared/message-types/index.js';
import type { TransactionalHandler } from './types.js';

/** Options of {@link createLedgerCredit}. */
export interface LedgerCreditOptions {
  /** Table with partition key `account` (string). */
  readonly tableName: string;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * The example effect: adds `amount` cents to the account's `balance`. Deliberately not idempotent
 * on its own (an `ADD`), so any duplicate that got past the idempotency records would show. It is
 * transactional: the update is committed together with the message's idempotency record, so a
 * crash can never apply it without recording it (or record it without applying it).
 */
export function createLedgerCredit(options: LedgerCreditOptions): TransactionalHandler<LedgerCredit> {
  const clock = options.clock ?? Date.now;
  return {
    kind: 'transactional',
    writes: ({ account, amount }) => [{
      Update: {
        TableName: options.tableName,
        Key: { account: { S: account } },
        UpdateExpression: 'ADD balance :amount, credits :one SET updatedAt = :now',
        ExpressionAttributeValues: {
          ':amount': { N: String(amount) },
          ':one': { N: '1' },
          ':now': { N: String(clock()) },
        },
      },
    }],
  };
}
