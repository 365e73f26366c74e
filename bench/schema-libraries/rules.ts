/**
 * The `ledger.credit` rules as every candidate library writes them, and the one way their issues
 * become Conveyor's messages (`payload.<field> <rule>`). The rules are those of the hand-written
 * validator, `handlers/ledger-credit.ts`, which stays the reference: the
 * benchmark checks every candidate against it on the payloads of `corpus.ts`.
 */
import type { LedgerCredit } from '../../handlers/ledger-credit.js';

export type { LedgerCredit } from '../../handlers/ledger-credit.js';

/** `account`: 1–128 characters of `[A-Za-z0-9_.:-]` (as a JSON Schema `pattern`, so length is in it too). */
export const ACCOUNT_PATTERN_SOURCE = '^[A-Za-z0-9_.:-]{1,128}$';

/** The same, as a RegExp literal (a literal, so a bundle that does not use it drops it). */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The fields of `ledger.credit` (any other is rejected), each with its rule as the second half of its message (the hand-written validator's texts). */
export const RULES = {
  account: 'must be 1–128 characters of [A-Za-z0-9_.:-]',
  amount: 'must be a positive integer number of cents',
} as const;

/** `payload.<field> <rule>`, the message for a field that breaks its rule. */
function fieldMessage(field: string, rule: string): string {
  return `payload.${field} ${rule}`;
}

/** The message for a field `ledger.credit` does not have. */
function unknownFieldMessage(field: string): string {
  return `payload.${field} is not a known field of ledger.credit`;
}

/**
 * The message for the first issue a library reports, from its path alone: a first key that is a
 * field of `ledger.credit` gets that field's rule, any other key is an unknown field. Every
 * candidate reports a path, so the texts live in {@link RULES} and no library's own message
 * options are needed (see docs/schema-libraries.md for what those options do).
 */
export function issueMessage(path: readonly PropertyKey[]): string {
  const field = String(path[0] ?? '');
  return Object.hasOwn(RULES, field) ? fieldMessage(field, RULES[field as keyof typeof RULES]) : unknownFieldMessage(field);
}

/** What every candidate throws for a payload that does not fit (the hand-written one throws `ConveyorError`). */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** A candidate's parser: the payload typed, or a {@link PayloadError} naming the field and the rule. */
export type ParseLedgerCredit = (payload: unknown) => LedgerCredit;

/** The payload each entry validates once at module init, as a handler's first message would. */
export const SAMPLE: LedgerCredit = { account: 'acct-42', amount: 1250 };
