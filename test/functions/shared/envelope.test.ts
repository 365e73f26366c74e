import { describe, expect, it } from 'vitest';
import { parseEnvelope, recordKeyOf, serializeEnvelope } from '../../../functions/shared/envelope.js';
import { envelope } from '../../support/factories.js';

// What SQS (and fauxqs, stricter: no astral characters) accepts in a message body.
const SQS_SAFE_BODY = /^[\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]*$/;

describe('serializeEnvelope', () => {
  it('escapes every character SQS could refuse, and still parses to the same value', () => {
    const payload = { emoji: '🚀', lone: '\uD800', nonchar: '\uFFFE\uFFFF', control: '\u0000\u0007', text: 'zürich 東京' };
    const message = envelope({ payload });

    const body = serializeEnvelope(message);

    expect(body).toMatch(SQS_SAFE_BODY);
    expect(JSON.parse(body)).toEqual(message);
    expect(body).toContain('zürich 東京');
  });
});

describe('parseEnvelope', () => {
  it('round-trips what serializeEnvelope wrote', () => {
    const message = envelope({ groupId: 'g-1', scope: 'abc123' });
    expect(parseEnvelope(serializeEnvelope(message))).toEqual(message);
  });

  it.each([
    ['not JSON', 'nope'],
    ['null', 'null'],
    ['no version', JSON.stringify({ ...envelope(), v: undefined })],
    ['a numeric id', JSON.stringify({ ...envelope(), id: 5 })],
    ['a type that breaks the pattern', JSON.stringify({ ...envelope(), type: '1abc' })],
    ['a null payload', JSON.stringify({ ...envelope(), payload: null })],
    ['an array payload', JSON.stringify({ ...envelope(), payload: [] })],
    ['acceptedAt as a string', JSON.stringify({ ...envelope(), acceptedAt: '1' })],
    ['a numeric groupId', JSON.stringify({ ...envelope(), groupId: 1 })],
    ['a scope with a space', JSON.stringify({ ...envelope(), scope: 'a b' })],
    ['a numeric scope', JSON.stringify({ ...envelope(), scope: 7 })],
  ])('rejects %s', (_name, body) => {
    expect(() => parseEnvelope(body)).toThrow(expect.objectContaining({ code: 'MALFORMED_ENVELOPE' }));
  });
});

describe('recordKeyOf', () => {
  it('is the key within its scope, or the bare key when unscoped', () => {
    expect(recordKeyOf({ id: 'k-1', scope: 'client-a' })).toBe('client-a/k-1');
    expect(recordKeyOf({ id: 'k-1' })).toBe('k-1');
  });
});
