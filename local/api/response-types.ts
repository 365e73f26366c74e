/**
 * API Gateway's gateway response types, with the status code, message and `x-amzn-ErrorType` each one
 * has when the API does not customise it (AWS's documented defaults).
 */

/** The gateway response types this emulation can produce or render. */
export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'API_CONFIGURATION_ERROR'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE';

/** What AWS answers for a response type nobody customised. */
export interface ResponseTypeDefaults {
  /** HTTP status code. */
  readonly statusCode: number;
  /** `$context.error.message`. */
  readonly message: string;
  /** The `x-amzn-ErrorType` header AWS adds. */
  readonly errorType: string;
}

/** AWS's defaults per response type. `DEFAULT_4XX`/`DEFAULT_5XX` only carry the fallback for their class. */
export const RESPONSE_TYPE_DEFAULTS: Readonly<Record<GatewayResponseType, ResponseTypeDefaults>> = {
  ACCESS_DENIED: { statusCode: 403, message: 'Forbidden', errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { statusCode: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  BAD_REQUEST_BODY: { statusCode: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, message: 'Missing required request parameters', errorType: 'BadRequestException' },
  DEFAULT_4XX: { statusCode: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  DEFAULT_5XX: { statusCode: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_FAILURE: { statusCode: 504, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { statusCode: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { statusCode: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  MISSING_AUTHENTICATION_TOKEN: {
    statusCode: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
  QUOTA_EXCEEDED: { statusCode: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { statusCode: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  RESOURCE_NOT_FOUND: { statusCode: 404, message: 'Not Found', errorType: 'NotFoundException' },
  THROTTLED: { statusCode: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { statusCode: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
};

/** The catch-all type a response type inherits from when the API does not customise it: by status class. */
export function defaultTypeFor(type: GatewayResponseType): 'DEFAULT_4XX' | 'DEFAULT_5XX' {
  return RESPONSE_TYPE_DEFAULTS[type].statusCode >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}
