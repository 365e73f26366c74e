import { beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS, gatewayErrorTemplate, unknownRouteMessage } from '../../../infra/constructs/gateway-responses.js';
import { synthConveyor, type SynthesizedConveyor } from '../factories.js';

/** Renders a template the way API Gateway would for a given error message. */
function render(template: string, message: string): string {
  return template.replace('$context.error.messageString', JSON.stringify(message)).replace('$context.requestId', 'c0ffee00-0000-4000-8000-000000000000');
}

describe('gateway responses', () => {
  let defaults: SynthesizedConveyor;
  const responses = () => Object.values(defaults.template.findResources('AWS::ApiGateway::GatewayResponse')).map((r) => r.Properties);

  beforeAll(() => {
    defaults = synthConveyor();
  });

  it.each([
    ['BAD_REQUEST_BODY', '400', 'VALIDATION_FAILED'],
    ['BAD_REQUEST_PARAMETERS', '400', 'INVALID_PARAMETERS'],
    ['INVALID_API_KEY', '403', 'FORBIDDEN'],
    ['ACCESS_DENIED', '403', 'FORBIDDEN'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'NOT_FOUND'],
    ['THROTTLED', '429', 'THROTTLED'],
    ['QUOTA_EXCEEDED', '429', 'QUOTA_EXCEEDED'],
    ['REQUEST_TOO_LARGE', '413', 'PAYLOAD_TOO_LARGE'],
    ['UNSUPPORTED_MEDIA_TYPE', '415', 'UNSUPPORTED_MEDIA_TYPE'],
    ['DEFAULT_4XX', undefined, 'CLIENT_ERROR'],
    ['DEFAULT_5XX', undefined, 'INTERNAL_ERROR'],
  ])('maps %s to %s %s with a JSON body', (type, status, code) => {
    const response = responses().find((r) => r.ResponseType === type);

    expect(response).toEqual({
      RestApiId: expect.anything(),
      ResponseType: type,
      ...(status === undefined ? {} : { StatusCode: status }),
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/json'" },
      ResponseTemplates: { 'application/json': expect.stringContaining(`"code":"${code}"`) },
    });
    expect(JSON.parse(render(response.ResponseTemplates['application/json'], 'message from API Gateway')).error.code).toBe(code);
  });

  it('says a body that fails the model is not a JSON object, the only rule the model checks', () => {
    const template = responses().find((r) => r.ResponseType === 'BAD_REQUEST_BODY').ResponseTemplates['application/json'];

    expect(JSON.parse(render(template, 'Invalid request body')).error.message).toMatch(/^body must be a JSON object/);
  });

  it('says an unknown route is unknown and lists the routes with their stage, not "Missing Authentication Token"', () => {
    const template = responses().find((r) => r.ResponseType === 'MISSING_AUTHENTICATION_TOKEN').ResponseTemplates['application/json'];
    const { message } = JSON.parse(render(template, 'Missing Authentication Token')).error;

    expect(message).toMatch(/^no such route/);
    expect(message).toContain('POST /prod/messages, POST /prod/messages/batch and GET /prod/messages/{id}');
  });

  it('covers exactly the mapped types', () => {
    expect(responses()).toHaveLength(GATEWAY_ERRORS.length);
  });

  describe('gatewayErrorTemplate', () => {
    it('renders valid JSON with code, message and requestId', () => {
      const body = JSON.parse(render(gatewayErrorTemplate('VALIDATION_FAILED'), 'Invalid request body'));

      expect(body).toEqual({
        error: { code: 'VALIDATION_FAILED', message: 'Invalid request body', requestId: 'c0ffee00-0000-4000-8000-000000000000' },
      });
    });

    it('writes a fixed message as an escaped JSON string', () => {
      const body = JSON.parse(render(gatewayErrorTemplate('X', 'a "quoted" \\ message'), 'ignored'));

      expect(body.error.message).toBe('a "quoted" \\ message');
    });

    it('does not embed the unescaped validation error string', () => {
      for (const { code, message } of GATEWAY_ERRORS) expect(gatewayErrorTemplate(code, message)).not.toContain('validationErrorString');
    });

    it('does not quote messageString again', () => {
      expect(gatewayErrorTemplate('X')).toContain('"message":$context.error.messageString,');
    });
  });

  describe('unknownRouteMessage', () => {
    it('lists one route, or several joined with "and"', () => {
      expect(unknownRouteMessage(['POST /a'], 'dev')).toContain('serves POST /dev/a (');
      expect(unknownRouteMessage(['POST /a', 'GET /b', 'PUT /c'], 'dev')).toContain('serves POST /dev/a, GET /dev/b and PUT /dev/c (');
    });
  });
});
