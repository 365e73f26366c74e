import { render } from 'velocityjs';
import type { GatewayResponseSpec } from '../template/specs.js';
import { GatewayResponseTemplateError } from '../errors.js';
import { defaultTypeFor, RESPONSE_TYPE_DEFAULTS, type GatewayResponseType } from './response-types.js';

/** A failure the gateway answers itself, with a gateway response. */
export interface GatewayFailure {
  readonly type: GatewayResponseType;
  /** `$context.error.message`. @default the type's AWS default message */
  readonly message?: string;
  /** `$context.error.validationErrorString`. @default '' */
  readonly validationErrorString?: string;
  /** Forces the status code (a failed Lambda proxy integration answers 502 through `DEFAULT_5XX`). */
  readonly statusCode?: number;
}

/** The `$context` variables a gateway response template (and the integration) can see. */
export interface RequestContextVariables {
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly stage: string;
  /** The matched resource path (`/messages`), or `''` when no resource matched. */
  readonly resourcePath: string;
  readonly resourceId: string;
  readonly httpMethod: string;
  /** The request path including the stage, `/prod/messages`. */
  readonly path: string;
  readonly domainName: string;
  readonly domainPrefix: string;
  readonly protocol: string;
  /** `27/Nov/2026:23:42:20 +0000`. */
  readonly requestTime: string;
  /** Milliseconds since the epoch. */
  readonly requestTimeEpoch: number;
  readonly identity: {
    readonly sourceIp: string;
    readonly userAgent: string | null;
    readonly apiKey: string | null;
    readonly apiKeyId: string | null;
  };
}

/** An HTTP response ready to be written. */
export interface HttpReply {
  readonly statusCode: number;
  /** Header name → value(s), names as they should be sent. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

/** A rendered gateway response, with what the access log needs. */
export interface RenderedGatewayResponse {
  readonly reply: HttpReply;
  /** `$context.error.message`. */
  readonly message: string;
  /** Set when the API's template failed to render and AWS's default body was sent instead. */
  readonly templateError?: GatewayResponseTemplateError;
}

/** Renders gateway responses for one API. */
export type GatewayResponder = (failure: GatewayFailure, context: RequestContextVariables) => RenderedGatewayResponse;

/** AWS's body for a response type with no template. */
export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}';

const TEMPLATE_CONTENT_TYPE = 'application/json';
const HEADER_PREFIX = 'gatewayresponse.header.';

/**
 * Builds the responder for an API's `GatewayResponse`s. A type the API does not customise inherits the
 * `DEFAULT_4XX`/`DEFAULT_5XX` template and headers of its class, then AWS's default body
 * `{"message":$context.error.messageString}`. The status code is the failure's forced code, else the
 * type's own `statusCode`, else AWS's default for the type. Bodies are rendered with velocityjs from the
 * `application/json` template.
 */
export function createGatewayResponder(specs: readonly GatewayResponseSpec[]): GatewayResponder {
  const byType = new Map(specs.map((spec) => [spec.responseType, spec]));
  return (failure, context) => {
    const defaults = RESPONSE_TYPE_DEFAULTS[failure.type];
    const own = byType.get(failure.type);
    const inherited = failure.type.startsWith('DEFAULT_') ? undefined : byType.get(defaultTypeFor(failure.type));
    const message = failure.message ?? defaults.message;
    const template = templateOf(own) ?? templateOf(inherited) ?? DEFAULT_GATEWAY_RESPONSE_TEMPLATE;
    const variables = {
      context: {
        ...context,
        error: {
          message,
          messageString: JSON.stringify(message),
          responseType: failure.type,
          validationErrorString: failure.validationErrorString ?? '',
        },
      },
    };
    let body: string;
    let templateError: GatewayResponseTemplateError | undefined;
    try {
      body = render(template, variables);
    } catch (error) {
      templateError = new GatewayResponseTemplateError(failure.type, { cause: error });
      body = render(DEFAULT_GATEWAY_RESPONSE_TEMPLATE, variables);
    }
    const merged = new Map<string, [string, string]>();
    for (const [name, value] of [...headersOf(inherited), ...headersOf(own)]) merged.set(name.toLowerCase(), [name, value]);
    if (!merged.has('content-type')) merged.set('content-type', ['Content-Type', 'application/json']);
    merged.set('x-amzn-errortype', ['x-amzn-ErrorType', defaults.errorType]);
    const headers = Object.fromEntries(merged.values());
    const statusCode = failure.statusCode ?? own?.statusCode ?? defaults.statusCode;
    return { reply: { statusCode, headers, body: Buffer.from(body, 'utf8') }, message, ...(templateError ? { templateError } : {}) };
  };
}

function templateOf(spec: GatewayResponseSpec | undefined): string | undefined {
  if (!spec) return undefined;
  const key = Object.keys(spec.templates).find((contentType) => contentType.toLowerCase() === TEMPLATE_CONTENT_TYPE);
  return key === undefined ? undefined : spec.templates[key];
}

/** The spec's headers as `[name, value]`, a `gatewayresponse.header.` prefix removed if the spec kept it. */
function headersOf(spec: GatewayResponseSpec | undefined): [string, string][] {
  return Object.entries(spec?.headers ?? {}).map(([name, value]) => [name.startsWith(HEADER_PREFIX) ? name.slice(HEADER_PREFIX.length) : name, value]);
}
