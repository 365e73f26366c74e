import childProcess from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTION_RUNTIME } from '../../../infra/constructs/functions.js';
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
    let bundled: SynthesizedConveyor;
    /** The esbuild command line CDK ran for each entry file. */
    let esbuildRuns: string[][];

    beforeAll(() => {
      // CDK runs esbuild through child_process.spawnSync; record what it ran, and let it run.
      const spawn = vi.spyOn(childProcess, 'spawnSync');
      try {
        bundled = synthConveyor({}, { bundle: true, context: { 'aws:cdk:enable-asset-metadata': true } });
      } finally {
        esbuildRuns = spawn.mock.calls.map(([command, args]) => [command, ...(args ?? [])].map(String)).filter((argv) => argv.includes('esbuild'));
        spawn.mockRestore();
      }
    }, 120_000);

    /** What each function's bundle is built from: the status function's fixed entry, or the engine a generated entry starts. */
    const ENGINE: Record<(typeof FUNCTIONS)[number], RegExp> = {
      producer: /\/\.conveyor\/entries\/producer-\w+\.ts$/,
      consumer: /\/\.conveyor\/entries\/consumer-ledger-\w+\.ts$/,
      status: /\/functions\/status\/index\.ts$/,
    };
    const SOURCE: Record<(typeof FUNCTIONS)[number], RegExp> = {
      producer: /functions\/producer\/start\.ts$/,
      consumer: /functions\/consumer\/start\.ts$/,
      status: /functions\/status\/index\.ts$/,
    };

    /** Every function of the template with its asset folder and `Runtime`. */
    const bundles = () => {
      const outdir = (bundled.stack.node.root as App).outdir;
      return FUNCTIONS.map((fn) => {
        const resource = resourceOf(bundled, bundled.conveyor[fn]) as unknown as { Metadata: Record<string, unknown>; Properties: { Runtime: string } };
        const dir = join(outdir, resource.Metadata['aws:asset:path'] as string);
        return { fn, metadata: resource.Metadata, runtime: resource.Properties.Runtime, dir, code: readFileSync(join(dir, 'index.mjs'), 'utf8') };
      });
    };

    it('bundles every function of the template', () => {
      const functions = Object.values(bundled.template.findResources('AWS::Lambda::Function')) as Array<{ Metadata: Record<string, unknown> }>;

      expect(functions).toHaveLength(FUNCTIONS.length);
      expect(functions.map((fn) => fn.Metadata['aws:asset:is-bundled'])).toEqual(FUNCTIONS.map(() => true));
      expect(esbuildRuns).toHaveLength(FUNCTIONS.length);
    });

    it('targets the Node major of the runtime in the template', () => {
      for (const { fn, runtime } of bundles()) {
        const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
        const run = esbuildRuns.find((argv) => argv.some((arg) => ENGINE[fn].test(arg)));

        expect(major, runtime).toBeDefined();
        expect(run, fn).toContain(`--target=node${major}`);
      }
    });

    it('writes minified ESM with a require shim for CommonJS dependencies', () => {
      for (const { code } of bundles()) {
        expect(code).toMatch(/^import\s*\{\s*createRequire\s*\}\s*from\s*['"](node:)?module['"];\s*const require\s*=\s*createRequire\(import\.meta\.url\)/);
        expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
        // Minified: a handful of very long lines (unminified esbuild output averages well under 100 characters a line).
        expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
      }
    });

    it('writes a source map without the sources in it', () => {
      for (const { fn, dir, code } of bundles()) {
        const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as Record<string, unknown>;

        expect(code).toContain('//# sourceMappingURL=index.mjs.map');
        expect(map.sources).toEqual(expect.arrayContaining([expect.stringMatching(SOURCE[fn])]));
        expect(map).not.toHaveProperty('sourcesContent');
      }
    });

    it('bundles only the environment credential provider: no container, IMDS or web-identity chain', () => {
      for (const { code } of bundles()) {
        expect(code).toContain('AWS_ACCESS_KEY_ID');
        expect(code).not.toMatch(/AWS_CONTAINER_CREDENTIALS_FULL_URI|AWS_WEB_IDENTITY_TOKEN_FILE/);
      }
    });

    it('bundles the event-stream stand-in instead of the SDK\'s event-stream codec', () => {
      for (const { code } of bundles()) {
        expect(code).toContain('event-streams is not bundled');
        expect(code).not.toMatch(/:event-type|:message-type/);
      }
    });
  });
});
