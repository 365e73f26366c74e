import { describe, expect, it } from 'vitest';
import { payloadHash } from '../../../../functions/consumer/idempotency/hash.js';

describe('payloadHash', () => {
  it('ignores key order', () => {
    expect(payloadHash('t', { a: 1, b: { c: 2, d: 3 } })).toBe(payloadHash('t', { b: { d: 3, c: 2 }, a: 1 }));
  });

  it('differs by type and by value', () => {
    const base = payloadHash('t', { a: 1 });
    expect(payloadHash('u', { a: 1 })).not.toBe(base);
    expect(payloadHash('t', { a: 2 })).not.toBe(base);
    expect(payloadHash('t', { a: '1' })).not.toBe(base);
  });

  it('is short enough to keep a record under one write unit', () => {
    expect(payloadHash('t', { big: 'x'.repeat(100_000) })).toHaveLength(43);
  });
});
