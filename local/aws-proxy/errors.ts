/** The AWS proxy's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { AwsProxyError, AwsProxyListenError, AwsProxyOptionsError, AwsProxyRequestError } from '../errors.js';
