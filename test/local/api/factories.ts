import { randomUUID } from 'node:crypto';
import type { InvocationResult, Invoke } from '../../../local/lambda/invocation.js';
import type { ApiKeySpec, ApiRouteSpec, GatewayResponseSpec, RestApiSpec, UsagePlanSpec } from '../../../local/template/specs.js';
import { STRICT_BATCH_SCHEMA, STRICT_MESSAGE_SCHEMA } from './fixtures/strict-schemas.js';

/** The API key value the factories give the Conveyor key. */
export const API_KEY_VALUE = 'local-key-0123456789abcdefghij';
/** Its id. */
export const API_KEY_ID = 'key0000001';
/** The function behind both Conveyor routes. */
export const PRODUCER = 'ConveyorProducer00D8F490';

/** A route; defaults to a plain `POST /messages` without key, validator or models. */
export function apiRoute(overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec {
  return {
    methodLogicalId: `Method${randomUUID().slice(0, 8)}`,
    httpMethod: 'POST',
    resourcePath: '/messages',
    apiKeyRequired: false,
    authorizationType: 'NONE',
    functionLogicalId: PRODUCER,
    requestModels: {},
    validateRequestBody: false,
    validateRequestParameters: false,
    requestParameters: {},
    ...overrides,
  };
}

/**
 * `POST /messages` shaped like the synthesized route (key required, body and parameters validator,
 * optional `Idempotency-Key`), with the strict test schema as its model so that the gateway's body
 * validation has something to refuse.
 */
export const messagesRoute = (overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec =>
  apiRoute({
    methodLogicalId: 'ConveyorApimessagesPOSTC0E98090',
    resourcePath: '/messages',
    apiKeyRequired: true,
    requestModels: { 'application/json': STRICT_MESSAGE_SCHEMA },
    validateRequestBody: true,
    validateRequestParameters: true,
    requestParameters: { 'method.request.header.Idempotency-Key': false },
    ...overrides,
  });

/** `POST /messages/batch` shaped like the synthesized route, with the strict test batch schema as its model. */
export const batchRoute = (overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec =>
  apiRoute({
    methodLogicalId: 'ConveyorApimessagesbatchPOST68DC1BF3',
    resourcePath: '/messages/batch',
    apiKeyRequired: true,
    requestModels: { 'application/json': STRICT_BATCH_SCHEMA },
    validateRequestBody: true,
    validateRequestParameters: true,
    ...overrides,
  });

/** A gateway response with the template's `{"error":{"code":…}}` body and JSON content type. */
export function gatewayResponse(responseType: string, code: string, statusCode?: number): GatewayResponseSpec {
  return {
    responseType,
    ...(statusCode !== undefined ? { statusCode } : {}),
    headers: { 'Content-Type': 'application/json' },
    templates: {
      'application/json': `{"error":{"code":"${code}","message":$context.error.messageString,"requestId":"$context.requestId"}}`,
    },
  };
}

/**
 * Gateway responses in Conveyor's JSON error shape, each rendering API Gateway's own message: test
 * input for the emulator's rendering. (Conveyor's template also fixes two messages, the unknown
 * route's and the non-object body's; `test/infra/constructs/gateway-responses.test.ts` checks those.)
 */
export const JSON_ERROR_GATEWAY_RESPONSES: readonly GatewayResponseSpec[] = [
  gatewayResponse('BAD_REQUEST_BODY', 'VALIDATION_FAILED', 400),
  gatewayResponse('BAD_REQUEST_PARAMETERS', 'INVALID_PARAMETERS', 400),
  gatewayResponse('INVALID_API_KEY', 'FORBIDDEN', 403),
  gatewayResponse('ACCESS_DENIED', 'FORBIDDEN', 403),
  gatewayResponse('MISSING_AUTHENTICATION_TOKEN', 'NOT_FOUND', 404),
  gatewayResponse('THROTTLED', 'THROTTLED', 429),
  gatewayResponse('QUOTA_EXCEEDED', 'QUOTA_EXCEEDED', 429),
  gatewayResponse('REQUEST_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 413),
  gatewayResponse('UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', 415),
  gatewayResponse('DEFAULT_4XX', 'CLIENT_ERROR'),
  gatewayResponse('DEFAULT_5XX', 'INTERNAL_ERROR'),
];

/** The Conveyor API key. */
export const apiKey = (overrides: Partial<ApiKeySpec> = {}): ApiKeySpec => ({
  logicalId: 'ConveyorApiApiKeyC1A6A80E',
  id: API_KEY_ID,
  value: API_KEY_VALUE,
  enabled: true,
  ...overrides,
});

/** The Conveyor usage plan: 100 requests/s, burst 200, covering the key. */
export const usagePlan = (overrides: Partial<UsagePlanSpec> = {}): UsagePlanSpec => ({
  logicalId: 'ConveyorApiUsagePlanC4FB75B9',
  throttle: { rateLimit: 100, burstLimit: 200 },
  apiKeyIds: [API_KEY_ID],
  ...overrides,
});

/** The Conveyor REST API as the template holds it (stage `prod`). */
export function restApiSpec(overrides: Partial<RestApiSpec> = {}): RestApiSpec {
  return {
    logicalId: 'ConveyorApi631ACDC0',
    id: 'conveyorap',
    stageName: 'prod',
    routes: [messagesRoute(), batchRoute()],
    gatewayResponses: JSON_ERROR_GATEWAY_RESPONSES,
    apiKeys: [apiKey()],
    usagePlans: [usagePlan()],
    ...overrides,
  };
}

/** A successful invocation returning `payload`. */
export const okResult = (payload: unknown): InvocationResult => ({ ok: true, payload, requestId: randomUUID(), durationMs: 1 });

/** A failed invocation. */
export const failedResult = (reason: 'error' | 'timeout' | 'crash' | 'init' = 'error'): InvocationResult => ({
  ok: false,
  reason,
  requestId: randomUUID(),
  durationMs: 1,
  error: { errorType: 'Error', errorMessage: 'boom' },
});

/** A proxy response like the producer's 202. */
export const accepted = (body: unknown = { id: 'm-1' }) => ({
  statusCode: 202,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** An invoker that records events and answers each with `respond(event)` (default: a 202). */
export function recordingInvoker(respond: (event: unknown) => InvocationResult = () => okResult(accepted())): Invoke & {
  readonly events: unknown[];
} {
  const events: unknown[] = [];
  const invoke = async (event: unknown): Promise<InvocationResult> => {
    events.push(event);
    return respond(event);
  };
  return Object.assign(invoke, { events });
}

/** A valid `POST /messages` body. */
export const messageBody = (overrides: Record<string, unknown> = {}) => ({
  type: 'ledger.credit',
  payload: { account: 'acct-1', amount: 100 },
  ...overrides,
});
