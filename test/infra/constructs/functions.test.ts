import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_TARGET, BUNDLING, FUNCTION_ENTRIES, FUNCTION_RUNTIME } from '../../../infra/constructs/functions.js';
import { customProps, logicalIdOf, propertiesOf, resourceOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

type Fn = 'producer' | 'consumer' | 'status';
const FUNCTIONS: Fn[] = ['producer', 'consumer', 'status'];

describe('createConveyorFunction', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const fnProps = (s: SynthesizedConveyor, fn: Fn) => propertiesOf(s, s.conveyor[fn]);
  const logGroupOf = (s: SynthesizedConveyor, fn: Fn) => {
    const ref = (fnProps(s, fn).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    return s.template.toJSON().Resources[ref] as { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
  };

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
  });

  describe.each(FUNCTIONS)('%s defaults', (fn) => {
    it(`runs ${FUNCTION_RUNTIME.name} on arm64 with handler index.handler`, () => {
      expect(fnProps(defaults, fn)).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    });

    it('has 512 MB of memory', () => {
      expect(fnProps(defaults, fn).MemorySize).toBe(512);
    });

    it('does not set NODE_OPTIONS', () => {
      expect((fnProps(defaults, fn).Environment as { Variables: object }).Variables).not.toHaveProperty('NODE_OPTIONS');
    });

    it('logs to its own log group, kept one month and deleted with the stack', () => {
      const logGroup = logGroupOf(defaults, fn);

      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(30);
      expect(logGroup.DeletionPolicy).toBe('Delete');
    });

    it('has its own role, trusted by Lambda, with no managed policy', () => {
      const role = resourceOf(defaults, defaults.conveyor[fn].role!);

      expect(role.Properties).toMatchObject({
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] },
      });
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('may write to its own log group only', () => {
      const logGroupId = (fnProps(defaults, fn).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const roleId = logicalIdOf(defaults, defaults.conveyor[fn].role!);

      defaults.template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
          ]),
        },
      });
    });
  });

  describe('timeouts', () => {
    it.each(['producer', 'status'] as const)('gives the %s 10 s, whatever the props', (fn) => {
      expect(fnProps(defaults, fn).Timeout).toBe(10);
      expect(fnProps(custom, fn).Timeout).toBe(10);
    });

    it('gives the consumer 30 s by default', () => {
      expect(fnProps(defaults, 'consumer').Timeout).toBe(30);
    });

    it('consumerTimeout sets the consumer timeout', () => {
      expect(fnProps(custom, 'consumer').Timeout).toBe(60);
    });
  });

  describe('props', () => {
    it('consumerMemorySize sets the consumer memory', () => {
      expect(fnProps(custom, 'consumer').MemorySize).toBe(1024);
    });

    it.each(['producer', 'status'] as const)('producerMemorySize sets the %s memory (both serve the API)', (fn) => {
      expect(fnProps(custom, fn).MemorySize).toBe(256);
    });

    it.each(FUNCTIONS)('logRetention sets the %s log group retention', (fn) => {
      expect(logGroupOf(custom, fn).Properties.RetentionInDays).toBe(7);
    });
  });

  describe('bundling', () => {
    it('uses the shared esbuild options', () => {
      expect(BUNDLING).toEqual({
        format: 'esm',
        target: BUNDLE_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        externalModules: [],
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
        esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': './functions/shared/env-credentials.ts' },
      });
      // The alias is resolved from the repository root, where CDK runs esbuild.
      expect(existsSync(join(resolve(import.meta.dirname, '..', '..', '..'), 'functions', 'shared', 'env-credentials.ts'))).toBe(true);
    });

    it('bundles every entry locally into ESM with the require banner and a source map', () => {
      const bundled = synthConveyor({}, { bundle: true, context: { 'aws:cdk:enable-asset-metadata': true } });
      const outdir = (bundled.stack.node.root as App).outdir;

      for (const fn of FUNCTIONS) {
        const { Metadata: metadata } = resourceOf(bundled, bundled.conveyor[fn]) as unknown as { Metadata: Record<string, unknown> };
        const dir = join(outdir, metadata['aws:asset:path'] as string);
        const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

        expect(code.startsWith(BUNDLING.banner!)).toBe(true);
        expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
        expect(JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8'))).not.toHaveProperty('sourcesContent');
        expect(metadata['aws:asset:is-bundled']).toBe(true);
        // Only the environment credential provider is bundled: no container, IMDS or web-identity chain.
        expect(code).toContain('AWS_ACCESS_KEY_ID');
        expect(code).not.toMatch(/AWS_CONTAINER_CREDENTIALS_FULL_URI|AWS_WEB_IDENTITY_TOKEN_FILE/);
      }
      expect(Object.keys(FUNCTION_ENTRIES)).toEqual(FUNCTIONS);
    });
  });
});
