// `ledger.credit`: add `amount` cents to `account`'s balance. Conveyor's example of a transactional
// type — its update is committed together with the message's idempotency record, so a crash can
// never apply it without recording it (or record it without applying it). Declared in
// conveyor.config.ts (queue `ledger`, table `ledger`).
import * as v from 'valibot';
import {
  type HandlerFactory,
  type MessageTable,
  parserOf,
  tableOf,
  type TransactionalHandler,
} from '../functions/handler-api/index.js';

const ACCOUNT = 'must be 1–128 characters of [A-Za-z0-9_.:-]';
const AMOUNT = 'must be a positive integer number of cents';

/** Payload of `ledger.credit`: an account id and an amount in integer cents, 1 to Number.MAX_SAFE_INTEGER. */
export const schema = v.strictObject({
  account: v.pipe(v.string(ACCOUNT), v.regex(/^[A-Za-z0-9_.:-]{1,128}$/, ACCOUNT)),
  amount: v.pipe(v.number(AMOUNT), v.safeInteger(AMOUNT), v.minValue(1, AMOUNT)),
});

/** Payload of `ledger.credit`. */
export type LedgerCredit = v.InferOutput<typeof schema>;

/** Checks a `ledger.credit` payload; each message starts with the field. */
export const payload = parserOf(schema, 'ledger.credit');

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
