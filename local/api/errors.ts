import { LocalRuntimeError } from '../errors.js';

/** Root of every error the local API Gateway emulation raises. */
export class ApiGatewayError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiGatewayError';
  }
}

/** `createRestApiGateway` was given options it cannot use (a missing value, a wrong type, an unknown key). */
export class InvalidGatewayOptionsError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidGatewayOptionsError';
  }
}

/**
 * The `RestApiSpec` describes something the gateway cannot serve: a malformed resource path, two
 * methods for the same resource and verb, a request model that does not compile.
 */
export class InvalidApiSpecError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidApiSpecError';
  }
}

/** A gateway-response template (VTL) failed to render; the built-in default body was sent instead. */
export class GatewayResponseTemplateError extends ApiGatewayError {
  /** The gateway response type whose template failed, e.g. `BAD_REQUEST_BODY`. */
  readonly responseType: string;

  constructor(responseType: string, options?: ErrorOptions) {
    super(`The ${responseType} gateway response template failed to render`, options);
    this.name = 'GatewayResponseTemplateError';
    this.responseType = responseType;
  }
}

/** `listen()` was called on a gateway that is already listening or was closed. */
export class GatewayStateError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GatewayStateError';
  }
}
