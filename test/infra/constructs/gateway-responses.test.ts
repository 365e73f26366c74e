import { beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS, gatewayErrorTemplate } from '../../../infra/constructs/gateway-responses.js';
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
      ResponseTemplates: { 'application/json': gatewayErrorTemplate(code) },
    });
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

    it('does not embed the unescaped validation error string', () => {
      for (const { code } of GATEWAY_ERRORS) expect(gatewayErrorTemplate(code)).not.toContain('validationErrorString');
    });

    it('does not quote messageString again', () => {
      expect(gatewayErrorTemplate('X')).toContain('"message":$context.error.messageString,');
    });
  });
});
