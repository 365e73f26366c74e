import { describe, expect, it } from 'vitest';
import { assertJsonContentType, readJsonBody } from '../../../functions/producer/request.js';

describe('assertJsonContentType', () => {
  it.each(['application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json; boundary=x'])('accepts %s', (value) => {
    expect(() => assertJsonContentType({ headers: { 'Content-Type': value } })).not.toThrow();
  });

  it.each(['text/json', 'application/jsonp', 'application/json; charset=iso-8859-1', ''])('refuses %j', (value) => {
    expect(() => assertJsonContentType({ headers: { 'content-type': value } })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });

  it('refuses a request without the header', () => {
    expect(() => assertJsonContentType({ headers: {} })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });
});

describe('readJsonBody', () => {
  it('parses plain and base64 bodies', () => {
    expect(readJsonBody({ body: '{"a":1}', isBase64Encoded: false }, 100)).toEqual({ a: 1 });
    expect(readJsonBody({ body: Buffer.from('{"ä":1}').toString('base64'), isBase64Encoded: true }, 100)).toEqual({ ä: 1 });
  });

  it('measures the limit in bytes, not characters', () => {
    const body = JSON.stringify({ text: 'é'.repeat(50) }); // 61 characters, 111 bytes
    expect(() => readJsonBody({ body, isBase64Encoded: false }, 100)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
    expect(readJsonBody({ body, isBase64Encoded: false }, 111)).toEqual({ text: 'é'.repeat(50) });
  });

  it('refuses invalid UTF-8, empty bodies and broken JSON', () => {
    expect(() => readJsonBody({ body: Buffer.from([0xc3, 0x28]).toString('base64'), isBase64Encoded: true }, 100)).toThrow(expect.objectContaining({ code: 'INVALID_ENCODING' }));
    expect(() => readJsonBody({ body: '   ', isBase64Encoded: false }, 100)).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
    expect(() => readJsonBody({ body: null, isBase64Encoded: false }, 100)).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
    expect(() => readJsonBody({ body: '{"a":}', isBase64Encoded: false }, 100)).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });
});
