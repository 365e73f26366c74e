import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from '../../../local/template/cloud-assembly.js';

type Resources = Template['Resources'];

/** Test input for the template reader and the runtime, not a copy of Conveyor's stack: small known values a test can change or break, and one function that runs the test's own handler. */
export function miniTemplate(overrides: { resources?: Resources; outputs?: Template['Outputs'] } = {}): Template {
  const resources: Resources = {
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true } },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: { VisibilityTimeout: 30, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 } },
    },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:cdk:path': 'Mini/Mini/Worker/Resource', 'aws:asset:path': 'asset.worker' },
      Properties: {
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Timeout: 7,
        MemorySize: 256,
        Environment: { Variables: { QUEUE_URL: { Ref: 'Queue' }, TABLE: { Ref: 'Table' }, DLQ_ARN: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, PLAIN: 'x' } },
      },
    },
    Mapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        FunctionName: { Ref: 'Fn' },
        BatchSize: 5,
        MaximumBatchingWindowInSeconds: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      },
    },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'mini' } },
    ApiItems: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'items', RestApiId: { Ref: 'Api' } } },
    ApiItem: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'ApiItems' }, PathPart: '{id}', RestApiId: { Ref: 'Api' } } },
    Model: { Type: 'AWS::ApiGateway::Model', Properties: { RestApiId: { Ref: 'Api' }, ContentType: 'application/json', Schema: { type: 'object', required: ['a'] } } },
    Validator: { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: { Ref: 'Api' }, ValidateRequestBody: true, ValidateRequestParameters: false } },
    PutItem: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: { Ref: 'ApiItem' },
        HttpMethod: 'PUT',
        ApiKeyRequired: true,
        AuthorizationType: 'NONE',
        RequestModels: { 'application/json': { Ref: 'Model' } },
        RequestValidatorId: { Ref: 'Validator' },
        RequestParameters: { 'method.request.header.X-Trace': true },
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: { 'Fn::Join': ['', ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['Fn', 'Arn'] }, '/invocations']] } },
      },
    },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' } } },
    Stage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live', DeploymentId: { Ref: 'Deployment' }, MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 20 }] },
    },
    NotFound: {
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
        StatusCode: '404',
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/json'" },
        ResponseTemplates: { 'application/json': '{"error":{"code":"NOT_FOUND","message":$context.error.messageString}}' },
      },
    },
    Key: { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true, StageKeys: [{ RestApiId: { Ref: 'Api' }, StageName: { Ref: 'Stage' } }] } },
    Plan: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: { Ref: 'Api' }, Stage: { Ref: 'Stage' } }], Throttle: { RateLimit: 10, BurstLimit: 5 }, Quota: { Limit: 1000, Period: 'DAY' } } },
    PlanKey: { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: { Ref: 'Key' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'Plan' } } },
    ...overrides.resources,
  };
  return {
    Resources: resources,
    Outputs: overrides.outputs ?? {
      ApiUrl: { Value: { 'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'Stage' }, '/']] } },
      QueueUrl: { Value: { Ref: 'Queue' } },
      TableName: { Value: { Ref: 'Table' } },
    },
  };
}

/** Writes a cloud assembly (`manifest.json`, template, asset folders) to a new temporary folder. */
export function writeAssembly(template: Template, options: { stackName?: string; environment?: string; assets?: Record<string, string> } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-assembly-'));
  const stackName = options.stackName ?? 'Mini';
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    version: '48.0.0',
    artifacts: {
      [stackName]: { type: 'aws:cloudformation:stack', environment: options.environment ?? 'aws://unknown-account/unknown-region', properties: { templateFile: `${stackName}.template.json` }, displayName: stackName },
      Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
    },
  }));
  writeFileSync(join(dir, `${stackName}.template.json`), JSON.stringify(template));
  for (const [asset, source] of Object.entries(options.assets ?? { 'asset.worker': 'export const handler = async (event) => event;' })) {
    mkdirSync(join(dir, asset));
    writeFileSync(join(dir, asset, 'index.mjs'), source);
  }
  return dir;
}
