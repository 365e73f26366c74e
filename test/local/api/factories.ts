import { randomUUID } from 'node:crypto';
import { ROUTES } from '../../../contract/index.js';
import type { InvocationResult, Invoke } from '../../../local/lambda/invocation.js';
import type { ApiRouteSpec, GatewayResponseSpec, RestApiSpec, UsagePlanSpec } from '../../../local/template/specs.js';
import { conveyorApi, conveyorRoute, conveyorUsagePlan } from './conveyor-api.js';
import { STRICT_BATCH_SCHEMA, STRICT_MESSAGE_SCHEMA } from './fixtures/strict-schemas.js';

/** Conveyor's REST API from the synthesized template ({@link conveyorApi}), with `overrides`. */
export const restApiSpec = (overrides: Partial<RestApiSpec> = {}): RestApiSpec => ({ ...conveyorApi(), ...overrides });

/** The synthesized usage plan, with `overrides` (a test's own throttle or quota). */
export const usagePlan = (overrides: Partial<UsagePlanSpec> = {}): UsagePlanSpec => ({ ...conveyorUsagePlan(), ...overrides });

/**
 * A route of a made-up API (test input): a plain `POST /messages` without key, validator or models,
 * integrated with a function of no template.
 */
export function apiRoute(overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec {
  return {
    methodLogicalId: `Method${randomUUID().slice(0, 8)}`,
    httpMethod: 'POST',
    resourcePath: '/messages',
    apiKeyRequired: false,
    authorizationType: 'NONE',
    functionLogicalId: 'TestFunction',
    requestModels: {},
    validateRequestBody: false,
    validateRequestParameters: false,
    requestParameters: {},
    ...overrides,
  };
}

/**
 * The synthesized `POST /messages` with the strict test schema as its model instead of Conveyor's
 * (test input: the template's model only asks for a JSON object, which leaves the validator little to refuse).
 */
export const strictMessagesRoute = (overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec => ({
  ...conveyorRoute(ROUTES.sendMessage),
  requestModels: { 'application/json': STRICT_MESSAGE_SCHEMA },
  ...overrides,
});

/** The synthesized `POST /messages/batch` with the strict test batch schema as its model (test input, as {@link strictMessagesRoute}). */
export const strictBatchRoute = (overrides: Partial<ApiRouteSpec> = {}): ApiRouteSpec => ({
  ...conveyorRoute(ROUTES.sendBatch),
  requestModels: { 'application/json': STRICT_BATCH_SCHEMA },
  ...overrides,
});

/** Test input: a gateway response in Conveyor's `{"error":{"code":…}}` shape, rendering API Gateway's own message. */
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
