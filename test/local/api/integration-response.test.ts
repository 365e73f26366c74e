import { describe, expect, it } from 'vitest';
import { mapIntegrationResult } from '../../../local/api/integration-response.js';
import { failedResult, okResult } from './factories.js';

describe('mapIntegrationResult', () => {
  it('passes status, headers and body through, defaulting Content-Type to application/json', () => {
    const outcome = mapIntegrationResult(okResult({ statusCode: 202, headers: { 'X-Id': 'm-1', 'X-Count': 3 }, body: '{"ok":true}' }));

    expect(outcome).toEqual({
      kind: 'response',
      reply: {
        statusCode: 202,
        headers: { 'X-Id': ['m-1'], 'X-Count': ['3'], 'Content-Type': ['application/json'] },
        body: Buffer.from('{"ok":true}'),
      },
    });
  });

  it('lets multiValueHeaders win over headers for the same name', () => {
    const outcome = mapIntegrationResult(okResult({ statusCode: 200, headers: { 'x-a': '1' }, multiValueHeaders: { 'X-A': ['2', '3'] } }));

    expect(outcome.kind === 'response' && outcome.reply.headers).toMatchObject({ 'X-A': ['2', '3'] });
  });

  it('keeps a caller Content-Type and treats a missing body as empty', () => {
    const outcome = mapIntegrationResult(okResult({ statusCode: 204, headers: { 'content-type': 'text/plain' } }));

    expect(outcome.kind === 'response' && outcome.reply).toMatchObject({ headers: { 'content-type': ['text/plain'] }, body: Buffer.alloc(0) });
  });

  it('remaps the headers API Gateway owns', () => {
    const outcome = mapIntegrationResult(okResult({ statusCode: 200, headers: { 'Content-Length': '999', Connection: 'close' } }));

    expect(outcome.kind === 'response' && outcome.reply.headers).toMatchObject({
      'x-amzn-Remapped-Content-Length': ['999'],
      'x-amzn-Remapped-Connection': ['close'],
    });
  });

  it.each([
    ['null', null],
    ['an array', [1]],
    ['a string statusCode', { statusCode: '200' }],
    ['a fractional statusCode', { statusCode: 200.5 }],
    ['an informational statusCode', { statusCode: 101 }],
    ['a statusCode above 599', { statusCode: 600 }],
    ['an object body', { statusCode: 200, body: {} }],
    ['a non-boolean isBase64Encoded', { statusCode: 200, isBase64Encoded: 'yes' }],
    ['headers that are not an object', { statusCode: 200, headers: 'x' }],
    ['a header value that is an object', { statusCode: 200, headers: { a: {} } }],
    ['multiValueHeaders that are not arrays', { statusCode: 200, multiValueHeaders: { a: 'x' } }],
    ['a header value with a newline', { statusCode: 200, headers: { a: 'x\r\ny: z' } }],
    ['an invalid header name', { statusCode: 200, headers: { 'a b': 'x' } }],
  ])('treats %s as a malformed response', (_case, payload) => {
    expect(mapIntegrationResult(okResult(payload))).toMatchObject({ kind: 'failure', detail: expect.stringMatching(/^Malformed/) });
  });

  it('reports a failed invocation with its reason', () => {
    expect(mapIntegrationResult(failedResult('timeout'))).toEqual({ kind: 'failure', detail: 'timeout: Error: boom' });
  });
});
