/** The local API Gateway (REST, v1 Lambda proxy) emulation. */
export type { AccessLogEntry } from './access-log.js';
export { MAX_REQUEST_BODY_BYTES } from './body-reader.js';
export {
  ApiGatewayError,
  GatewayResponseTemplateError,
  GatewayStateError,
  InvalidApiSpecError,
  InvalidGatewayOptionsError,
} from '../errors.js';
export type { RestApiGatewayOptions } from './options.js';
export type { ProxyEvent, ProxyIdentity, ProxyRequestContext } from './proxy-event.js';
export { RESPONSE_TYPE_DEFAULTS, type GatewayResponseType } from './response-types.js';
export { createRestApiGateway, type RestApiGateway } from './rest-api-gateway.js';
