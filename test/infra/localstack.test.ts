/**
 * The LocalStack and real-AWS path, checked without LocalStack: the app synthesizes under the
 * environment `cdklocal` sets, docker-compose.yml covers what the template needs, the CI workflow
 * runs the README's test command, and the LocalStack outputs rewrite and e2e skip notice are right.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { localstackApiUrl, localstackOutputs } from '../../scripts/localstack-outputs.js';
import { unreachableNotice } from '../e2e/support/global-setup.js';
import { testApp } from './app-factories.js';
import { FUNCTION_RUNTIME } from '../../infra/constructs/functions.js';

const projectDir = resolve(import.meta.dirname, '..', '..');
const readYaml = (file: string): any => parse(readFileSync(join(projectDir, file), 'utf8'));
/** aws-cdk-local's own environment set-up, the one `cdklocal` applies before running the CDK CLI. */
const { configureEnvironment } = createRequire(import.meta.url)('aws-cdk-local') as {
  configureEnvironment: (env: Record<string, string | undefined>, allowList: string) => void;
};

/** LocalStack service name for each CloudFormation namespace in the template. */
const SERVICE_OF: Record<string, string> = {
  ApiGateway: 'apigateway', CloudWatch: 'cloudwatch', DynamoDB: 'dynamodb', IAM: 'iam', KMS: 'kms',
  Lambda: 'lambda', Logs: 'logs', SNS: 'sns', SQS: 'sqs',
};

describe('cdklocal environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('points the CDK at LocalStack and refuses AWS_ENDPOINT_URL without AWS_ENDPOINT_URL_S3', () => {
    const env: Record<string, string | undefined> = { AWS_PROFILE: 'prod', AWS_SECRET_ACCESS_KEY: 'real' };

    configureEnvironment(env, '');

    expect(env).toMatchObject({ AWS_ENDPOINT_URL: 'http://localhost.localstack.cloud:4566', AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: 'test' });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(() => configureEnvironment({ AWS_ENDPOINT_URL: 'http://localhost:4566' }, '')).toThrow(/AWS_ENDPOINT_URL_S3/);
  });

  describe('synthesis', () => {
    let template: Template;
    let stackEnv: { account: string; region: string };
    beforeAll(() => {
      // What the CDK CLI hands the app under cdklocal: LocalStack's account and the region it set.
      const env: Record<string, string | undefined> = { ...process.env, CDK_DEFAULT_ACCOUNT: '000000000000', CDK_DEFAULT_REGION: 'us-east-1' };
      configureEnvironment(env, '');
      process.env = env as NodeJS.ProcessEnv;
      const { app, stack } = testApp();
      app.synth();
      template = Template.fromStack(stack);
      stackEnv = { account: stack.account, region: stack.region };
      process.env = { ...saved };
    });

    it('synthesizes for LocalStack\'s account and region', () => {
      expect(stackEnv).toEqual({ account: '000000000000', region: 'us-east-1' });
    });

    it('keeps the queues, tables, functions and API', () => {
      template.resourceCountIs('AWS::SQS::Queue', 2);
      template.resourceCountIs('AWS::DynamoDB::Table', 2);
      template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    });

    it('uses only services docker-compose.yml starts', () => {
      const started = String(readYaml('docker-compose.yml').services.localstack.environment.find((e: string) => e.startsWith('SERVICES='))).slice('SERVICES='.length).split(',');
      const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type).filter((t) => t.startsWith('AWS::'));
      const needed = [...new Set(types.map((t) => SERVICE_OF[t.split('::')[1] as string] ?? `unmapped ${t}`))];

      expect(started).toEqual(expect.arrayContaining([...needed, 'cloudformation', 's3', 'ssm', 'sts']));
    });
  });
});

describe('docker-compose.yml', () => {
  const service = (): any => readYaml('docker-compose.yml').services.localstack;

  it('pins a LocalStack 4.x image tag', () => {
    expect(service().image).toMatch(/^localstack\/localstack:4\.\d+\.\d+$/);
  });

  it('passes the auth token through, mounts the Docker socket, publishes 4566 and checks health', () => {
    const { environment, volumes, ports, healthcheck } = service();

    expect(environment).toContain('LOCALSTACK_AUTH_TOKEN=${LOCALSTACK_AUTH_TOKEN:-}');
    expect(volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(ports.some((p: string) => p.endsWith('4566:4566'))).toBe(true);
    expect(healthcheck.test.join(' ')).toContain('http://localhost:4566/_localstack/health');
  });
});

describe('.github/workflows/ci.yml', () => {
  const jobs = (): any => readYaml('.github/workflows/ci.yml').jobs;
  const runs = (job: any): string[] => job.steps.map((s: { run?: string }) => s.run ?? '');

  it('runs the README\'s test command on a Node 20 machine and one with the functions\' Node, after installing chromium', () => {
    const readme = readFileSync(join(projectDir, 'README.md'), 'utf8');
    const command = /^(npm ci && npm test)\b/m.exec(readme)?.[1];
    const test = jobs().test;

    expect(command).toBe('npm ci && npm test');
    // From Node 20, npm ci must bring the functions' Node itself; the other leg runs it natively.
    expect(test.strategy.matrix.node).toEqual([20, Number(/\d+/.exec(FUNCTION_RUNTIME.name)?.[0])]);
    expect(runs(test)).toContain(command);
    expect(runs(test).findIndex((r) => r.includes('install -y chromium'))).toBeLessThan(runs(test).indexOf(command as string));
  });

  it('deploys to a LocalStack service container and runs the e2e suite against it', () => {
    const job = jobs().localstack;

    expect(job.services.localstack.image).toBe(readYaml('docker-compose.yml').services.localstack.image);
    expect(job.services.localstack.env.LOCALSTACK_AUTH_TOKEN).toBe('${{ secrets.LOCALSTACK_AUTH_TOKEN }}');
    expect(runs(job)).toContain('npm ci && npm run localstack:deploy && CONVEYOR_E2E_TARGET=localstack CONVEYOR_E2E_OUTPUTS=.conveyor/localstack-outputs.json npm run test:e2e');
  });
});

describe('localstackOutputs', () => {
  const outputs = { ApiUrl: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/', QueueUrl: 'http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/q' };

  it('rewrites ApiUrl to LocalStack\'s invoke URL and adds the endpoint, region and key', () => {
    const result = localstackOutputs(outputs, { endpoint: 'http://localhost:4566', region: 'us-east-1', apiKey: 'k' });

    expect(result).toEqual({
      ...outputs,
      ApiUrl: 'http://a1b2c3d4e5.execute-api.localhost.localstack.cloud:4566/prod/',
      ApiKey: 'k', SqsEndpoint: 'http://localhost:4566', DynamoDbEndpoint: 'http://localhost:4566', Region: 'us-east-1',
    });
  });

  it('keeps the endpoint\'s port and rejects a URL that is not an API stage', () => {
    expect(localstackApiUrl('https://abc.execute-api.us-east-1.amazonaws.com/prod', 'http://127.0.0.1:4567')).toBe('http://abc.execute-api.localhost.localstack.cloud:4567/prod/');
    expect(() => localstackApiUrl('https://example.com/prod/', 'http://localhost:4566')).toThrow(/not an API Gateway stage URL/);
  });
});

describe('e2e global setup', () => {
  it('says in one line that the suite is skipped, not passed', () => {
    const notice = unreachableNotice('localstack', 'fetch failed');

    expect(notice).not.toContain('\n');
    expect(notice).toMatch(/target 'localstack' is not reachable \(fetch failed\).*SKIPPED.*exits non-zero/);
  });
});
