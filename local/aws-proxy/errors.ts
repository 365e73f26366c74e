import { LocalRuntimeError } from '../errors.js';

/** Root of the AWS proxy's errors. */
export class AwsProxyError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsProxyError';
  }
}

/** `createAwsProxy` was given invalid options; `message` names the option. */
export class AwsProxyOptionsError extends AwsProxyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsProxyOptionsError';
  }
}

/** The proxy's server could not start listening (port taken, …). */
export class AwsProxyListenError extends AwsProxyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsProxyListenError';
  }
}

/**
 * A DynamoDB request the proxy answers itself (a transaction) is invalid; it is answered as the AWS
 * error `code` (`ValidationException`, …) with this message and HTTP status.
 */
export class AwsProxyRequestError extends AwsProxyError {
  /** The AWS error code, e.g. `ValidationException`. */
  readonly code: string;
  /** HTTP status of the answer. @default 400 */
  readonly statusCode: number;

  constructor(code: string, message: string, options?: ErrorOptions & { readonly statusCode?: number }) {
    super(message, options);
    this.name = 'AwsProxyRequestError';
    this.code = code;
    this.statusCode = options?.statusCode ?? 400;
  }
}
