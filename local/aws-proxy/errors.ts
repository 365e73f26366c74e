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
