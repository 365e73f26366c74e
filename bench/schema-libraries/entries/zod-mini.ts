/** Entry: zod 4's tree-shakable functional API (`zod/mini`), same package. */
import * as z from 'zod/mini';
import { ACCOUNT_PATTERN, issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';

/** `ledger.credit` in zod/mini: the same rules as `zod.ts`, written with `.check(...)`. */
export const schema = z.strictObject({
  account: z.string().check(z.regex(ACCOUNT_PATTERN)),
  amount: z.int().check(z.positive()),
});

/** Parses with `safeParse`; an unknown key is one `unrecognized_keys` issue at the object, naming the keys. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new PayloadError(issueMessage(issue.code === 'unrecognized_keys' ? issue.keys : issue.path));
};

parseLedgerCredit(SAMPLE);
