import { describe, expect, it } from 'vitest';
import { UnsupportedTemplateError } from '../../../local/errors.js';
import { type ResolutionContext, resolveIntrinsics, resolveString } from '../../../local/template/intrinsics.js';

const context: ResolutionContext = {
  ref: (id) => (id === 'AWS::Region' ? 'eu-west-1' : `ref:${id}`),
  getAtt: (id, attribute) => `att:${id}.${attribute}`,
};

describe('resolveIntrinsics', () => {
  it.each([
    ['Ref', { Ref: 'Queue' }, 'ref:Queue'],
    ['Fn::GetAtt as a list', { 'Fn::GetAtt': ['Queue', 'Arn'] }, 'att:Queue.Arn'],
    ['Fn::GetAtt as a string', { 'Fn::GetAtt': 'Queue.Arn' }, 'att:Queue.Arn'],
    ['Fn::Join', { 'Fn::Join': ['/', ['a', { Ref: 'B' }, 'c']] }, 'a/ref:B/c'],
    ['Fn::Sub with references', { 'Fn::Sub': 'arn:${AWS::Region}:${Queue.Arn}' }, 'arn:eu-west-1:att:Queue.Arn'],
    ['Fn::Sub with variables', { 'Fn::Sub': ['${X}-${Y}', { X: 'x', Y: { Ref: 'Y' } }] }, 'x-ref:Y'],
    ['Fn::Sub literal ${!}', { 'Fn::Sub': '${!Literal}' }, '${Literal}'],
    ['Fn::Select of Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
    ['Fn::Base64', { 'Fn::Base64': 'hi' }, 'aGk='],
  ])('resolves %s', (_name, value, expected) => {
    expect(resolveIntrinsics(value, context)).toBe(expected);
  });

  it('resolves inside nested objects and drops AWS::NoValue', () => {
    const value = { a: [{ Ref: 'X' }, { Ref: 'AWS::NoValue' }], b: { Ref: 'AWS::NoValue' }, c: { d: { 'Fn::GetAtt': ['T', 'Arn'] } } };

    expect(resolveIntrinsics(value, context)).toEqual({ a: ['ref:X'], c: { d: 'att:T.Arn' } });
  });

  it.each([
    ['Fn::If', { 'Fn::If': ['Cond', 'a', 'b'] }],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'Exported' }],
    ['an out-of-range Fn::Select', { 'Fn::Select': [5, ['a']] }],
    ['a malformed Fn::Join', { 'Fn::Join': ['only-one'] }],
  ])('rejects %s with UnsupportedTemplateError', (_name, value) => {
    expect(() => resolveIntrinsics(value, context)).toThrow(UnsupportedTemplateError);
  });

  it('resolveString names the place of a value that is not a string', () => {
    expect(() => resolveString({ a: 1 }, context, 'output X')).toThrow(/output X/);
    expect(resolveString(5, context, 'n')).toBe('5');
  });
});
