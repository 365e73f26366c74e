/** Entry: TypeBox 0.34 compiled at module init by `TypeCompiler.Compile` (code generated with `new Function`). */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { issueMessage, type ParseLedgerCredit, PayloadError, SAMPLE } from '../rules.js';
import { schema } from './typebox-schema.js';

const check = TypeCompiler.Compile(schema);

/** Checks with the compiled function; errors come from the same iterator as `Value.Errors`. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => {
  if (check.Check(payload)) return payload;
  const error = check.Errors(payload).First();
  throw new PayloadError(issueMessage(error?.path.split('/').slice(1) ?? []));
};

parseLedgerCredit(SAMPLE);
