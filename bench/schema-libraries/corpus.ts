/**
 * The payloads every candidate (and every exported JSON Schema) must judge as the hand-written
 * validator does. Kept apart from `rules.ts` so no entry bundle carries it.
 */

/** One payload of the equivalence corpus. */
export interface CorpusCase {
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Payloads every candidate must judge as the hand-written validator does (accept or reject, and the
 * same message). Each invalid case breaks one rule only, except `empty`, so "the first issue" is
 * well defined whatever order a library reports issues in.
 */
export const CORPUS: readonly CorpusCase[] = [
  { name: 'valid', payload: { account: 'acct-42', amount: 1250 } },
  { name: 'valid, every account character', payload: { account: 'A-z_0.9:x', amount: 1 } },
  { name: 'valid, limits', payload: { account: 'a'.repeat(128), amount: MAX } },
  { name: 'empty', payload: {} },
  { name: 'account missing', payload: { amount: 1 } },
  { name: 'account empty', payload: { account: '', amount: 1 } },
  { name: 'account 129 characters', payload: { account: 'a'.repeat(129), amount: 1 } },
  { name: 'account with a space', payload: { account: 'a b', amount: 1 } },
  { name: 'account ends with a newline', payload: { account: 'ab\n', amount: 1 } },
  { name: 'account non-ASCII', payload: { account: 'café', amount: 1 } },
  { name: 'account a number', payload: { account: 42, amount: 1 } },
  { name: 'amount missing', payload: { account: 'a' } },
  { name: 'amount zero', payload: { account: 'a', amount: 0 } },
  { name: 'amount negative', payload: { account: 'a', amount: -5 } },
  { name: 'amount fractional', payload: { account: 'a', amount: 1.5 } },
  { name: 'amount above MAX_SAFE_INTEGER', payload: { account: 'a', amount: MAX + 1 } },
  { name: 'amount a string', payload: { account: 'a', amount: '100' } },
  { name: 'amount null', payload: { account: 'a', amount: null } },
  { name: 'unknown field', payload: { account: 'a', amount: 1, note: 'x' } },
];
