/** Entry: ArkType 2 (string definitions parsed at module init, validators compiled with `new Function`). */
import { type } from 'arktype';
import { ACCOUNT_PATTERN, issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';

/** `ledger.credit` in ArkType; `'+': 'reject'` rejects undeclared keys. */
export const schema = type({
  '+': 'reject',
  account: type(ACCOUNT_PATTERN),
  amount: 'number.integer > 0 & number.safe',
});

/** Calls the type; a failure is `type.errors`, whose entries carry `path`. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  const result = schema(payload);
  if (result instanceof type.errors) throw new PayloadError(issueMessage(result[0]?.path ?? []));
  return result;
};

parseLedgerCredit(SAMPLE);
