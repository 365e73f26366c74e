import * as apigw from 'aws-cdk-lib/aws-apigateway';

/** One error the gateway itself produces, and how Conveyor renders it. */
export interface GatewayErrorMapping {
  /** The API Gateway response type. */
  readonly type: apigw.ResponseType;
  /** HTTP status; undefined keeps API Gateway's own status (DEFAULT_4XX / DEFAULT_5XX). */
  readonly statusCode?: string;
  /** Stable machine-readable `error.code`. */
  readonly code: string;
}

/** Gateway errors and their codes; every one answers `{"error":{"code","message","requestId"}}`. */
export const GATEWAY_ERRORS: readonly GatewayErrorMapping[] = [
  { type: apigw.ResponseType.BAD_REQUEST_BODY, statusCode: '400', code: 'VALIDATION_FAILED' },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, statusCode: '400', code: 'INVALID_PARAMETERS' },
  { type: apigw.ResponseType.INVALID_API_KEY, statusCode: '403', code: 'FORBIDDEN' },
  { type: apigw.ResponseType.ACCESS_DENIED, statusCode: '403', code: 'FORBIDDEN' },
  // API Gateway answers MISSING_AUTHENTICATION_TOKEN for routes that do not exist.
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: '404', code: 'NOT_FOUND' },
  { type: apigw.ResponseType.THROTTLED, statusCode: '429', code: 'THROTTLED' },
  { type: apigw.ResponseType.QUOTA_EXCEEDED, statusCode: '429', code: 'QUOTA_EXCEEDED' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, statusCode: '413', code: 'PAYLOAD_TOO_LARGE' },
  { type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, statusCode: '415', code: 'UNSUPPORTED_MEDIA_TYPE' },
  { type: apigw.ResponseType.DEFAULT_4XX, code: 'CLIENT_ERROR' },
  { type: apigw.ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR' },
];

/**
 * The response body template of a gateway error. `$context.error.messageString`
 * is already a quoted string, so it is not quoted again;
 * `$context.error.validationErrorString` is left out because its quotes are
 * not escaped and would break the JSON.
 */
export function gatewayErrorTemplate(code: string): string {
  return `{"error":{"code":"${code}","message":$context.error.messageString,"requestId":"$context.requestId"}}`;
}

/** Adds one gateway response per `GATEWAY_ERRORS` entry to `api`. */
export function addGatewayResponses(api: apigw.RestApi): void {
  for (const mapping of GATEWAY_ERRORS) {
    api.addGatewayResponse(`${mapping.type.responseType}Response`, {
      type: mapping.type,
      ...(mapping.statusCode === undefined ? {} : { statusCode: mapping.statusCode }),
      responseHeaders: { 'Content-Type': "'application/json'" },
      templates: { 'application/json': gatewayErrorTemplate(mapping.code) },
    });
  }
}
