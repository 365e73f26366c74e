import { describe, expect, it } from 'vitest';
import { accountOf, createEnvelopeFactory } from '../../../bench/ceiling/messages.js';
import { parseEnvelope } from '../../../functions/shared/envelope.js';
import { payload as parseLedgerCredit } from '../../../handlers/ledger-credit.js';

const factory = (messageBytes: number) => createEnvelopeFactory({ runTag: 'run1', accounts: 1000, messageBytes, clock: () => 1_700_000_000_000 });

describe('createEnvelopeFactory', () => {
  it('builds envelopes the consumer accepts, with a ledger.credit payload', () => {
    const body = factory(300)(42);

    const envelope = parseEnvelope(body);

    expect(envelope.type).toBe('ledger.credit');
    expect(parseLedgerCredit(envelope.payload)).toEqual({ account: accountOf(42, 1000), amount: 52 });
  });

  it.each([160, 300, 380])('makes every envelope %i bytes long', (bytes) => {
    const make = factory(bytes);

    expect([0, 7, 123_456].map((seq) => Buffer.byteLength(make(seq)))).toEqual([bytes, bytes, bytes]);
  });

  it('gives every message its own idempotency key', () => {
    const make = factory(300);

    expect(parseEnvelope(make(1)).id).not.toBe(parseEnvelope(make(2)).id);
  });
});

describe('accountOf', () => {
  it('spreads messages over all the accounts', () => {
    const accounts = new Set(Array.from({ length: 10_000 }, (_, seq) => accountOf(seq, 1000)));

    expect(accounts.size).toBeGreaterThan(990);
    expect([...accounts].every((account) => /^acct-\d{6}$/.test(account))).toBe(true);
  });
});
