/** Entry: TypeBox 0.34 validated by its interpreter, `Value.Check` (errors from `Value.Errors`). */
import { Value } from '@sinclair/typebox/value';
import { issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';
import { schema } from './typebox-schema.js';

/** Checks, then walks `Value.Errors` for the first error; its path is a JSON pointer (`/amount`). */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  if (Value.Check(schema, payload)) return payload;
  const error = Value.Errors(schema, payload).First();
  throw new PayloadError(issueMessage(error?.path.split('/').slice(1) ?? []));
};

parseLedgerCredit(SAMPLE);
