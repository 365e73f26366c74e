import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import type { ApiRouteSpec } from '../template/specs.js';
import { InvalidApiSpecError } from '../errors.js';
import type { GatewayFailure } from './gateway-responses.js';
import { mediaTypeOf } from './http-request.js';
import { validationErrorString } from './validation-messages.js';

/** The parts of a request a method's validator checks. */
export interface ValidationInput {
  /** Lower-cased header name → value. */
  readonly headerValues: ReadonlyMap<string, string>;
  readonly queryParameters: Readonly<Record<string, string>> | null;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly body: Buffer;
}

/** Checks requests against their method's request validator. */
export interface RequestValidator {
  /**
   * `undefined` when the request passes; otherwise the failure to answer with: `BAD_REQUEST_PARAMETERS`,
   * `BAD_REQUEST_BODY`, or `API_CONFIGURATION_ERROR` when the method's model does not compile (with
   * `cause` an {@link InvalidApiSpecError}).
   */
  validate(route: ApiRouteSpec, input: ValidationInput): (GatewayFailure & { readonly cause?: InvalidApiSpecError }) | undefined;
}

/** The model key API Gateway falls back to when no model matches the request's content type. */
export const DEFAULT_MODEL_KEY = '$default';

/** The content type a request without a `Content-Type` header is validated as (API Gateway's assumption). */
export const ASSUMED_CONTENT_TYPE = 'application/json';

const PARAMETER = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/;

/**
 * Builds a validator. Required parameters (`method.request.header.X: true`, `…querystring.X: true`) must
 * be present (an empty value counts as present). The body model is chosen by the request's media type
 * (exact key, case-insensitive), else `$default`; with no model the body is not validated. An empty body
 * is validated as `{}`. Models are compiled with Ajv (draft 04, `format` not checked) on first use, once.
 */
export function createRequestValidator(): RequestValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false });
  const compiled = new Map<object, ValidateFunction | InvalidApiSpecError>();

  const compile = (route: ApiRouteSpec, schema: object): ValidateFunction | InvalidApiSpecError => {
    let found = compiled.get(schema);
    if (!found) {
      try {
        found = ajv.compile(schema);
      } catch (error) {
        found = new InvalidApiSpecError(`Route ${route.methodLogicalId}: the request model does not compile`, { cause: error });
      }
      compiled.set(schema, found);
    }
    return found;
  };

  return {
    validate(route, input) {
      if (route.validateRequestParameters) {
        const missing = missingParameters(route, input);
        if (missing.length > 0) {
          return { type: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${missing.join(', ')}]` };
        }
      }
      if (!route.validateRequestBody) return undefined;
      const schema = modelFor(route, mediaTypeOf(input.headerValues.get('content-type')) ?? ASSUMED_CONTENT_TYPE);
      if (!schema) return undefined;
      const validate = compile(route, schema);
      if (validate instanceof InvalidApiSpecError) return { type: 'API_CONFIGURATION_ERROR', cause: validate };
      const text = input.body.toString('utf8');
      let value: unknown;
      try {
        value = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        return invalidBody(`[Invalid JSON: ${(error as Error).message}]`);
      }
      try {
        if (validate(value)) return undefined;
      } catch (error) {
        // A pathological body (deep nesting against a recursive schema) is the client's problem, not ours.
        return invalidBody(`[instance could not be validated: ${(error as Error).message}]`);
      }
      return invalidBody(validationErrorString(validate.errors ?? []));
    },
  };
}

function invalidBody(validationErrorStringValue: string): GatewayFailure {
  return { type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: validationErrorStringValue };
}

function modelFor(route: ApiRouteSpec, mediaType: string): object | undefined {
  const keys = Object.keys(route.requestModels);
  const key = keys.find((candidate) => candidate.toLowerCase() === mediaType) ?? keys.find((candidate) => candidate === DEFAULT_MODEL_KEY);
  return key === undefined ? undefined : route.requestModels[key];
}

function missingParameters(route: ApiRouteSpec, input: ValidationInput): string[] {
  const missing: string[] = [];
  for (const [expression, required] of Object.entries(route.requestParameters)) {
    if (!required) continue;
    const match = PARAMETER.exec(expression);
    if (!match) continue;
    const [, location, name] = match as unknown as [string, string, string];
    const present =
      location === 'header' || location === 'multivalueheader'
        ? input.headerValues.has(name.toLowerCase())
        : location === 'path'
          ? Object.hasOwn(input.pathParameters ?? {}, name)
          : Object.hasOwn(input.queryParameters ?? {}, name);
    if (!present) missing.push(name);
  }
  return missing;
}
