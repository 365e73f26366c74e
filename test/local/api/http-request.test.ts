import { describe, expect, it } from 'vitest';
import { collectHeaders, mediaTypeOf, parseQuery, parseTarget } from '../../../local/api/http-request.js';

describe('parseTarget', () => {
  it('splits the stage from the resource path and decodes segments', () => {
    expect(parseTarget('/prod/messages/a%2Fb?x=1')).toEqual({
      stage: 'prod',
      segments: ['messages', 'a/b'],
      path: '/messages/a/b',
      fullPath: '/prod/messages/a/b',
      query: 'x=1',
    });
  });

  it('ignores one trailing slash when routing', () => {
    expect(parseTarget('/prod/messages/').segments).toEqual(['messages']);
    expect(parseTarget('/prod').segments).toEqual([]);
  });

  it('keeps malformed percent-encoding as is', () => {
    expect(parseTarget('/prod/%E0%A4%A').segments).toEqual(['%E0%A4%A']);
  });

  it('reads the absolute form and gives no stage for anything else', () => {
    expect(parseTarget('http://example.com/prod/messages').stage).toBe('prod');
    expect(parseTarget('*').stage).toBeUndefined();
    expect(parseTarget('/').stage).toBeUndefined();
  });
});

describe('parseQuery', () => {
  it('is null for an empty query string', () => {
    expect(parseQuery('')).toEqual({ single: null, multi: null });
  });

  it('keeps a __proto__ parameter as an ordinary key', () => {
    const { single } = parseQuery('__proto__=x&constructor=y');

    expect(Object.keys(single ?? {})).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(single)).toBe(Object.prototype);
  });
});

describe('collectHeaders', () => {
  it('groups names case-insensitively with the casing first seen', () => {
    const { single, multi } = collectHeaders(['X-A', '1', 'x-a', '2', 'Host', 'h']);

    expect(single).toEqual({ 'X-A': '2', Host: 'h' });
    expect(multi).toEqual({ 'X-A': ['1', '2'], Host: ['h'] });
  });
});

describe('mediaTypeOf', () => {
  it('drops parameters and lower-cases', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf(undefined)).toBeUndefined();
    expect(mediaTypeOf(' ; x')).toBeUndefined();
  });
});
