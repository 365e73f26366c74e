import { describe, expect, it } from 'vitest';
import { ConveyorError, isPermanent } from '../../../functions/shared/errors.js';
import { prepareMessage } from '../../../functions/consumer/prepare.js';
import { EXAMPLE_TYPES } from '../../support/types.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { envelope } from '../../support/factories.js';

const codeOf = (body: string): string | undefined => {
  try {
    prepareMessage({ body }, EXAMPLE_TYPES);
    return undefined;
  } catch (error) {
    expect(isPermanent(error)).toBe(true);
    return (error as ConveyorError).code;
  }
};

describe('prepareMessage', () => {
  it('returns the envelope, the parsed payload and a hash', () => {
    const prepared = prepareMessage({ body: serializeEnvelope(envelope({ id: 'k', payload: { account: 'a', amount: 3 } })) }, EXAMPLE_TYPES);

    expect(prepared.envelope.id).toBe('k');
    expect(prepared.payload).toEqual({ account: 'a', amount: 3 });
    expect(prepared.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['not JSON', '{', 'MALFORMED_ENVELOPE'],
    ['a JSON array', '[]', 'MALFORMED_ENVELOPE'],
    ['another envelope version', JSON.stringify({ ...envelope(), v: 2 }), 'MALFORMED_ENVELOPE'],
    ['a bad id', JSON.stringify({ ...envelope(), id: 'has space' }), 'MALFORMED_ENVELOPE'],
    ['no acceptedAt', JSON.stringify({ ...envelope(), acceptedAt: 'yesterday' }), 'MALFORMED_ENVELOPE'],
    ['a payload that is not an object', JSON.stringify({ ...envelope(), payload: 'x' }), 'MALFORMED_ENVELOPE'],
    ['an unknown type', serializeEnvelope(envelope({ type: 'ledger.debit' })), 'UNKNOWN_MESSAGE_TYPE'],
    ['an invalid payload', serializeEnvelope(envelope({ payload: { account: 'a', amount: 0 } })), 'INVALID_PAYLOAD'],
  ])('rejects %s as permanent (%s)', (_name, body, code) => {
    expect(codeOf(body)).toBe(code);
  });

  it('rejects a hostile nesting depth as permanent instead of crashing', () => {
    const body = `{"v":1,"id":"k","type":"ledger.credit","acceptedAt":1,"payload":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    expect(codeOf(body)).toBe('INVALID_PAYLOAD');
  });
});
