/** Entry: zod 4 (the classic, chainable API, `zod`). */
import * as z from 'zod';
import { ACCOUNT_PATTERN, issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';

/** `ledger.credit` in zod; `z.int()` accepts safe integers only. */
export const schema = z.strictObject({
  account: z.string().regex(ACCOUNT_PATTERN),
  amount: z.int().positive(),
});

/** Parses with `safeParse`; an unknown key is one `unrecognized_keys` issue at the object, naming the keys. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new PayloadError(issueMessage(issue.code === 'unrecognized_keys' ? issue.keys : issue.path));
};

parseLedgerCredit(SAMPLE);
