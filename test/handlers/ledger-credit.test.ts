import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../functions/shared/message-types/index.js';
import { payload as parseLedgerCredit } from '../../handlers/ledger-credit.js';
import { EXAMPLE_TYPES } from '../support/types.js';

describe('ledger.credit payload', () => {
  it('accepts an account and positive integer cents', () => {
    expect(parseLedgerCredit({ account: 'acct_1:eu-west.2', amount: 1 })).toEqual({ account: 'acct_1:eu-west.2', amount: 1 });
    expect(parseLedgerCredit({ account: 'a'.repeat(128), amount: Number.MAX_SAFE_INTEGER }).amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['a missing account', { amount: 1 }, 'payload.account'],
    ['an empty account', { account: '', amount: 1 }, 'payload.account'],
    ['an account of 129 characters', { account: 'a'.repeat(129), amount: 1 }, 'payload.account'],
    ['an account with a space', { account: 'a b', amount: 1 }, 'payload.account'],
    ['zero', { account: 'a', amount: 0 }, 'payload.amount'],
    ['a negative amount', { account: 'a', amount: -1 }, 'payload.amount'],
    ['fractional cents', { account: 'a', amount: 0.5 }, 'payload.amount'],
    ['an unsafe integer', { account: 'a', amount: 2 ** 53 }, 'payload.amount'],
    ['an amount as a string', { account: 'a', amount: '1' }, 'payload.amount'],
    ['an unknown field', { account: 'a', amount: 1, memo: 'x' }, 'payload.memo'],
  ])('rejects %s, naming %s', (_name, payload, path) => {
    expect(() => parseLedgerCredit(payload)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
    expect(() => parseLedgerCredit(payload)).toThrow(path);
  });
});

describe('parsePayload', () => {
  it('parses a registered type and knows nothing inherited from Object', () => {
    expect(parsePayload(EXAMPLE_TYPES, 'ledger.credit', { account: 'a', amount: 1 })).toEqual({ account: 'a', amount: 1 });
    for (const type of ['toString', 'constructor', '__proto__']) {
      expect(() => parsePayload(EXAMPLE_TYPES, type, {})).toThrow(expect.objectContaining({ code: 'UNKNOWN_MESSAGE_TYPE' }));
    }
  });
});
