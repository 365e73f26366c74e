/** `ledger.credit` in TypeBox: the schema is a JSON Schema object, shared by both TypeBox entries. */
import { Type } from '@sinclair/typebox';
import { ACCOUNT_PATTERN_SOURCE } from '../rules.js';

/**
 * TypeBox reads the keywords with their 2019-09+ meaning (`exclusiveMinimum` is a number), so this
 * is not draft-04 as written; `minimum: 1` would be, for integers.
 */
export const schema = Type.Object({
  account: Type.String({ pattern: ACCOUNT_PATTERN_SOURCE }),
  amount: Type.Integer({ exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
}, { additionalProperties: false });
