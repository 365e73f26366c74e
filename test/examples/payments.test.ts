import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import * as packageApp from 'conveyor/app';
import * as packageConfig from 'conveyor/config';
import * as packageConstruct from 'conveyor/construct';
import * as packageHandler from 'conveyor/handler';
import { payload } from '../../examples/payments/handlers/payments-charge.js';
import { PROJECT_DIR, paymentsApp } from '../../examples/payments/payments-app.js';
import * as sourceConfig from '../../infra/config/index.js';
import * as sourceConstruct from '../../infra/constructs/index.js';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import * as sourceApp from '../../infra/create-app.js';
import * as sourceHandler from '../../functions/handler-api/index.js';
import { NO_BUNDLING, propertiesOf, resourceOf, type SynthesizedConveyor, tempOutdir } from '../infra/factories.js';

// examples/payments is an app outside the source folders that depends on Conveyor as a package
// ("conveyor": "file:../.."; the root's npm workspace links it, node_modules/conveyor → the root).
// Its app, config and type module import `conveyor/app`, `conveyor/config` and `conveyor/handler`
// only: these tests build it as `cdk synth` in its folder does, with its own cdk.json's context.

/** The example's cdk.json context, as the CDK CLI hands it to the app. */
const EXAMPLE_CONTEXT = (JSON.parse(readFileSync(join(PROJECT_DIR, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** The example app synthesized (cdk-nag's checks included) with `context` over its cdk.json's, as its template and construct. */
async function synthExample(context: Record<string, unknown>): Promise<SynthesizedConveyor & { readonly outdir: string }> {
  const outdir = tempOutdir();
  const { app, stack } = await paymentsApp({ context: { ...EXAMPLE_CONTEXT, ...context }, outdir });
  const assembly = app.synth();
  return { conveyor: stack.conveyor, stack, template: Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template), outdir };
}

const variables = (s: SynthesizedConveyor, fn: 'producer' | 'consumer') =>
  (propertiesOf(s, s.conveyor[fn]).Environment as { Variables: Record<string, unknown> }).Variables;
/** A JSON variable as the template writes it (an Fn::Join around the resources' references). */
const json = (s: SynthesizedConveyor, value: unknown) => s.stack.resolve(s.stack.toJsonString(value));

describe('examples/payments', () => {
  describe('synthesized without bundling', () => {
    let example: SynthesizedConveyor;

    beforeAll(async () => {
      example = await synthExample(NO_BUNDLING);
    });

    it('is the stack its cdk.json names', () => {
      expect(example.stack.stackName).toBe('Payments');
    });

    it('has its own queue, payments, with the settings of its conveyor.config.ts, and no other', () => {
      expect(Object.keys(example.conveyor.queues)).toEqual(['payments']);
      example.template.resourceCountIs('AWS::SQS::Queue', 2);
      example.template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 3 } });
      example.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5 });
    });

    it('gives its queue a consumer that reads it and writes its table charges', () => {
      expect(variables(example, 'consumer')).toMatchObject({
        QUEUE_NAME: 'payments',
        MESSAGE_TABLES: json(example, { charges: { tableName: example.conveyor.tables.charges!.tableName, partitionKey: 'chargeId' } }),
      });
    });

    it('routes its type, payments.charge, to its queue and no other type (MESSAGE_ROUTES)', () => {
      expect(variables(example, 'producer').MESSAGE_ROUTES).toEqual(
        json(example, { 'payments.charge': [{ queue: 'payments', queueUrl: example.conveyor.queue.queueUrl, fifo: false }] }),
      );
    });

    it('resolves its type\'s module from its own folder', () => {
      expect(example.conveyor.topology.modules).toEqual({ 'payments.charge': join(PROJECT_DIR, 'handlers', 'payments-charge.ts') });
    });

    it('deploys its table and the idempotency table, none of Conveyor\'s own', () => {
      expect(Object.keys(example.conveyor.tables)).toEqual(['charges']);
      example.template.resourceCountIs('AWS::DynamoDB::Table', 2);
    });
  });

  describe('bundled', () => {
    let bundled: SynthesizedConveyor & { readonly outdir: string };
    /** The code of a function's bundle and the sources its source map names, relative to the repository root. */
    const bundleOf = (fn: 'producer' | 'consumer') => {
      const { Metadata } = resourceOf(bundled, bundled.conveyor[fn]) as unknown as { Metadata: Record<string, unknown> };
      const dir = join(bundled.outdir, Metadata['aws:asset:path'] as string);
      const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      return { code: readFileSync(join(dir, 'index.mjs'), 'utf8'), sources: map.sources.map((source) => join(dir, source).slice(REPO_ROOT.length + 1)) };
    };

    beforeAll(async () => {
      bundled = await synthExample({ 'aws:cdk:enable-asset-metadata': true });
    }, 120_000);

    it('bundles the consumer from the example\'s type module and the package\'s handler API', () => {
      const consumer = bundleOf('consumer');

      expect(consumer.sources).toEqual(expect.arrayContaining(['examples/payments/handlers/payments-charge.ts', 'functions/handler-api/index.ts']));
      expect(consumer.code).toContain('"payments.charge"');
      expect(consumer.code).toContain('chargedAt');
    });

    it('bundles only the type\'s payload parser into the producer', () => {
      const producer = bundleOf('producer');

      expect(producer.sources).toContain('examples/payments/handlers/payments-charge.ts');
      expect(producer.code).toContain('must be an ISO 4217 code of three capital letters');
      expect(producer.code).not.toContain('chargedAt');
    });
  });

  it('type-checks as an app of its own, through the package\'s types (its tsconfig.json)', () => {
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', PROJECT_DIR], { encoding: 'utf8' });

    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);

  describe('its type module', () => {
    it('parses a charge', () => {
      expect(payload({ customerId: 'c-1', amountCents: 1250, currency: 'EUR' })).toEqual({ customerId: 'c-1', amountCents: 1250, currency: 'EUR' });
    });

    it('refuses a bad payload with INVALID_PAYLOAD naming the field', () => {
      expect(() => payload({ customerId: 'c-1', amountCents: 1250, currency: 'eur' })).toThrow(
        expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(/^payload\.currency /) }),
      );
    });
  });
});

describe('the package\'s exports', () => {
  const { exports } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types: string; default: string }>;
  };
  const entries = Object.entries(exports).filter((entry): entry is [string, { types: string; default: string }] => typeof entry[1] !== 'string');

  it.each(entries)('%s: its types and its code are the same TypeScript file, which exists', (_subpath, { types, default: code }) => {
    expect(types).toBe(code);
    expect(code).toMatch(/\.ts$/);
    expect(existsSync(join(REPO_ROOT, code))).toBe(true);
  });

  it('are the source\'s modules themselves, not copies (one ConveyorQueue class, one error class)', () => {
    expect(packageApp.createApp).toBe(sourceApp.createApp);
    expect(packageConfig.defineConfig).toBe(sourceConfig.defineConfig);
    expect(packageConstruct.ConveyorQueue).toBe(sourceConstruct.ConveyorQueue);
    expect(packageHandler.invalidPayload).toBe(sourceHandler.invalidPayload);
  });

  it('give an app the construct for a stack of its own, with its config', async () => {
    const stack = new Stack(new App({ context: NO_BUNDLING, outdir: tempOutdir() }), 'Own');

    const conveyor = new packageConstruct.ConveyorQueue(stack, 'Payments', await packageConfig.loadConveyorConfig(PROJECT_DIR));

    expect(Object.keys(conveyor.queues)).toEqual(['payments']);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5 });
  });
});
