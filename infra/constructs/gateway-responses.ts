import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { NOT_A_JSON_OBJECT_MESSAGE } from '../../contract/index.js';

/** One error the gateway itself produces, and how Conveyor renders it. */
export interface GatewayErrorMapping {
  /** The API Gateway response type. */
  readonly type: apigw.ResponseType;
  /** HTTP status; undefined keeps API Gateway's own status (DEFAULT_4XX / DEFAULT_5XX). */
  readonly statusCode?: string;
  /** Stable machine-readable `error.code`. */
  readonly code: string;
  /**
   * A fixed `error.message` where API Gateway's own (`$context.error.messageString`) would mislead.
   * @default API Gateway's message
   */
  readonly message?: string;
}

/** Gateway errors and their codes; every one answers `{"error":{"code","message","requestId"}}`. */
export const GATEWAY_ERRORS: readonly GatewayErrorMapping[] = [
  // The request model only asks for a JSON object (api-models.ts), so this is its one cause.
  { type: apigw.ResponseType.BAD_REQUEST_BODY, statusCode: '400', code: 'VALIDATION_FAILED', message: NOT_A_JSON_OBJECT_MESSAGE },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, statusCode: '400', code: 'INVALID_PARAMETERS' },
  { type: apigw.ResponseType.INVALID_API_KEY, statusCode: '403', code: 'FORBIDDEN' },
  { type: apigw.ResponseType.ACCESS_DENIED, statusCode: '403', code: 'FORBIDDEN' },
  // API Gateway answers MISSING_AUTHENTICATION_TOKEN for a path or method that does not exist
  // ("Missing Authentication Token", which points at the key); the message is set per API, with its routes.
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: '404', code: 'NOT_FOUND' },
  { type: apigw.ResponseType.THROTTLED, statusCode: '429', code: 'THROTTLED' },
  { type: apigw.ResponseType.QUOTA_EXCEEDED, statusCode: '429', code: 'QUOTA_EXCEEDED' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, statusCode: '413', code: 'PAYLOAD_TOO_LARGE' },
  { type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, statusCode: '415', code: 'UNSUPPORTED_MEDIA_TYPE' },
  { type: apigw.ResponseType.DEFAULT_4XX, code: 'CLIENT_ERROR' },
  { type: apigw.ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR' },
];

/**
 * The response body template of a gateway error. `$context.error.messageString` is already a quoted,
 * escaped string, so it is not quoted again; a fixed `message` is written as a JSON string.
 * `$context.error.validationErrorString` is left out: it is substituted unescaped and quotes the
 * client's input, so it would break the JSON (see api-models.ts).
 */
export function gatewayErrorTemplate(code: string, message?: string): string {
  const rendered = message === undefined ? '$context.error.messageString' : JSON.stringify(message);
  return `{"error":{"code":"${code}","message":${rendered},"requestId":"$context.requestId"}}`;
}

/**
 * The `error.message` of an unknown path or method, naming what the API serves: routes given as
 * `POST /messages` become `POST /prod/messages`.
 */
export function unknownRouteMessage(routes: readonly string[], stage: string): string {
  const served = routes.map((route) => route.replace(' /', ` /${stage}/`));
  const list = served.length > 1 ? `${served.slice(0, -1).join(', ')} and ${served.at(-1)}` : served.join('');
  return `no such route: this API serves ${list} (check the method, and that the path has no double slash)`;
}

/**
 * Adds one gateway response per `GATEWAY_ERRORS` entry to `api`. `routes` (`POST /messages`, …) and
 * `stage` name what an unknown route could have meant.
 */
export function addGatewayResponses(api: apigw.RestApi, routes: readonly string[], stage: string): void {
  for (const mapping of GATEWAY_ERRORS) {
    const message = mapping.type === apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN ? unknownRouteMessage(routes, stage) : mapping.message;
    api.addGatewayResponse(`${mapping.type.responseType}Response`, {
      type: mapping.type,
      ...(mapping.statusCode === undefined ? {} : { statusCode: mapping.statusCode }),
      responseHeaders: { 'Content-Type': "'application/json'" },
      templates: { 'application/json': gatewayErrorTemplate(mapping.code, message) },
    });
  }
}
