import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parserOf } from '../../../functions/handler-api/index.js';

const RULE = 'must be an integer from 1 to 9';
const schema = v.strictObject({
  name: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  items: v.array(v.strictObject({ count: v.pipe(v.number(RULE), v.integer(RULE), v.minValue(1, RULE), v.maxValue(9, RULE)) }, 'must be an object with count'), 'must be an array'),
});
const parse = parserOf(schema, 'test.type');

describe('parserOf', () => {
  it('returns the payload typed by the schema', () => {
    expect(parse({ name: 'n', items: [{ count: 3 }] })).toEqual({ name: 'n', items: [{ count: 3 }] });
  });

  it.each([
    ['a rule broken in a nested array', { name: 'n', items: [{ count: 1 }, { count: 10 }] }, `payload.items[1].count ${RULE}`],
    ['a wrong type', { name: 5, items: [] }, 'payload.name must be a string'],
    ['an action\'s rule', { name: '', items: [] }, 'payload.name must not be empty'],
    ['a missing field', { items: [] }, 'payload.name is required'],
    ['a missing nested field', { name: 'n', items: [{}] }, 'payload.items[0].count is required'],
    ['an unknown field', { name: 'n', items: [], extra: true }, 'payload.extra is not a known field of test.type'],
    ['an unknown nested field', { name: 'n', items: [{ count: 1, size: 2 }] }, 'payload.items[0].size is not a known field of test.type'],
    ['an element of the wrong type', { name: 'n', items: ['x'] }, 'payload.items[0] must be an object with count'],
  ])('names %s by its path, as INVALID_PAYLOAD', (_name, payload, message) => {
    expect(() => parse(payload)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', message }));
  });
});
