import type { APIGatewayProxyEvent } from 'aws-lambda';
import { header } from '../shared/http.js';
import { httpError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Throws 415 unless the request declares `application/json`, optionally with `charset=utf-8`. */
export function assertJsonContentType(event: Pick<APIGatewayProxyEvent, 'headers'>): void {
  const value = header(event, 'content-type');
  if (value === undefined) throw httpError('UNSUPPORTED_MEDIA_TYPE', 'content-type must be application/json');
  const [mediaType = '', ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    throw httpError('UNSUPPORTED_MEDIA_TYPE', `content-type must be application/json (got '${mediaType.slice(0, 100)}')`);
  }
  for (const param of params) {
    const [name, raw = ''] = param.split('=', 2).map((part) => part.trim());
    if (name === 'charset' && raw.replace(/"/g, '') !== 'utf-8') {
      throw httpError('UNSUPPORTED_MEDIA_TYPE', 'only charset=utf-8 is accepted');
    }
  }
}

/**
 * Reads a JSON body: checks its size before anything else, decodes base64 bodies as strict UTF-8,
 * and parses it. Every failure is a 4xx.
 */
export function readJsonBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, maxBytes: number): unknown {
  const raw = event.body ?? '';
  let text: string;
  if (event.isBase64Encoded) {
    const bytes = Buffer.from(raw, 'base64');
    assertSize(bytes.length, maxBytes);
    try {
      text = utf8.decode(bytes);
    } catch (error) {
      throw httpError('INVALID_ENCODING', 'request body is not valid UTF-8', { cause: error });
    }
  } else {
    assertSize(Buffer.byteLength(raw, 'utf8'), maxBytes);
    text = raw;
  }
  if (text.trim() === '') throw httpError('MALFORMED_JSON', 'request body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw httpError('MALFORMED_JSON', 'request body is not valid JSON', { cause: error });
  }
}

function assertSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) throw httpError('PAYLOAD_TOO_LARGE', `request body is ${bytes} bytes; the limit is ${maxBytes}`);
}
