// `ledger.credit`: add `amount` cents to `account`'s balance. Conveyor's example of a transactional
// type — its update is committed together with the message's idempotency record, so a crash can
// never apply it without recording it (or record it without applying it). Declared in
// conveyor.config.ts (queue `ledger`, table `ledger`).
import {
  type HandlerFactory,
  invalidPayload,
  type JsonObject,
  type MessageTable,
  type PayloadParser,
  tableOf,
  type TransactionalHandler,
} from '../functions/handler-api/index.js';

/** Payload of `ledger.credit`. */
export interface LedgerCredit {
  /** Account id: 1–128 characters of `[A-Za-z0-9_.:-]`. */
  readonly account: string;
  /** Amount in integer cents, > 0 and ≤ Number.MAX_SAFE_INTEGER. */
  readonly amount: number;
}

const ACCOUNT_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const FIELDS = new Set(['account', 'amount']);

/** Checks a `ledger.credit` payload; each message starts with the field. */
export const payload: PayloadParser<LedgerCredit> = (input: JsonObject) => {
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) throw invalidPayload(`payload.${key} is not a known field of ledger.credit`);
  }
  const { account, amount } = input;
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) {
    throw invalidPayload('payload.account must be 1–128 characters of [A-Za-z0-9_.:-]');
  }
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw invalidPayload('payload.amount must be a positive integer number of cents');
  }
  return { account, amount };
};

/**
 * An `ADD` to the account's item in `table` (partition key: the account). Deliberately not
 * idempotent on its own, so any duplicate that got past the idempotency records would show.
 * @param clock @default Date.now
 */
export function ledgerCredit(table: MessageTable, clock: () => number = Date.now): TransactionalHandler<LedgerCredit> {
  return {
    kind: 'transactional',
    writes: ({ account, amount }) => [{
      Update: {
        TableName: table.tableName,
        Key: { [table.partitionKey]: { S: account } },
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

/** The handler, writing table `ledger`. */
export const handler: HandlerFactory<LedgerCredit> = (deps) => ledgerCredit(tableOf(deps, 'ledger'));
