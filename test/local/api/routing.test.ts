import { describe, expect, it } from 'vitest';
import { InvalidApiSpecError } from '../../../local/errors.js';
import { createRouter } from '../../../local/api/routing.js';
import { apiRoute } from './factories.js';

const segments = (path: string) => path.split('/').filter((part, index) => index > 0 && part !== '');

describe('createRouter', () => {
  describe('match', () => {
    it('matches a literal path and method', () => {
      const route = apiRoute({ resourcePath: '/messages/batch' });
      const router = createRouter([apiRoute({ resourcePath: '/messages' }), route]);

      expect(router.match('POST', segments('/messages/batch'))).toEqual({ kind: 'matched', route, pathParameters: null });
    });

    it('prefers a literal over {param} over {proxy+}', () => {
      const literal = apiRoute({ resourcePath: '/items/special' });
      const param = apiRoute({ resourcePath: '/items/{id}' });
      const greedy = apiRoute({ resourcePath: '/{proxy+}' });
      const router = createRouter([greedy, param, literal]);

      expect(router.match('POST', ['items', 'special'])).toMatchObject({ route: literal });
      expect(router.match('POST', ['items', '7'])).toMatchObject({ route: param, pathParameters: { id: '7' } });
      expect(router.match('POST', ['items', '7', 'x'])).toMatchObject({ route: greedy, pathParameters: { proxy: 'items/7/x' } });
    });

    it('prefers the exact method over ANY, and uses ANY for the rest', () => {
      const post = apiRoute({ resourcePath: '/a', httpMethod: 'POST' });
      const any = apiRoute({ resourcePath: '/a', httpMethod: 'ANY' });
      const router = createRouter([any, post]);

      expect(router.match('POST', ['a'])).toMatchObject({ route: post });
      expect(router.match('PATCH', ['a'])).toMatchObject({ route: any });
    });

    it('tells a known resource without the method from an unknown path', () => {
      const router = createRouter([apiRoute({ resourcePath: '/messages' })]);

      expect(router.match('GET', ['messages'])).toEqual({ kind: 'no-method', resourcePath: '/messages' });
      expect(router.match('POST', ['nope'])).toEqual({ kind: 'no-resource' });
      expect(router.match('POST', ['messages', 'extra'])).toEqual({ kind: 'no-resource' });
    });

    it('routes the root resource', () => {
      const root = apiRoute({ resourcePath: '/', httpMethod: 'GET' });

      expect(createRouter([root]).match('GET', [])).toMatchObject({ kind: 'matched', route: root });
    });

    it('does not match an empty segment to a parameter or a greedy path to nothing', () => {
      const router = createRouter([apiRoute({ resourcePath: '/items/{id}' }), apiRoute({ resourcePath: '/files/{proxy+}' })]);

      expect(router.match('POST', ['items', ''])).toEqual({ kind: 'no-resource' });
      expect(router.match('POST', ['files'])).toEqual({ kind: 'no-resource' });
    });
  });

  it.each([
    ['a path without a leading slash', apiRoute({ resourcePath: 'messages' })],
    ['an empty segment', apiRoute({ resourcePath: '/a//b' })],
    ['a greedy segment that is not last', apiRoute({ resourcePath: '/{proxy+}/x' })],
    ['a malformed parameter', apiRoute({ resourcePath: '/{id' })],
    ['an unknown method', apiRoute({ httpMethod: 'FETCH' })],
  ])('rejects %s', (_case, route) => {
    expect(() => createRouter([route])).toThrow(InvalidApiSpecError);
  });

  it('rejects two routes for the same resource and method', () => {
    expect(() => createRouter([apiRoute(), apiRoute()])).toThrow(/defined twice/);
  });
});
