import { randomBytes } from 'node:crypto';
import type { RequestContextVariables } from './gateway-responses.js';
import type { GatewayRequest, MultiValueMap } from './http-request.js';

/** A REST API (v1) Lambda proxy event, as API Gateway builds it for an `AWS_PROXY` integration. */
export interface ProxyEvent {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Record<string, string> | null;
  readonly multiValueHeaders: Record<string, string[]> | null;
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
  readonly pathParameters: Record<string, string> | null;
  readonly stageVariables: null;
  readonly requestContext: ProxyRequestContext;
  readonly body: string | null;
  readonly isBase64Encoded: false;
}

/** `event.requestContext` of a v1 proxy event (no authorizer: the emulation runs none). */
export interface ProxyRequestContext {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly extendedRequestId: string;
  readonly requestTime: string;
  readonly path: string;
  readonly accountId: string;
  readonly protocol: string;
  readonly stage: string;
  readonly domainPrefix: string;
  readonly requestTimeEpoch: number;
  readonly requestId: string;
  readonly identity: ProxyIdentity;
  readonly domainName: string;
  readonly apiId: string;
}

/** `event.requestContext.identity`: the caller's address and API key; IAM and Cognito fields are `null`. */
export interface ProxyIdentity {
  readonly cognitoIdentityPoolId: null;
  readonly accountId: null;
  readonly cognitoIdentityId: null;
  readonly caller: null;
  readonly sourceIp: string;
  readonly principalOrgId: null;
  readonly accessKey: null;
  readonly cognitoAuthenticationType: null;
  readonly cognitoAuthenticationProvider: null;
  readonly userArn: null;
  readonly userAgent: string | null;
  readonly user: null;
  readonly apiKey: string | null;
  readonly apiKeyId: string | null;
  readonly clientCert: null;
}

/**
 * Builds the proxy event for a routed request. Headers keep the client's casing; API Gateway's own
 * `X-Forwarded-For` (client address appended), `X-Forwarded-Port`, `X-Forwarded-Proto` and
 * `X-Amzn-Trace-Id` (when the client sent none) are added. The body is decoded as UTF-8 (invalid
 * sequences become U+FFFD), `null` when empty.
 */
export function buildProxyEvent(input: {
  readonly request: GatewayRequest;
  readonly context: RequestContextVariables;
  readonly pathParameters: Record<string, string> | null;
  readonly body: Buffer;
  /** The `X-Amzn-Trace-Id` to add when the client sent none. */
  readonly traceHeader: string;
}): ProxyEvent {
  const { request, context } = input;
  const headers = withGatewayHeaders(request, input.traceHeader);
  return {
    resource: context.resourcePath,
    path: request.target.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: request.queryParameters.single,
    multiValueQueryStringParameters: request.queryParameters.multi,
    pathParameters: input.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: context.resourceId,
      resourcePath: context.resourcePath,
      httpMethod: context.httpMethod,
      extendedRequestId: context.extendedRequestId,
      requestTime: context.requestTime,
      path: context.path,
      accountId: context.accountId,
      protocol: context.protocol,
      stage: context.stage,
      domainPrefix: context.domainPrefix,
      requestTimeEpoch: context.requestTimeEpoch,
      requestId: context.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: context.identity.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: context.identity.userAgent,
        user: null,
        apiKey: context.identity.apiKey,
        apiKeyId: context.identity.apiKeyId,
        clientCert: null,
      },
      domainName: context.domainName,
      apiId: context.apiId,
    },
    body: input.body.length === 0 ? null : input.body.toString('utf8'),
    isBase64Encoded: false,
  };
}

/** `27/Nov/2026:23:42:20 +0000`: `$context.requestTime`. */
export function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** An X-Ray style trace header value: `Root=1-<epoch seconds, hex>-<96 random bits, hex>`. */
export function traceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

function withGatewayHeaders(request: GatewayRequest, traceHeader: string): MultiValueMap {
  const multi = new Map(Object.entries(request.headers.multi ?? {}).map(([name, values]) => [name, [...values]]));
  const take = (name: string): string[] | undefined => {
    for (const key of multi.keys()) {
      if (key.toLowerCase() === name.toLowerCase()) {
        const values = multi.get(key);
        multi.delete(key);
        return values;
      }
    }
    return undefined;
  };
  const forwardedFor = take('X-Forwarded-For');
  multi.set('X-Forwarded-For', [[...(forwardedFor ?? []), request.sourceIp].join(', ')]);
  take('X-Forwarded-Port');
  multi.set('X-Forwarded-Port', [String(request.localPort)]);
  take('X-Forwarded-Proto');
  multi.set('X-Forwarded-Proto', ['http']);
  const trace = take('X-Amzn-Trace-Id');
  multi.set('X-Amzn-Trace-Id', trace ?? [traceHeader]);
  return {
    single: Object.fromEntries([...multi].map(([name, values]) => [name, values[values.length - 1] as string])),
    multi: Object.fromEntries(multi),
  };
}
