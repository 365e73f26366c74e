/** Entry: valibot 1 (modular functions, tree-shaken per action). */
import * as v from 'valibot';
import { ACCOUNT_PATTERN, issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';

/** `ledger.credit` in valibot. */
export const schema = v.strictObject({
  account: v.pipe(v.string(), v.regex(ACCOUNT_PATTERN)),
  amount: v.pipe(v.number(), v.safeInteger(), v.gtValue(0)),
});

/** Parses with `safeParse`, stopping at the first issue (`abortEarly`): only the first is reported. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  const result = v.safeParse(schema, payload, { abortEarly: true });
  if (result.success) return result.output;
  throw new PayloadError(issueMessage(result.issues[0].path?.map((item) => item.key as PropertyKey) ?? []));
};

parseLedgerCredit(SAMPLE);
