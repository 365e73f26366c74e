import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { InvocationResult } from '../lambda/invocation.js';
import { API_KEY_HEADER, createApiKeyResolver, type ResolvedApiKey } from './api-keys.js';
import type { BodyReadResult } from './body-reader.js';
import { createGatewayResponder, type GatewayFailure, type HttpReply, type RequestContextVariables } from './gateway-responses.js';
import type { GatewayRequest } from './http-request.js';
import { mapIntegrationResult } from './integration-response.js';
import type { ResolvedGatewayOptions } from './options.js';
import { buildProxyEvent, formatRequestTime, traceId } from './proxy-event.js';
import { createQuotaTracker } from './quota.js';
import { createRequestValidator } from './request-validation.js';
import { createRouter } from './routing.js';
import { createThrottler } from './throttling.js';

/** What the pipeline decided for one API request: the response, and what the access log needs. */
export interface PipelineResult {
  readonly reply: HttpReply;
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  readonly resourcePath?: string;
  readonly apiKeyId?: string;
  /** `$context.error.message` of a gateway response. */
  readonly errorMessage?: string;
  /** Why, for local debugging: the integration's failure, a model that did not compile, a template that failed. */
  readonly errorDetail?: string;
  /** Milliseconds spent in the integration, when it was called. */
  readonly integrationLatency?: number;
}

/** Runs one request (whose body was read, or found too large) through API Gateway's steps. */
export type RequestPipeline = (
  request: GatewayRequest,
  body: Exclude<BodyReadResult, { kind: 'aborted' }>,
) => Promise<PipelineResult>;

/**
 * Builds the request pipeline for one API, in API Gateway's order: route (stage, resource, method) →
 * payload size → API key → throttle → quota → request validation → Lambda proxy integration. The first
 * step that refuses answers with its gateway response. Throws `InvalidApiSpecError` for a bad spec.
 */
export function createRequestPipeline(options: ResolvedGatewayOptions): RequestPipeline {
  const { api, now } = options;
  const router = createRouter(api.routes);
  const respond = createGatewayResponder(api.gatewayResponses);
  const keys = createApiKeyResolver(api);
  const throttler = createThrottler(api.stageThrottle, now);
  const quotas = createQuotaTracker(now);
  const validator = createRequestValidator();

  return async (request, body) => {
    const requestTimeEpoch = now();
    const requestId = randomUUID();
    // `$context.extendedRequestId`: 16 characters of base64, like `KOXrXGEtIAMEYPw=`.
    const extendedRequestId = randomBytes(11).toString('base64');
    const trace = request.headerValues.get('x-amzn-trace-id') ?? traceId(requestTimeEpoch);
    const match = request.target.stage === api.stageName ? router.match(request.method, request.target.segments) : { kind: 'no-resource' as const };
    const resourcePath = match.kind === 'matched' ? match.route.resourcePath : undefined;
    let key: ResolvedApiKey | undefined;
    const context = (): RequestContextVariables =>
      contextVariables(options, request, { requestId, extendedRequestId, requestTimeEpoch, resourcePath: resourcePath ?? '', key });
    const finish = (reply: HttpReply, extra: Omit<PipelineResult, 'reply' | 'requestId' | 'requestTimeEpoch'>): PipelineResult => ({
      reply: withGatewayHeaders(reply, requestId, extendedRequestId, trace),
      requestId,
      requestTimeEpoch,
      ...(resourcePath !== undefined ? { resourcePath } : {}),
      ...(key ? { apiKeyId: key.key.id } : {}),
      ...extra,
    });
    const fail = (failure: GatewayFailure, detail?: string): PipelineResult => {
      const rendered = respond(failure, context());
      const errorDetail = detail ?? rendered.templateError?.message;
      return finish(rendered.reply, { errorMessage: rendered.message, ...(errorDetail ? { errorDetail } : {}) });
    };

    if (match.kind !== 'matched') return fail({ type: 'MISSING_AUTHENTICATION_TOKEN' });
    if (body.kind === 'too-large') return fail({ type: 'REQUEST_TOO_LARGE' });
    const { route } = match;
    if (route.apiKeyRequired) {
      key = keys.resolve(request.headerValues.get(API_KEY_HEADER));
      if (!key) return fail({ type: 'INVALID_API_KEY' });
    }
    const planKey = key ? `${key.plan.logicalId}/${key.key.id}` : undefined;
    const admitted = throttler.admit({
      methodKey: route.methodLogicalId,
      ...(planKey !== undefined ? { planKey } : {}),
      ...(key?.plan.throttle ? { planThrottle: key.plan.throttle } : {}),
    });
    if (!admitted) return fail({ type: 'THROTTLED' });
    if (planKey !== undefined && key?.plan.quota && !quotas.consume(planKey, key.plan.quota)) return fail({ type: 'QUOTA_EXCEEDED' });
    const invalid = validator.validate(route, {
      headerValues: request.headerValues,
      queryParameters: request.queryParameters.single,
      pathParameters: match.pathParameters,
      body: body.body,
    });
    if (invalid) return fail(invalid, invalid.cause?.message);

    const event = buildProxyEvent({ request, context: context(), pathParameters: match.pathParameters, body: body.body, traceHeader: trace });
    const started = performance.now();
    const result = await invokeSafely(options, route.functionLogicalId, event);
    const integrationLatency = Math.round(performance.now() - started);
    const outcome = mapIntegrationResult(result);
    if (outcome.kind === 'response') return finish(outcome.reply, { integrationLatency });
    const failed = fail({ type: 'DEFAULT_5XX', message: 'Internal server error', statusCode: 502 }, outcome.detail);
    return { ...failed, integrationLatency };
  };
}

async function invokeSafely(options: ResolvedGatewayOptions, functionLogicalId: string, event: unknown): Promise<InvocationResult> {
  try {
    return await options.invokerFor(functionLogicalId)(event);
  } catch (error) {
    // Invokers never reject by contract; a bug in one must still not take the gateway down.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'error', requestId: '', durationMs: 0, error: { errorType: 'InvokerError', errorMessage: message } };
  }
}

function contextVariables(
  options: ResolvedGatewayOptions,
  request: GatewayRequest,
  state: { requestId: string; extendedRequestId: string; requestTimeEpoch: number; resourcePath: string; key: ResolvedApiKey | undefined },
): RequestContextVariables {
  const { api, region, accountId } = options;
  const host = request.headerValues.get('host');
  const domainName = host && host !== '' ? host : `${api.id}.execute-api.${region}.amazonaws.com`;
  return {
    requestId: state.requestId,
    extendedRequestId: state.extendedRequestId,
    apiId: api.id,
    accountId,
    stage: api.stageName,
    resourcePath: state.resourcePath,
    resourceId: resourceId(api.id, state.resourcePath),
    httpMethod: request.method,
    path: request.target.fullPath,
    domainName,
    domainPrefix: (domainName.replace(/:\d+$/, '').split('.')[0] as string) || api.id,
    protocol: request.protocol,
    requestTime: formatRequestTime(state.requestTimeEpoch),
    requestTimeEpoch: state.requestTimeEpoch,
    identity: {
      sourceIp: request.sourceIp,
      userAgent: request.headerValues.get('user-agent') ?? null,
      apiKey: state.key?.key.value ?? null,
      apiKeyId: state.key?.key.id ?? null,
    },
  };
}

/** A stable 6-character id per resource, like API Gateway's resource ids. */
function resourceId(apiId: string, resourcePath: string): string {
  return createHash('sha256').update(`${apiId} ${resourcePath}`).digest('hex').slice(0, 6);
}

function withGatewayHeaders(reply: HttpReply, requestId: string, extendedId: string, trace: string): HttpReply {
  return {
    ...reply,
    headers: { ...reply.headers, 'x-amzn-RequestId': requestId, 'x-amz-apigw-id': extendedId, 'X-Amzn-Trace-Id': trace },
  };
}
