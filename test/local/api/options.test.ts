import { describe, expect, it } from 'vitest';
import { InvalidApiSpecError, InvalidGatewayOptionsError } from '../../../local/errors.js';
import type { RestApiGatewayOptions } from '../../../local/api/options.js';
import { createRestApiGateway } from '../../../local/api/rest-api-gateway.js';
import { apiRoute, recordingInvoker, restApiSpec } from './factories.js';

const options = (overrides: Record<string, unknown> = {}): RestApiGatewayOptions =>
  ({ api: restApiSpec(), invokerFor: () => recordingInvoker(), region: 'us-east-1', accountId: '000000000000', ...overrides }) as RestApiGatewayOptions;

describe('createRestApiGateway options', () => {
  it('accepts the documented options', () => {
    expect(() => createRestApiGateway(options({ admin: () => false, onRequest: () => undefined, now: () => 0 }))).not.toThrow();
  });

  it.each([
    ['an unknown key', { port: 3000 }, /Unknown option\(s\): port/],
    ['a missing api', { api: undefined }, /api must be/],
    ['a bad stage name', { api: restApiSpec({ stageName: 'a/b' }) }, /api\.stageName/],
    ['a missing invokerFor', { invokerFor: undefined }, /invokerFor/],
    ['an empty region', { region: '' }, /region/],
    ['an empty accountId', { accountId: '' }, /accountId/],
    ['a non-function now', { now: 5 }, /now must be a function/],
    ['a negative throttle', { api: restApiSpec({ stageThrottle: { rateLimit: -1, burstLimit: 1 } }) }, /throttle/],
  ])('rejects %s', (_case, overrides, message) => {
    expect(() => createRestApiGateway(options(overrides))).toThrow(InvalidGatewayOptionsError);
    expect(() => createRestApiGateway(options(overrides))).toThrow(message);
  });

  it('rejects a spec the router cannot serve', () => {
    expect(() => createRestApiGateway(options({ api: restApiSpec({ routes: [apiRoute({ resourcePath: 'x' })] }) }))).toThrow(InvalidApiSpecError);
  });
});
