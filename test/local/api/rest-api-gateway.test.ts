import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER, NOT_A_JSON_OBJECT_MESSAGE, ROUTES } from '../../../contract/index.js';
import { MAX_REQUEST_BODY_BYTES } from '../../../local/api/body-reader.js';
import type { ThrottleSpec, UsagePlanSpec } from '../../../local/template/specs.js';
import { API_KEY_VALUE, conveyorApiKey, conveyorError, conveyorGatewayResponse, conveyorRoute, conveyorUsagePlan, producerLogicalId } from './conveyor-api.js';
import { accepted, apiRoute, messageBody, okResult, recordingInvoker, restApiSpec, usagePlan } from './factories.js';
import { jsonHeaders, send, startGateway } from './http-client.js';

const body = (value: unknown = messageBody()) => JSON.stringify(value);

// Test input: limits the synthesized plan does not have, small enough to reach in a few requests.
/** A plan throttle of 1 request/s with a burst of 2. */
const TWO_REQUEST_BURST: ThrottleSpec = { rateLimit: 1, burstLimit: 2 };
/** A stage throttle of 1 request/s with a burst of 1 (the template sets no stage throttle). */
const ONE_REQUEST_STAGE_THROTTLE: ThrottleSpec = { rateLimit: 1, burstLimit: 1 };
/** A quota of one request a day (the template's plan has no quota by default). */
const ONE_REQUEST_DAILY_QUOTA: NonNullable<UsagePlanSpec['quota']> = { limit: 1, period: 'DAY' };

describe('RestApiGateway', () => {
  describe('routing', () => {
    it('invokes the function for POST /prod/messages and passes its response through', async () => {
      const invoker = recordingInvoker(() => okResult(accepted({ id: 'm-42' })));
      const { url } = await startGateway({ invokerFor: () => invoker });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(202);
      expect(response.json()).toEqual({ id: 'm-42' });
      expect(invoker.events).toHaveLength(1);
      expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-amz-apigw-id']).toHaveLength(16);
    });

    it('hands the invoker the route function logical id', async () => {
      const asked: string[] = [];
      const invoker = recordingInvoker();
      const { url } = await startGateway({ invokerFor: (id) => (asked.push(id), invoker) });

      await send(url('/prod/messages/batch'), { headers: jsonHeaders(), body: body({ messages: [messageBody()] }) });

      expect(asked).toEqual([producerLogicalId()]);
    });

    it.each([
      ['an unknown path', 'POST', '/prod/nope'],
      ['an unknown stage', 'POST', '/dev/messages'],
      ['no stage', 'POST', '/'],
      ['a known path with an undefined method', 'GET', '/prod/messages'],
    ])('answers %s with MISSING_AUTHENTICATION_TOKEN rendered from the template', async (_case, method, path) => {
      const notFound = conveyorError('MISSING_AUTHENTICATION_TOKEN');
      const { url } = await startGateway();

      const response = await send(url(path), { method, headers: jsonHeaders(), body: method === 'GET' ? undefined : body() });

      expect(response.status).toBe(notFound.statusCode);
      expect(response.headers['content-type']).toBe('application/json');
      const parsed = response.json();
      expect(parsed).toEqual({ error: { code: notFound.code, message: notFound.message, requestId: expect.any(String) } });
      expect(parsed.error.requestId).toBe(response.headers['x-amzn-requestid']);
    });

    it('answers AWS default 403 {"message":"Missing Authentication Token"} when the API does not customise it', async () => {
      const { url } = await startGateway({ api: restApiSpec({ gatewayResponses: [] }) });

      const response = await send(url('/prod/nope'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: 'Missing Authentication Token' });
      expect(response.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    });

    it('matches ANY and fills pathParameters from {param} and {proxy+}', async () => {
      const invoker = recordingInvoker(() => okResult({ statusCode: 200 }));
      const api = restApiSpec({
        routes: [apiRoute({ httpMethod: 'ANY', resourcePath: '/items/{id}/{proxy+}' })],
      });
      const { url } = await startGateway({ api, invokerFor: () => invoker });

      const response = await send(url('/prod/items/a%20b/x/y'), { method: 'DELETE' });

      expect(response.status).toBe(200);
      expect(invoker.events[0]).toMatchObject({ resource: '/items/{id}/{proxy+}', pathParameters: { id: 'a b', proxy: 'x/y' } });
    });
  });

  describe('order of checks', () => {
    it('answers 413 for a body of 10 MB + 1 byte, before checking the key', async () => {
      const invoker = recordingInvoker();
      const { url } = await startGateway({ invokerFor: () => invoker });

      const response = await send(url('/prod/messages'), {
        headers: [['Content-Type', 'application/json']],
        body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 0x20),
      });

      expect(response.status).toBe(413);
      expect(response.json().error).toMatchObject({ code: conveyorError('REQUEST_TOO_LARGE').code, message: 'Request Too Long' });
      expect(invoker.events).toHaveLength(0);
    });

    it('accepts a body of exactly 10 MB', async () => {
      const api = restApiSpec({ routes: [apiRoute()] });
      const invoker = recordingInvoker();
      const { url } = await startGateway({ api, invokerFor: () => invoker });

      const response = await send(url('/prod/messages'), { body: Buffer.alloc(MAX_REQUEST_BODY_BYTES, 0x20) });

      expect(response.status).toBe(202);
      expect((invoker.events[0] as { body: string }).body).toHaveLength(MAX_REQUEST_BODY_BYTES);
    });

    it('answers 413 for an oversized chunked body', async () => {
      const { url } = await startGateway();

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 10), chunked: true });

      expect(response.status).toBe(413);
    });

    it('answers the unknown-route response rather than 413 for an oversized body to an unknown path', async () => {
      const { url } = await startGateway();

      const response = await send(url('/prod/nope'), { body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1) });

      expect(response.status).toBe(conveyorError('MISSING_AUTHENTICATION_TOKEN').statusCode);
    });

    it.each([
      ['no key', []],
      ['an unknown key', [['x-api-key', 'not-a-key']]],
    ] as const)('answers 403 for %s even when the body is invalid too', async (_case, keyHeader) => {
      const invoker = recordingInvoker();
      const { url } = await startGateway({ invokerFor: () => invoker });

      const response = await send(url('/prod/messages'), { headers: [['Content-Type', 'application/json'], ...keyHeader], body: '{"type":' });

      expect(response.status).toBe(403);
      expect(response.json().error).toMatchObject({ code: conveyorError('INVALID_API_KEY').code, message: 'Forbidden' });
      expect(invoker.events).toHaveLength(0);
    });

    it('reads the key header case-insensitively', async () => {
      const { url } = await startGateway();

      const response = await send(url('/prod/messages'), {
        headers: [['Content-Type', 'application/json'], ['X-API-Key', API_KEY_VALUE]],
        body: body(),
      });

      expect(response.status).toBe(202);
    });

    it('refuses the key when disabled, and when in no usage plan', async () => {
      const disabled = restApiSpec({ apiKeys: [{ ...conveyorApiKey(), enabled: false }] });
      const unplanned = restApiSpec({ usagePlans: [] });
      const first = await startGateway({ api: disabled });
      const second = await startGateway({ api: unplanned });

      const responses = await Promise.all([first, second].map(({ url }) => send(url('/prod/messages'), { headers: jsonHeaders(), body: body() })));

      expect(responses.map((response) => response.status)).toEqual([403, 403]);
    });

    it("validates the body against the template's model after the key: 400 with the contract's message", async () => {
      const invoker = recordingInvoker();
      const { url } = await startGateway({ invokerFor: () => invoker });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body([messageBody()]) });

      expect(response.status).toBe(400);
      expect(response.json().error).toMatchObject({ code: conveyorError('BAD_REQUEST_BODY').code, message: NOT_A_JSON_OBJECT_MESSAGE });
      expect(invoker.events).toHaveLength(0);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const { url } = await startGateway();

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: '{"type": nope' });

      expect(response.status).toBe(400);
      expect(response.json().error.code).toBe(conveyorError('BAD_REQUEST_BODY').code);
    });

    it('answers BAD_REQUEST_PARAMETERS for a missing required header', async () => {
      // Test input: the synthesized POST /messages with its optional header made required.
      const route = { ...conveyorRoute(ROUTES.sendMessage), requestParameters: { [`method.request.header.${IDEMPOTENCY_KEY_HEADER}`]: true } };
      const { url } = await startGateway({ api: restApiSpec({ routes: [route] }) });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(400);
      expect(response.json().error).toMatchObject({
        code: conveyorError('BAD_REQUEST_PARAMETERS').code,
        message: `Missing required request parameters: [${IDEMPOTENCY_KEY_HEADER}]`,
      });
    });
  });

  describe('throttling', () => {
    it("admits the synthesized plan's burst for the synthesized key and throttles the request after it", async () => {
      const throttle = conveyorUsagePlan().throttle;
      if (throttle === undefined) throw new Error('the synthesized usage plan sets no throttle');
      const { burstLimit } = throttle;
      const { url } = await startGateway({ now: () => 1_000_000 });
      const statuses: number[] = [];

      for (let sent = 0; sent <= burstLimit; sent += 1) statuses.push((await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() })).status);

      expect(statuses.slice(0, burstLimit).every((status) => status === 202)).toBe(true);
      expect(statuses.slice(burstLimit)).toEqual([429]);
    });

    it('answers 429 past the burst and admits again once the bucket refilled', async () => {
      let clock = 1_000_000;
      const api = restApiSpec({ usagePlans: [usagePlan({ throttle: TWO_REQUEST_BURST })] });
      const { url } = await startGateway({ api, now: () => clock });
      const post = () => send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      const burst = [(await post()).status, (await post()).status];
      const throttled = await post();
      clock += 1_000;
      const recovered = (await post()).status;
      const again = (await post()).status;

      expect(burst).toEqual([202, 202]);
      expect(throttled.status).toBe(429);
      expect(throttled.json().error).toMatchObject({ code: conveyorError('THROTTLED').code, message: 'Too Many Requests' });
      expect([recovered, again]).toEqual([202, 429]);
    });

    it('applies the stage throttle to a method that needs no key', async () => {
      const clock = 5_000;
      const api = restApiSpec({ routes: [apiRoute()], stageThrottle: ONE_REQUEST_STAGE_THROTTLE });
      const { url } = await startGateway({ api, now: () => clock });

      const statuses = [(await send(url('/prod/messages'), { body: body() })).status, (await send(url('/prod/messages'), { body: body() })).status];

      expect(statuses).toEqual([202, 429]);
    });

    it('answers QUOTA_EXCEEDED once the plan quota is used up for the period', async () => {
      const api = restApiSpec({ usagePlans: [usagePlan({ quota: ONE_REQUEST_DAILY_QUOTA })] });
      const { url } = await startGateway({ api, now: () => Date.UTC(2026, 10, 27, 12) });

      const first = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });
      const second = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(first.status).toBe(202);
      expect(second.status).toBe(429);
      expect(second.json().error).toMatchObject({ code: conveyorError('QUOTA_EXCEEDED').code, message: 'Limit Exceeded' });
    });
  });

  it('renders a type the API does not customise from DEFAULT_4XX', async () => {
    const api = restApiSpec({ gatewayResponses: [conveyorGatewayResponse('DEFAULT_4XX')] });
    const { url } = await startGateway({ api });

    const response = await send(url('/prod/messages'), { body: body() });

    expect(response.status).toBe(403);
    expect(response.json().error).toMatchObject({ code: conveyorError('DEFAULT_4XX').code, message: 'Forbidden' });
  });
});
