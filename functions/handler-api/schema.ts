import * as v from 'valibot';
import { ConveyorError } from '../shared/errors.js';
import type { PayloadParser } from '../shared/message-types/index.js';

/**
 * A payload parser from a valibot schema (docs/schema-libraries.md says why valibot): the payload
 * typed by the schema's output, or an `INVALID_PAYLOAD` error whose message names the first problem
 * by its path, as the API answers it (`payload.lines[0].quantity must be an integer from 1 to 1000`):
 * - a value that breaks a rule: the path and the rule's message — give each field's type and
 *   actions the same message (`v.pipe(v.number(RULE), v.integer(RULE), v.minValue(1, RULE))`);
 * - a missing field of a `v.strictObject`: `payload.<field> is required`;
 * - a field it does not have: `payload.<field> is not a known field of <type>`.
 */
export function parserOf<S extends v.GenericSchema>(schema: S, type: string): PayloadParser<v.InferOutput<S>> {
  return (input) => {
    const result = v.safeParse(schema, input, { abortEarly: true });
    if (result.success) return result.output;
    throw new ConveyorError('INVALID_PAYLOAD', describeIssue(result.issues[0], type));
  };
}

/** One valibot issue as `payload.<path> <problem>`. */
export function describeIssue(issue: v.BaseIssue<unknown>, type: string): string {
  const at = `payload${(issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('')}`;
  const objectKey = issue.type === 'strict_object' || issue.type === 'object' || issue.type === 'loose_object';
  if (objectKey && issue.expected === 'never') return `${at} is not a known field of ${type}`;
  if (objectKey && issue.received === 'undefined' && issue.expected?.startsWith('"') === true) return `${at} is required`;
  return `${at} ${issue.message}`;
}
