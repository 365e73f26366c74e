import type { TemplateResource } from './cloud-assembly.js';
import { UnsupportedTemplateError } from '../errors.js';
import { resolveIntrinsics } from './intrinsics.js';
import type { PhysicalNames } from './physical-names.js';
import type { ApiKeySpec, ApiRouteSpec, GatewayResponseSpec, RestApiSpec, ThrottleSpec, UsagePlanSpec } from './specs.js';

type Resources = Record<string, TemplateResource>;

/** Reads each `AWS::ApiGateway::RestApi` with its resources, methods, models, responses, keys and plans. */
export function buildRestApis(resources: Resources, names: PhysicalNames, apiKeyValue: (logicalId: string) => string): RestApiSpec[] {
  const of = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const refersTo = (value: unknown, logicalId: string) => (value as { Ref?: string } | undefined)?.Ref === logicalId;
  const refId = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;

  return of('AWS::ApiGateway::RestApi').map(([apiId]) => {
    const belongs = ([, resource]: [string, TemplateResource]) => refersTo(resource.Properties?.RestApiId, apiId);
    const stages = of('AWS::ApiGateway::Stage').filter(belongs);
    const [stageEntry] = stages;
    if (stageEntry === undefined) throw new UnsupportedTemplateError(`REST API ${apiId} has no AWS::ApiGateway::Stage`);
    const [, stage] = stageEntry;

    const routes = of('AWS::ApiGateway::Method').filter(belongs).map(([methodId, method]) => route(methodId, method, resources));
    const gatewayResponses = of('AWS::ApiGateway::GatewayResponse').filter(belongs).map(([, response]) => gatewayResponse(response));
    const planKeys = usagePlanKeysFor(resources);
    const plans = of('AWS::ApiGateway::UsagePlan')
      .filter(([, plan]) => asArray(plan.Properties?.ApiStages).some((apiStage) => refersTo((apiStage as Record<string, unknown>).ApiId, apiId)));
    const keysInPlans = new Set(plans.flatMap(([planId]) => planKeys.get(planId) ?? []));
    const apiKeys: ApiKeySpec[] = of('AWS::ApiGateway::ApiKey')
      .filter(([keyId, key]) => keysInPlans.has(keyId)
        || asArray(key.Properties?.StageKeys).some((stageKey) => refersTo((stageKey as Record<string, unknown>).RestApiId, apiId)))
      .map(([keyId, key]) => ({
        logicalId: keyId,
        id: names.ref(keyId),
        value: typeof key.Properties?.Value === 'string' ? key.Properties.Value : apiKeyValue(keyId),
        enabled: key.Properties?.Enabled !== false && key.Properties?.Enabled !== 'false',
      }));
    const usagePlans: UsagePlanSpec[] = plans.map(([planId, plan]) => {
      const quota = plan.Properties?.Quota as { Limit?: number; Period?: string; Offset?: number } | undefined;
      const throttle = throttleOf(plan.Properties?.Throttle);
      return {
        logicalId: planId,
        ...(throttle ? { throttle } : {}),
        ...(quota?.Limit !== undefined && quota.Period !== undefined
          ? { quota: { limit: Number(quota.Limit), period: quota.Period as 'DAY' | 'WEEK' | 'MONTH', ...(quota.Offset !== undefined ? { offset: Number(quota.Offset) } : {}) } }
          : {}),
        apiKeyIds: (planKeys.get(planId) ?? []).map((keyId) => names.ref(keyId)),
      };
    });
    const stageThrottle = stageThrottleOf(stage.Properties?.MethodSettings);
    return {
      logicalId: apiId,
      id: names.ref(apiId),
      stageName: String(stage.Properties?.StageName ?? 'prod'),
      routes,
      gatewayResponses,
      apiKeys,
      usagePlans,
      ...(stageThrottle ? { stageThrottle } : {}),
    };
  });

  function route(methodId: string, method: TemplateResource, all: Resources): ApiRouteSpec {
    const props = method.Properties ?? {};
    const integration = (props.Integration ?? {}) as Record<string, unknown>;
    const functionLogicalId = integrationFunction(integration.Uri);
    if (integration.Type !== 'AWS_PROXY' || functionLogicalId === undefined) {
      throw new UnsupportedTemplateError(`method ${methodId}: only Lambda proxy (AWS_PROXY) integrations run locally`);
    }
    const validator = all[refId(props.RequestValidatorId) ?? '']?.Properties ?? {};
    const models: Record<string, object> = {};
    for (const [contentType, model] of Object.entries((props.RequestModels ?? {}) as Record<string, unknown>)) {
      const schema = all[refId(model) ?? '']?.Properties?.Schema;
      if (schema !== undefined) models[contentType] = schema as object;
    }
    return {
      methodLogicalId: methodId,
      httpMethod: String(props.HttpMethod ?? 'ANY').toUpperCase(),
      resourcePath: resourcePath(props.ResourceId, all),
      apiKeyRequired: props.ApiKeyRequired === true || props.ApiKeyRequired === 'true',
      authorizationType: String(props.AuthorizationType ?? 'NONE'),
      functionLogicalId,
      requestModels: models,
      validateRequestBody: validator.ValidateRequestBody === true,
      validateRequestParameters: validator.ValidateRequestParameters === true,
      requestParameters: Object.fromEntries(Object.entries((props.RequestParameters ?? {}) as Record<string, unknown>).map(([key, required]) => [key, required === true || required === 'true'])),
    };
  }

  function gatewayResponse(response: TemplateResource): GatewayResponseSpec {
    const props = response.Properties ?? {};
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((props.ResponseParameters ?? {}) as Record<string, unknown>)) {
      const match = /^gatewayresponse\.header\.(.+)$/.exec(key);
      if (match?.[1] !== undefined && typeof value === 'string') headers[match[1]] = value.replace(/^'(.*)'$/, '$1');
    }
    return {
      responseType: String(props.ResponseType),
      ...(props.StatusCode !== undefined ? { statusCode: Number(props.StatusCode) } : {}),
      headers,
      templates: (props.ResponseTemplates ?? {}) as Record<string, string>,
    };
  }

  function resourcePath(resourceId: unknown, all: Resources): string {
    const parts: string[] = [];
    let current = refId(resourceId);
    for (let depth = 0; current !== undefined && depth < 64; depth += 1) {
      const resource = all[current];
      if (resource?.Type !== 'AWS::ApiGateway::Resource') break;
      parts.unshift(String(resource.Properties?.PathPart));
      current = refId(resource.Properties?.ParentId);
    }
    return `/${parts.join('/')}`;
  }

  function integrationFunction(uri: unknown): string | undefined {
    let found: string | undefined;
    resolveIntrinsics(uri, {
      ref: (id) => id,
      getAtt: (id, attribute) => {
        if (attribute === 'Arn' && resources[id]?.Type === 'AWS::Lambda::Function') found = id;
        return id;
      },
    });
    return found;
  }
}

function usagePlanKeysFor(resources: Resources): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::UsagePlanKey') continue;
    const plan = (resource.Properties?.UsagePlanId as { Ref?: string } | undefined)?.Ref;
    const key = (resource.Properties?.KeyId as { Ref?: string } | undefined)?.Ref;
    if (plan !== undefined && key !== undefined) keys.set(plan, [...(keys.get(plan) ?? []), key]);
  }
  return keys;
}

function throttleOf(value: unknown): ThrottleSpec | undefined {
  const throttle = value as { RateLimit?: number; BurstLimit?: number } | undefined;
  if (throttle?.RateLimit === undefined && throttle?.BurstLimit === undefined) return undefined;
  return { rateLimit: Number(throttle.RateLimit ?? 10_000), burstLimit: Number(throttle.BurstLimit ?? 5_000) };
}

function stageThrottleOf(settings: unknown): ThrottleSpec | undefined {
  const all = asArray(settings).find((setting) => {
    const s = setting as Record<string, unknown>;
    return s.ResourcePath === '/*' && s.HttpMethod === '*';
  }) as { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number } | undefined;
  return throttleOf(all === undefined ? undefined : { RateLimit: all.ThrottlingRateLimit, BurstLimit: all.ThrottlingBurstLimit });
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
