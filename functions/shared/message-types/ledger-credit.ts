import { ConveyorError } from '../errors.js';
import type { JsonObject } from '../envelope.js';

/** Payload of `ledger.credit`: add `amount` cents to `account`'s balance. */
export interface LedgerCredit {
  /** Account id: 1–128 characters of `[A-Za-z0-9_.:-]`. */
  readonly account: string;
  /** Amount in integer cents, > 0 and ≤ Number.MAX_SAFE_INTEGER. */
  readonly amount: number;
}

const ACCOUNT_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const FIELDS = new Set(['account', 'amount']);

/** Checks a `ledger.credit` payload; throws an `INVALID_PAYLOAD` {@link ConveyorError} whose message starts with the field. */
export function parseLedgerCredit(payload: JsonObject): LedgerCredit {
  for (const key of Object.keys(payload)) {
    if (!FIELDS.has(key)) throw new ConveyorError('INVALID_PAYLOAD', `payload.${key} is not a known field of ledger.credit`);
  }
  const { account, amount } = payload;
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) {
    throw new ConveyorError('INVALID_PAYLOAD', 'payload.account must be 1–128 characters of [A-Za-z0-9_.:-]');
  }
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new ConveyorError('INVALID_PAYLOAD', 'payload.amount must be a positive integer number of cents');
  }
  return { account, amount };
}
