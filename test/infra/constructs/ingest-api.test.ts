import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER, STAGE_NAME } from '../../../contract/index.js';
import { ACCESS_LOG_FORMAT } from '../../../infra/constructs/ingest-api.js';
import { customProps, logicalIdOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe('createIngestApi', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const resources = (s: SynthesizedConveyor, type: string) => Object.values(s.template.findResources(type));
  const method = (s: SynthesizedConveyor, pathPart: 'messages' | 'batch' | '{id}') => {
    const [resourceId] = Object.entries(s.template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } }))[0]!;
    return resources(s, 'AWS::ApiGateway::Method').find((m) => (m.Properties.ResourceId as { Ref: string }).Ref === resourceId)!
      .Properties as Record<string, unknown>;
  };

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
  });

  describe('REST API', () => {
    it('is a regional REST API named after the stack', () => {
      defaults.template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Test-ingest', EndpointConfiguration: { Types: ['REGIONAL'] } });
    });

    it('has exactly POST /messages, POST /messages/batch and GET /messages/{id}', () => {
      const methods = resources(defaults, 'AWS::ApiGateway::Method').map((m) => m.Properties.HttpMethod);

      expect(methods).toEqual(['POST', 'POST', 'GET']);
      expect(resources(defaults, 'AWS::ApiGateway::Resource').map((r) => r.Properties.PathPart).sort()).toEqual(['batch', 'messages', '{id}']);
    });

    it('proxies GET /messages/{id} to the status function, with an API key and the id required', () => {
      expect(method(defaults, '{id}')).toMatchObject({
        HttpMethod: 'GET',
        ApiKeyRequired: true,
        RequestParameters: { 'method.request.path.id': true },
        Integration: {
          Type: 'AWS_PROXY',
          Uri: { 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::GetAtt': [logicalIdOf(defaults, defaults.conveyor.status), 'Arn'] }])] },
        },
      });
    });

    it.each(['messages', 'batch'] as const)('proxies POST %s to the producer and requires an API key', (part) => {
      expect(method(defaults, part)).toMatchObject({
        ApiKeyRequired: true,
        AuthorizationType: 'NONE',
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: { 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::GetAtt': [logicalIdOf(defaults, defaults.conveyor.producer), 'Arn'] }])] },
        },
      });
    });

    it.each(['messages', 'batch'] as const)('validates body and parameters of POST %s', (part) => {
      const validatorId = (method(defaults, part).RequestValidatorId as { Ref: string }).Ref;

      expect(defaults.template.toJSON().Resources[validatorId].Properties).toMatchObject({
        ValidateRequestBody: true,
        ValidateRequestParameters: true,
      });
    });

    it('declares the Idempotency-Key header as optional on POST /messages', () => {
      expect(method(defaults, 'messages').RequestParameters).toEqual({ [`method.request.header.${IDEMPOTENCY_KEY_HEADER}`]: false });
    });

    it('grants API Gateway invoke on the producer without test-invoke permissions', () => {
      const stageRef = { Ref: logicalIdOf(defaults, defaults.conveyor.api.deploymentStage) };
      const sourceArnTails = resources(defaults, 'AWS::Lambda::Permission').map((p) => {
        const parts = p.Properties.SourceArn['Fn::Join'][1] as unknown[];
        expect(parts.at(-2)).toEqual(stageRef);
        return parts.at(-1);
      });

      expect(sourceArnTails).toEqual(['/POST/messages', '/POST/messages/batch', '/GET/messages/*']);
    });

    it('adds no stack output of its own', () => {
      expect(defaults.template.toJSON().Outputs ?? {}).toEqual({});
    });
  });

  describe('stage', () => {
    it(`is named ${STAGE_NAME} with ERROR logging, no data trace and metrics on`, () => {
      defaults.template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'prod',
        MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true }],
      });
    });

    it('writes JSON access logs to its own log group', () => {
      const stage = resources(defaults, 'AWS::ApiGateway::Stage')[0]!.Properties;

      expect(stage.AccessLogSetting.Format).toBe(ACCESS_LOG_FORMAT);
      expect(JSON.stringify(stage.AccessLogSetting.DestinationArn)).toContain('ApiAccessLogs');
    });

    it('logs request metadata only, never bodies', () => {
      const fields = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;

      expect(Object.keys(fields)).toEqual([
        'requestId', 'ip', 'apiKeyId', 'httpMethod', 'resourcePath', 'status', 'responseLength',
        'requestTime', 'integrationLatency', 'responseLatency', 'errorMessage',
      ]);
      expect(ACCESS_LOG_FORMAT).not.toMatch(/body|requestOverride|responseOverride/i);
    });

    it('keeps access logs one month by default and per logRetention otherwise', () => {
      const retention = (s: SynthesizedConveyor) =>
        resources(s, 'AWS::Logs::LogGroup').filter((g) => g.DeletionPolicy === 'Delete').map((g) => g.Properties.RetentionInDays);

      expect(retention(defaults)).toEqual([30, 30, 30, 30]);
      expect(retention(custom)).toEqual([7, 7, 7, 7]);
    });

    it('sets up the account CloudWatch role for execution logs and retains it', () => {
      defaults.template.hasResource('AWS::IAM::Role', {
        DeletionPolicy: 'Retain',
        Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] } },
      });
      defaults.template.resourceCountIs('AWS::ApiGateway::Account', 1);
    });
  });

  describe('API key and usage plan', () => {
    it('creates one API key bound to the usage plan', () => {
      defaults.template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
      defaults.template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', { KeyType: 'API_KEY', KeyId: { Ref: logicalIdOf(defaults, defaults.conveyor.apiKey) } });
    });

    it('throttles at 100 req/s with bursts of 200 by default, on the prod stage', () => {
      defaults.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        Throttle: { RateLimit: 100, BurstLimit: 200 },
        ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp('DeploymentStageprod') } })],
      });
    });

    it('apiRateLimit sets the usage-plan rate limit', () => {
      custom.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 50.5 } });
    });

    it('apiBurstLimit sets the usage-plan burst limit', () => {
      custom.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { BurstLimit: 75 } });
    });
  });
});
