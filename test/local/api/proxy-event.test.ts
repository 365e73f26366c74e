import { describe, expect, it } from 'vitest';
import { formatRequestTime } from '../../../local/api/proxy-event.js';
import { API_KEY_VALUE, conveyorApi, conveyorApiKey } from './conveyor-api.js';
import { apiRoute, messageBody, recordingInvoker, restApiSpec } from './factories.js';
import { jsonHeaders, send, startGateway } from './http-client.js';

/** Sends one request and returns the event the function received. */
async function eventFor(
  path: string,
  init: Parameters<typeof send>[1] = {},
  options: Parameters<typeof startGateway>[0] = {},
): Promise<any> {
  const invoker = recordingInvoker();
  const { url } = await startGateway({ invokerFor: () => invoker, now: () => Date.UTC(2026, 10, 27, 23, 42, 20, 123), ...options });
  const response = await send(url(path), init);
  expect(response.status).toBe(202);
  return invoker.events[0];
}

describe('proxy event', () => {
  it('has the v1 shape: resource, path without the stage, method, body, nulls where AWS puts them', async () => {
    const body = JSON.stringify(messageBody());

    const event = await eventFor('/prod/messages', { headers: jsonHeaders(), body });

    expect(event).toMatchObject({
      resource: '/messages',
      path: '/messages',
      httpMethod: 'POST',
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body,
      isBase64Encoded: false,
    });
  });

  it('keeps header casing as received, the last value in headers and every value in multiValueHeaders', async () => {
    const event = await eventFor('/prod/messages', {
      headers: jsonHeaders([['X-Custom-Thing', 'one'], ['X-Custom-Thing', 'two'], ['idempotency-key', 'k-1']]),
      body: JSON.stringify(messageBody()),
    });

    expect(event.headers['X-Custom-Thing']).toBe('two');
    expect(event.multiValueHeaders['X-Custom-Thing']).toEqual(['one', 'two']);
    expect(event.headers['idempotency-key']).toBe('k-1');
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers).not.toHaveProperty('content-type');
  });

  it("adds API Gateway's forwarding and trace headers", async () => {
    const event = await eventFor('/prod/messages', {
      headers: jsonHeaders([['X-Forwarded-For', '203.0.113.9']]),
      body: JSON.stringify(messageBody()),
    });

    expect(event.headers['X-Forwarded-For']).toBe('203.0.113.9, 127.0.0.1');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    expect(event.headers['X-Forwarded-Port']).toMatch(/^\d+$/);
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('parses query parameters: last value, all values, + as space, percent-decoding', async () => {
    const event = await eventFor('/prod/messages?a=1&a=2&q=hello+world&e=%E2%9C%93&flag&bad=%zz', {
      headers: jsonHeaders(),
      body: JSON.stringify(messageBody()),
    });

    expect(event.queryStringParameters).toEqual({ a: '2', q: 'hello world', e: '✓', flag: '', bad: '%zz' });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], q: ['hello world'], e: ['✓'], flag: [''], bad: ['%zz'] });
  });

  it('fills requestContext like API Gateway', async () => {
    const event = await eventFor('/prod/messages', {
      headers: jsonHeaders([['User-Agent', 'conveyor-test/1']]),
      body: JSON.stringify(messageBody()),
    });

    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: conveyorApi().id,
      resourceId: expect.stringMatching(/^[0-9a-f]{6}$/),
      resourcePath: '/messages',
      httpMethod: 'POST',
      extendedRequestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      requestTime: '27/Nov/2026:23:42:20 +0000',
      requestTimeEpoch: Date.UTC(2026, 10, 27, 23, 42, 20, 123),
      path: '/prod/messages',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainName: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      domainPrefix: '127',
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.requestContext.identity).toEqual({
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: '127.0.0.1',
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: 'conveyor-test/1',
      user: null,
      apiKey: API_KEY_VALUE,
      apiKeyId: conveyorApiKey().id,
      clientCert: null,
    });
  });

  it('leaves identity.apiKey null on a method that needs no key', async () => {
    const api = restApiSpec({ routes: [apiRoute()] });

    const event = await eventFor('/prod/messages', { headers: jsonHeaders(), body: 'x' }, { api });

    expect(event.requestContext.identity).toMatchObject({ apiKey: null, apiKeyId: null });
  });

  it('turns invalid UTF-8 into U+FFFD and an empty body into null', async () => {
    const api = restApiSpec({ routes: [apiRoute()] });

    const invalid = await eventFor('/prod/messages', { body: Buffer.from([0x61, 0xff, 0xfe, 0x62]) }, { api });
    const empty = await eventFor('/prod/messages', {}, { api });

    expect(invalid.body).toBe('a\uFFFD\uFFFDb');
    expect(empty.body).toBeNull();
  });

  it('gives the same resourceId to the same resource every time', async () => {
    const first = await eventFor('/prod/messages', { headers: jsonHeaders(), body: JSON.stringify(messageBody()) });
    const second = await eventFor('/prod/messages', { headers: jsonHeaders(), body: JSON.stringify(messageBody()) });

    expect(first.requestContext.resourceId).toBe(second.requestContext.resourceId);
    expect(first.requestContext.requestId).not.toBe(second.requestContext.requestId);
  });
});

describe('formatRequestTime', () => {
  it('formats as dd/MMM/yyyy:HH:mm:ss +0000 in UTC', () => {
    expect(formatRequestTime(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
