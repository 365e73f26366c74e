import { describe, expect, it } from 'vitest';
import { createRequestValidator, type ValidationInput } from '../../../local/api/request-validation.js';
import { ROUTES } from '../../../contract/index.js';
import { conveyorRoute } from './conveyor-api.js';
import { apiRoute, messageBody, strictBatchRoute, strictMessagesRoute } from './factories.js';

const input = (overrides: { headers?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {}): ValidationInput => ({
  headerValues: new Map(Object.entries({ 'content-type': 'application/json', ...overrides.headers })),
  queryParameters: overrides.query ?? null,
  pathParameters: null,
  body: Buffer.from(typeof overrides.body === 'string' ? overrides.body : JSON.stringify(overrides.body ?? messageBody())),
});

describe('createRequestValidator', () => {
  describe('parameters', () => {
    it('lists every missing required header and query parameter', () => {
      const route = apiRoute({
        validateRequestParameters: true,
        requestParameters: {
          'method.request.header.X-Trace': true,
          'method.request.querystring.version': true,
          'method.request.header.Optional': false,
        },
      });

      const failure = createRequestValidator().validate(route, input());

      expect(failure).toEqual({ type: 'BAD_REQUEST_PARAMETERS', message: 'Missing required request parameters: [X-Trace, version]' });
    });

    it('accepts present parameters, headers case-insensitively, and ignores optional ones', () => {
      const route = apiRoute({
        validateRequestParameters: true,
        requestParameters: { 'method.request.header.X-Trace': true, 'method.request.querystring.version': true },
      });

      expect(createRequestValidator().validate(route, input({ headers: { 'x-trace': '' }, query: { version: '2' } }))).toBeUndefined();
      expect(createRequestValidator().validate(conveyorRoute(ROUTES.sendMessage), input())).toBeUndefined();
    });

    it('does not take Object.prototype members for query parameters', () => {
      const route = apiRoute({ validateRequestParameters: true, requestParameters: { 'method.request.querystring.constructor': true } });

      expect(createRequestValidator().validate(route, input({ query: {} }))?.type).toBe('BAD_REQUEST_PARAMETERS');
    });
  });

  describe('body', () => {
    it.each([ROUTES.sendMessage, ROUTES.sendBatch])("takes any JSON object and nothing else for the template's %s", (route) => {
      const validator = createRequestValidator();

      const accepted = [{}, messageBody(), { messages: [] }].map((body) => validator.validate(conveyorRoute(route), input({ body })));
      const refused = ['[]', '"x"', '1', 'null'].map((body) => validator.validate(conveyorRoute(route), input({ body }))?.type);

      expect(accepted).toEqual([undefined, undefined, undefined]);
      expect(refused).toEqual(['BAD_REQUEST_BODY', 'BAD_REQUEST_BODY', 'BAD_REQUEST_BODY', 'BAD_REQUEST_BODY']);
    });

    it('accepts valid bodies of both strict test schemas', () => {
      const validator = createRequestValidator();

      expect(validator.validate(strictMessagesRoute(), input())).toBeUndefined();
      expect(validator.validate(strictBatchRoute(), input({ body: { messages: [messageBody({ idempotencyKey: 'k-1' })] } }))).toBeUndefined();
    });

    it.each([
      ['a missing property', { payload: {} }, /object has missing required properties \(\["type"\]\)/],
      ['an extra property', { ...messageBody(), extra: 1 }, /not allowed by the schema: \["extra"\]/],
      ['a wrong type', messageBody({ payload: 'x' }), /instance type \(string\) does not match any allowed primitive type \(allowed: \["object"\]\)/],
      ['a pattern mismatch', messageBody({ type: '1x' }), /ECMA 262 regex "\^\[A-Za-z\].*" does not match input string "1x"/],
      ['a number above the maximum', messageBody({ delaySeconds: 901 }), /greater than the required maximum \(maximum: 900, found: 901\)/],
      ['an empty body', '', /object has missing required properties \(\["payload","type"\]\)/],
    ])('refuses %s with API Gateway style wording', (_case, body, wording) => {
      const failure = createRequestValidator().validate(strictMessagesRoute(), input({ body }));

      expect(failure).toMatchObject({ type: 'BAD_REQUEST_BODY', message: 'Invalid request body' });
      expect(failure?.validationErrorString).toMatch(/^\[.*\]$/);
      expect(failure?.validationErrorString).toMatch(wording);
    });

    it('words enum failures like API Gateway', () => {
      const route = apiRoute({ validateRequestBody: true, requestModels: { 'application/json': { type: 'string', enum: ['a', 'b'] } } });

      const failure = createRequestValidator().validate(route, input({ body: '"x"' }));

      expect(failure?.validationErrorString).toBe('[instance value ("x") not found in enum (possible values: ["a","b"])]');
    });

    it('reports array size limits of the batch model', () => {
      const failure = createRequestValidator().validate(strictBatchRoute(), input({ body: { messages: [] } }));

      expect(failure?.validationErrorString).toContain('array is too short: must have at least 1 elements but instance has 0 elements');
    });

    it('refuses a body that is not JSON', () => {
      const failure = createRequestValidator().validate(strictMessagesRoute(), input({ body: '{"type":' }));

      expect(failure).toMatchObject({ type: 'BAD_REQUEST_BODY', validationErrorString: expect.stringMatching(/^\[Invalid JSON: /) });
    });

    it('chooses the model by media type, then $default, and skips validation with no model', () => {
      const route = apiRoute({
        validateRequestBody: true,
        requestModels: { 'application/json': { type: 'object' }, $default: { type: 'string' } },
      });
      const validator = createRequestValidator();

      expect(validator.validate(route, input({ headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: '{}' }))).toBeUndefined();
      expect(validator.validate(route, input({ headers: { 'content-type': 'text/plain' }, body: '{}' }))?.type).toBe('BAD_REQUEST_BODY');
      expect(validator.validate(strictMessagesRoute(), input({ headers: { 'content-type': 'text/plain' }, body: 'not json' }))).toBeUndefined();
    });

    it('validates a request without Content-Type as application/json', () => {
      const failure = createRequestValidator().validate(strictMessagesRoute(), {
        ...input({ body: '{}' }),
        headerValues: new Map(),
      });

      expect(failure?.type).toBe('BAD_REQUEST_BODY');
    });

    it('does not validate the body when the validator does not ask for it', () => {
      expect(createRequestValidator().validate(strictMessagesRoute({ validateRequestBody: false }), input({ body: 'nope' }))).toBeUndefined();
    });

    it('answers API_CONFIGURATION_ERROR for a model that does not compile', () => {
      const route = apiRoute({ validateRequestBody: true, requestModels: { 'application/json': { type: 'no-such-type' } } });

      const failure = createRequestValidator().validate(route, input());

      expect(failure?.type).toBe('API_CONFIGURATION_ERROR');
      expect(failure?.cause?.name).toBe('InvalidApiSpecError');
    });
  });
});
