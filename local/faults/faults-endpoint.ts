/** The `/_conveyor/faults` endpoint: list, replace, add and remove fault rules over HTTP. */
import { InvalidFaultRuleError } from '../errors.js';
import type { FaultStore } from './fault-store.js';
import type { FaultRule } from './rules.js';

/** What the endpoint answers; the runtime's HTTP server serializes `body` as JSON. */
export interface FaultsResponse {
  readonly status: number;
  readonly body: FaultsListBody | FaultsErrorBody;
}

/** A successful answer: the rules in force after the request. */
export interface FaultsListBody {
  readonly rules: readonly FaultRule[];
}

/** An error answer. */
export interface FaultsErrorBody {
  readonly error: { readonly code: 'INVALID_FAULT_RULE' | 'METHOD_NOT_ALLOWED'; readonly message: string };
}

/** Path the runtime mounts {@link handleFaultsRequest} at. */
export const FAULTS_PATH = '/_conveyor/faults';

/**
 * Handles one request to the faults endpoint, modelled on LocalStack's `/_localstack/chaos/faults`:
 * - `GET`: 200 `{ rules }`.
 * - `POST`: replaces every rule with the body (one rule or an array); 200 `{ rules }`.
 * - `PATCH`: adds the body's rules after the existing ones; 200 `{ rules }`.
 * - `DELETE`: with a body, removes the rules deep-equal to it; with an empty body, removes all; 200 `{ rules }`.
 *
 * Invalid JSON or an invalid rule: 400 `{ error: { code: 'INVALID_FAULT_RULE', message } }` and nothing changes.
 * Any other method: 405 `{ error: { code: 'METHOD_NOT_ALLOWED', message } }`. Never throws.
 */
export function handleFaultsRequest(store: FaultStore, method: string, body: string | undefined): FaultsResponse {
  try {
    switch (method.toUpperCase()) {
      case 'GET':
        break;
      case 'POST':
        store.set(parseBody(body, true) as FaultRule[]);
        break;
      case 'PATCH':
        store.add(parseBody(body, true) as FaultRule[]);
        break;
      case 'DELETE': {
        const rules = parseBody(body, false);
        if (rules === undefined) store.clear();
        else store.remove(rules as FaultRule[]);
        break;
      }
      default:
        return {
          status: 405,
          body: { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed on ${FAULTS_PATH}; use GET, POST, PATCH or DELETE` } },
        };
    }
    return { status: 200, body: { rules: store.list() } };
  } catch (error) {
    if (error instanceof InvalidFaultRuleError) {
      return { status: 400, body: { error: { code: 'INVALID_FAULT_RULE', message: error.message } } };
    }
    throw error;
  }
}

/** Parses the JSON body; undefined when it is empty and `required` is false. */
function parseBody(body: string | undefined, required: boolean): unknown {
  if (body === undefined || body.trim() === '') {
    if (required) throw new InvalidFaultRuleError('the request body must be a fault rule or an array of fault rules');
    return undefined;
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new InvalidFaultRuleError(`the request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
