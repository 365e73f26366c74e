import { describe, expect, it } from 'vitest';
import { canonicalNumber, itemLockKey, keyOfItem } from '../../../local/aws-proxy/dynamodb-keys.js';

describe('itemLockKey', () => {
  it('names the same item whatever the order of the key attributes', () => {
    expect(itemLockKey('t', { pk: { S: 'a' }, sk: { N: '1' } })).toBe(itemLockKey('t', { sk: { N: '1' }, pk: { S: 'a' } }));
  });

  it('names the same number however it is written', () => {
    expect(itemLockKey('t', { id: { N: '1.50' } })).toBe(itemLockKey('t', { id: { N: '15e-1' } }));
  });

  it.each([
    ['another table', itemLockKey('u', { id: { S: 'a' } })],
    ['another value', itemLockKey('t', { id: { S: 'b' } })],
    ['another type', itemLockKey('t', { id: { N: '1' } })],
  ])('tells items apart by %s', (_name, other) => {
    expect(itemLockKey('t', { id: { S: 'a' } })).not.toBe(other);
  });
});

describe('canonicalNumber', () => {
  it.each([
    ['1', '1e0'],
    ['1.0', '1e0'],
    ['0010', '1e1'],
    ['-0.25', '-25e-2'],
    ['2.5E3', '25e2'],
    ['0.000', '0'],
    ['-0', '0'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalNumber(text)).toBe(canonical);
  });
});

describe('keyOfItem', () => {
  it('takes the schema\'s attributes from the item, undefined when one is missing', () => {
    expect(keyOfItem({ pk: { S: 'a' }, sk: { S: 'b' }, v: { N: '1' } }, ['pk', 'sk'])).toEqual({ pk: { S: 'a' }, sk: { S: 'b' } });
    expect(keyOfItem({ pk: { S: 'a' } }, ['pk', 'sk'])).toBeUndefined();
  });
});
