import { describe, expect, it } from 'vitest';
import { createGatewayResponder, type RequestContextVariables } from '../../../local/api/gateway-responses.js';
import type { GatewayResponseType } from '../../../local/api/response-types.js';
import { conveyorApi, conveyorError } from './conveyor-api.js';
import { JSON_ERROR_GATEWAY_RESPONSES, gatewayResponse } from './factories.js';

const context = (overrides: Partial<RequestContextVariables> = {}): RequestContextVariables => ({
  requestId: 'req-1',
  extendedRequestId: 'ext-1',
  apiId: 'testapi001',
  accountId: '000000000000',
  stage: 'prod',
  resourcePath: '/messages',
  resourceId: 'abc123',
  httpMethod: 'POST',
  path: '/prod/messages',
  domainName: '127.0.0.1:3000',
  domainPrefix: '127',
  protocol: 'HTTP/1.1',
  requestTime: '27/Nov/2026:23:42:20 +0000',
  requestTimeEpoch: 0,
  identity: { sourceIp: '127.0.0.1', userAgent: null, apiKey: null, apiKeyId: null },
  ...overrides,
});

const json = (body: Buffer) => JSON.parse(body.toString('utf8'));

describe('createGatewayResponder', () => {
  it("renders the type's template with the JSON-quoted message and the request id, with its status", () => {
    const respond = createGatewayResponder(JSON_ERROR_GATEWAY_RESPONSES);

    const { reply, message } = respond({ type: 'MISSING_AUTHENTICATION_TOKEN' }, context());

    expect(reply.statusCode).toBe(404);
    expect(message).toBe('Missing Authentication Token');
    expect(json(reply.body)).toEqual({ error: { code: 'NOT_FOUND', message: 'Missing Authentication Token', requestId: 'req-1' } });
    expect(reply.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' });
  });

  it('escapes a message that holds quotes', () => {
    const respond = createGatewayResponder(JSON_ERROR_GATEWAY_RESPONSES);

    const { reply } = respond({ type: 'BAD_REQUEST_PARAMETERS', message: 'Missing "x" \\ y' }, context());

    expect(json(reply.body).error.message).toBe('Missing "x" \\ y');
  });

  it('exposes responseType, validationErrorString, stage, resourcePath and httpMethod to templates', () => {
    const template = '{"t":"$context.error.responseType","v":"$context.error.validationErrorString","s":"$context.stage","r":"$context.resourcePath","m":"$context.httpMethod","e":"$context.error.message"}';
    const respond = createGatewayResponder([{ responseType: 'BAD_REQUEST_BODY', headers: {}, templates: { 'application/json': template } }]);

    const { reply } = respond({ type: 'BAD_REQUEST_BODY', validationErrorString: 'bad' }, context());

    expect(json(reply.body)).toEqual({ t: 'BAD_REQUEST_BODY', v: 'bad', s: 'prod', r: '/messages', m: 'POST', e: 'Invalid request body' });
  });

  it("uses AWS's default status and body when nothing is customised", () => {
    const { reply } = createGatewayResponder([])({ type: 'THROTTLED' }, context());

    expect(reply.statusCode).toBe(429);
    expect(json(reply.body)).toEqual({ message: 'Too Many Requests' });
    expect(reply.headers['Content-Type']).toBe('application/json');
  });

  it('inherits the DEFAULT_5XX template for a 5xx type, keeping the type status', () => {
    const respond = createGatewayResponder([gatewayResponse('DEFAULT_5XX', 'INTERNAL_ERROR')]);

    const { reply } = respond({ type: 'API_CONFIGURATION_ERROR' }, context());

    expect(reply.statusCode).toBe(500);
    expect(json(reply.body).error.code).toBe('INTERNAL_ERROR');
  });

  it('lets a forced status code win (the 502 of a failed integration)', () => {
    const respond = createGatewayResponder(JSON_ERROR_GATEWAY_RESPONSES);

    const { reply } = respond({ type: 'DEFAULT_5XX', message: 'Internal server error', statusCode: 502 }, context());

    expect(reply.statusCode).toBe(502);
    expect(json(reply.body).error).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });

  it('falls back to the default body when a template does not parse', () => {
    const respond = createGatewayResponder([{ responseType: 'THROTTLED', headers: {}, templates: { 'application/json': '#if( ' } }]);

    const rendered = respond({ type: 'THROTTLED' }, context());

    expect(json(rendered.reply.body)).toEqual({ message: 'Too Many Requests' });
    expect(rendered.templateError?.name).toBe('GatewayResponseTemplateError');
  });

  it('sends the headers of the spec, with or without the gatewayresponse.header. prefix', () => {
    const respond = createGatewayResponder([
      { responseType: 'THROTTLED', headers: { 'gatewayresponse.header.Retry-After': '1', 'X-Other': 'y' }, templates: {} },
    ]);

    const { reply } = respond({ type: 'THROTTLED' }, context());

    expect(reply.headers).toMatchObject({ 'Retry-After': '1', 'X-Other': 'y' });
  });
});

describe('createGatewayResponder with the synthesized responses', () => {
  it.each(conveyorApi().gatewayResponses.map((response) => [response.responseType]))(
    'renders %s as a JSON error with its code, its fixed message or the escaped one, and the request id',
    (type) => {
      const expected = conveyorError(type);
      const respond = createGatewayResponder(conveyorApi().gatewayResponses);

      const { reply } = respond({ type: type as GatewayResponseType, message: 'a "quoted" \\ message' }, context());

      expect(reply.statusCode).toEqual(expected.statusCode ?? expect.any(Number));
      expect(json(reply.body)).toEqual({ error: { code: expected.code, message: expected.message ?? 'a "quoted" \\ message', requestId: 'req-1' } });
      expect(reply.headers).toMatchObject({ 'Content-Type': 'application/json' });
    },
  );
});

describe('createGatewayResponder headers', () => {
  it('merges inherited and own headers case-insensitively, the type winning', () => {
    const respond = createGatewayResponder([
      { responseType: 'DEFAULT_4XX', headers: { 'content-type': 'application/problem+json', 'X-From-Default': '1' }, templates: {} },
      { responseType: 'THROTTLED', headers: { 'Content-Type': 'application/json' }, templates: {} },
    ]);

    const { reply } = respond({ type: 'THROTTLED' }, context());

    expect(Object.keys(reply.headers).filter((name) => name.toLowerCase() === 'content-type')).toHaveLength(1);
    expect(reply.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-From-Default': '1' });
  });
});
