import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_KEY_HEADER, STAGE_NAME } from '../../contract/index.js';
import { requestBodySchema } from './api-models.js';
import { addGatewayResponses } from './gateway-responses.js';
import { addTypeRoutes, type TypeRoute } from './type-routes.js';

/** Props of `createIngestApi`; already validated by `ConveyorQueue`. */
export interface IngestApiProps {
  /** The function behind `POST /messages` and `POST /messages/batch`. */
  readonly producer: lambda.IFunction;
  /** The function behind `GET /messages/{id}`. */
  readonly status: lambda.IFunction;
  /**
   * The types that get a route of their own, `POST /types/<type>/messages` (to the producer), whose
   * body API Gateway validates against a model built from the type's payload model (`type-routes.ts`).
   * @default none
   */
  readonly typeRoutes?: readonly TypeRoute[];
  /** Usage-plan rate limit, requests per second. */
  readonly rateLimit: number;
  /** Usage-plan burst limit, requests. */
  readonly burstLimit: number;
  /** Usage-plan quota, requests per UTC day; undefined for no quota. */
  readonly dailyQuota?: number;
  /** Retention of the access log group. */
  readonly logRetention: logs.RetentionDays;
}

/** What `createIngestApi` returns. */
export interface IngestApi {
  /** The REST API (stage `prod`). */
  readonly api: apigw.RestApi;
  /** The API key clients send as `x-api-key`. */
  readonly apiKey: apigw.IApiKey;
  /** The usage plan that throttles the key on the `prod` stage. */
  readonly usagePlan: apigw.UsagePlan;
  /** Access logs of the `prod` stage. */
  readonly accessLogGroup: logs.LogGroup;
}

/**
 * Access log line: one JSON object of request metadata. Request and response
 * bodies are never logged. Values are quoted because absent ones render as `-`.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: apigw.AccessLogField.contextRequestId(),
  ip: apigw.AccessLogField.contextIdentitySourceIp(),
  apiKeyId: apigw.AccessLogField.contextIdentityApiKeyId(),
  httpMethod: apigw.AccessLogField.contextHttpMethod(),
  resourcePath: apigw.AccessLogField.contextResourcePath(),
  status: apigw.AccessLogField.contextStatus(),
  responseLength: apigw.AccessLogField.contextResponseLength(),
  requestTime: apigw.AccessLogField.contextRequestTime(),
  integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
  responseLatency: apigw.AccessLogField.contextResponseLatency(),
  errorMessage: apigw.AccessLogField.contextErrorMessage(),
});

/**
 * Creates the REST API in `scope`: `POST /messages` and `POST /messages/batch`
 * proxied to the producer, `GET /messages/{id}` to the status function, API key required, bodies checked to be JSON objects
 * (`api-models.ts`; the producer checks the rest), uniform JSON gateway errors, access and error logs,
 * and a usage plan with the given throttle and, when set, a daily quota.
 */
export function createIngestApi(scope: Construct, props: IngestApiProps): IngestApi {
  const accessLogGroup = new logs.LogGroup(scope, 'ApiAccessLogs', {
    retention: props.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  const api = new apigw.RestApi(scope, 'Api', {
    // Also the ApiName metric dimension, so make it unique per stack rather than the construct id.
    restApiName: `${Stack.of(scope).stackName}-ingest`,
    description: 'Conveyor ingest API',
    endpointTypes: [apigw.EndpointType.REGIONAL],
    // Execution (ERROR) logs need the account-level API Gateway CloudWatch role. It is one
    // setting per account and region, so it is retained rather than deleted with the stack.
    cloudWatchRole: true,
    cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
    deployOptions: {
      stageName: STAGE_NAME,
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogGroup),
      accessLogFormat: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
    },
  });
  // Stack outputs are ConveyorStack's job; drop the one RestApi adds on its own.
  api.node.tryRemoveChild('Endpoint');
  acknowledgeApiFindings(api);

  const validator = api.addRequestValidator('BodyAndParametersValidator', {
    validateRequestBody: true,
    validateRequestParameters: true,
  });
  // A JSON object, nothing more: the producer checks the rest and names the field (api-models.ts).
  const bodyModel = api.addModel('JsonObjectModel', { contentType: 'application/json', schema: requestBodySchema() });

  // Test-invoke permissions only serve the console's "Test" button; leave them out.
  const integration = new apigw.LambdaIntegration(props.producer, { allowTestInvoke: false });
  const messages = api.root.addResource('messages');
  const single = messages.addMethod('POST', integration, {
    apiKeyRequired: true,
    requestValidator: validator,
    requestModels: { 'application/json': bodyModel },
    requestParameters: { [`method.request.header.${IDEMPOTENCY_KEY_HEADER}`]: false },
  });
  const batch = messages.addResource('batch').addMethod('POST', integration, {
    apiKeyRequired: true,
    requestValidator: validator,
    requestModels: { 'application/json': bodyModel },
  });
  // GET /messages/{id}: the message's state from its idempotency record (functions/status/).
  const status = messages.addResource('{id}').addMethod('GET', new apigw.LambdaIntegration(props.status, { allowTestInvoke: false }), {
    apiKeyRequired: true,
    requestValidator: validator,
    requestParameters: { 'method.request.path.id': true },
  });
  const methods = [single, batch, status, ...addTypeRoutes(api, props.typeRoutes ?? [], { integration, validator })];
  for (const method of methods) acknowledgeMethodFindings(method);
  addGatewayResponses(api, methods.map((method) => `${method.httpMethod} ${method.resource.path}`), STAGE_NAME);

  const apiKey = api.addApiKey('ApiKey', { description: 'Conveyor producer key' });
  const usagePlan = api.addUsagePlan('UsagePlan', {
    description: 'Conveyor producer throttle',
    throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
    // Beyond it, API Gateway answers QUOTA_EXCEEDED (gateway-responses.ts) until midnight UTC.
    ...(props.dailyQuota === undefined ? {} : { quota: { limit: props.dailyQuota, period: apigw.Period.DAY } }),
    apiStages: [{ api, stage: api.deploymentStage }],
  });
  usagePlan.addApiKey(apiKey);

  return { api, apiKey, usagePlan, accessLogGroup };
}

function acknowledgeApiFindings(api: apigw.RestApi): void {
  const cloudWatchRole = api.node.findChild('CloudWatchRole');
  Validations.of(cloudWatchRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason:
      'This is the account-level role API Gateway uses to write execution and access logs of every API in the region; ' +
      'AWS publishes and maintains AmazonAPIGatewayPushToCloudWatchLogs for exactly this role.',
  });
  Validations.of(api.deploymentStage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason:
      'A WAFv2 web ACL has a fixed monthly cost and needs rules tuned per deployment; the API already requires an API key, ' +
      'throttles through a usage plan and validates bodies. Associate a web ACL with the stage when exposing it to untrusted networks.',
  });
}

function acknowledgeMethodFindings(method: apigw.Method): void {
  const reason =
    'Conveyor is a machine-to-machine ingest endpoint: callers authenticate with an API key (required on every method) ' +
    'bound to a throttled usage plan. There are no end users, so no Cognito user pool or IAM authorizer.';
  Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
  Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
}
