/** The API Gateway emulation's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { ApiGatewayError, GatewayResponseTemplateError, GatewayStateError, InvalidApiSpecError, InvalidGatewayOptionsError } from '../errors.js';
