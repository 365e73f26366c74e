/**
 * Conveyor's REST API as the tests of the local gateway take it from the synthesized template (the one
 * the global setup synthesizes, default props), and what its gateway responses answer.
 */
import { inject } from 'vitest';
import type { ApiKeySpec, ApiRouteSpec, GatewayResponseSpec, RestApiSpec, UsagePlanSpec } from '../../../local/template/specs.js';
import { conveyorRestApi, type ConveyorResourceSet } from '../../support/conveyor-template.js';

/** The value the tests give the Conveyor API key (the local runtime picks one; CloudFormation generates one on AWS). */
export const API_KEY_VALUE = 'local-key-0123456789abcdefghij';

/** The standard Conveyor template the global setup synthesized. */
function synthesized(): ConveyorResourceSet {
  const provided = inject('conveyorResources');
  if ('error' in provided) throw new Error(`the Conveyor template could not be synthesized, so there is no REST API to serve: ${provided.error}`);
  return provided.standard;
}

let synthesizedApi: RestApiSpec | undefined;

/**
 * Conveyor's REST API as the local runtime reads it from the synthesized template (default props):
 * its routes and model, gateway responses, key (valued {@link API_KEY_VALUE}) and usage plan.
 */
export function conveyorApi(): RestApiSpec {
  synthesizedApi ??= conveyorRestApi(synthesized(), API_KEY_VALUE);
  return synthesizedApi;
}

/** Logical id of the synthesized producer function, found through its construct. */
export const producerLogicalId = (): string => synthesized().ids.producer;

/** The synthesized route for `route`, `METHOD /path` as the contract's `ROUTES` name it. */
export function conveyorRoute(route: string): ApiRouteSpec {
  const [httpMethod, resourcePath] = route.split(' ');
  const found = conveyorApi().routes.find((candidate) => candidate.httpMethod === httpMethod && candidate.resourcePath === resourcePath);
  if (found === undefined) throw new Error(`the synthesized API has no route ${route}`);
  return found;
}

/** The synthesized API key (exactly one). */
export function conveyorApiKey(): ApiKeySpec {
  const [key, ...others] = conveyorApi().apiKeys;
  if (key === undefined || others.length > 0) throw new Error(`the synthesized API has ${conveyorApi().apiKeys.length} API keys, expected one`);
  return key;
}

/** The synthesized usage plan (exactly one). */
export function conveyorUsagePlan(): UsagePlanSpec {
  const [plan, ...others] = conveyorApi().usagePlans;
  if (plan === undefined || others.length > 0) throw new Error(`the synthesized API has ${conveyorApi().usagePlans.length} usage plans, expected one`);
  return plan;
}

/** The synthesized gateway response of `responseType`. */
export function conveyorGatewayResponse(responseType: string): GatewayResponseSpec {
  const response = conveyorApi().gatewayResponses.find((candidate) => candidate.responseType === responseType);
  if (response === undefined) throw new Error(`the synthesized API has no ${responseType} gateway response`);
  return response;
}

/** What a synthesized gateway response answers, read from its template. */
export interface ConveyorError {
  /** The template's status, when it sets one. */
  readonly statusCode?: number;
  /** `error.code`. */
  readonly code: string;
  /** `error.message` when the template fixes it; undefined when it renders API Gateway's own message. */
  readonly message?: string;
}

/** The status, `error.code` and fixed `error.message` (if any) of the synthesized gateway response of `responseType`. */
export function conveyorError(responseType: string): ConveyorError {
  const response = conveyorGatewayResponse(responseType);
  const template = response.templates['application/json'] ?? '';
  // `$context.error.messageString` is substituted as a quoted JSON string; null stands in for it here.
  const { error } = JSON.parse(template.replaceAll('$context.error.messageString', 'null')) as { error: { code: string; message: string | null } };
  return {
    ...(response.statusCode !== undefined ? { statusCode: response.statusCode } : {}),
    code: error.code,
    ...(error.message !== null ? { message: error.message } : {}),
  };
}
